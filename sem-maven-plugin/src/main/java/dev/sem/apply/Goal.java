package dev.sem.apply;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** The goals that run on a database; each report says which one made it. */
public enum Goal {
    /** Run every pending script. */
    APPLY,
    /** Record every pending script as applied without running it. */
    BASELINE,
    /** Report, change nothing. */
    STATUS;

    /** The name used in reports and connection names, such as {@code apply}. */
    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return id();
    }
}
