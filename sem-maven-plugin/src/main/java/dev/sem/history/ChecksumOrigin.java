package dev.sem.history;

import java.util.Locale;

/** How a stored checksum came about. */
public enum ChecksumOrigin {
    /** The Java tool applied the script and hashed it. */
    APPLIED,
    /** The script was applied by sem (Ruby); the Java tool adopted the current file's checksum. */
    ADOPTED,
    /** The script was recorded by a baseline without running. */
    BASELINE;

    /** The value stored in the {@code origin} column. */
    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    static ChecksumOrigin fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
