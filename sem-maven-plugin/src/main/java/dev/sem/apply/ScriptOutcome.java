package dev.sem.apply;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a run of {@code apply}, {@code baseline} or {@code status} found or did with one script. */
public enum ScriptOutcome {
    /** Applied by this run. */
    APPLIED("applied"),
    /** Applied before (its content matches what was applied, or differs only in formatting). */
    PREVIOUSLY_APPLIED("previously-applied"),
    /** Not applied yet (status and dry runs). */
    PENDING("pending"),
    /** Applied before, and its content has changed since beyond formatting. */
    CHANGED("changed"),
    /** Recorded as applied without running (baseline). */
    BASELINED("baselined"),
    /** Failed; the run stopped. */
    FAILED("failed"),
    /** Recorded as applied meanwhile (by an earlier script of this run), so not run. */
    SKIPPED("skipped");

    private final String id;

    ScriptOutcome(String id) {
        this.id = id;
    }

    /** The name used in reports, such as {@code previously-applied}. */
    @JsonValue
    public String id() {
        return id;
    }

    @Override
    public String toString() {
        return id;
    }
}
