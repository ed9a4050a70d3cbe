package dev.sem.history;

import java.util.Locale;

/** The state of one statement of a script in {@code sem_java_script_progress}. */
public enum ProgressStatus {
    /** Sent; its outcome is not known yet (after a crash: unknown). */
    RUNNING,
    /** Completed (committed with its group, or an autocommit statement that returned). */
    APPLIED,
    /** Failed; {@code sqlstate} and {@code message} say why. */
    FAILED;

    /** The value stored in the {@code status} column. */
    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    static ProgressStatus fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
