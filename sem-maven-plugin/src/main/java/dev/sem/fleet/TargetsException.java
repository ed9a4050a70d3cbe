package dev.sem.fleet;

import dev.sem.SemException;

/**
 * A mistake in a targets file ({@code connection_sets}, pgpm spec §3.2), in a selection of targets, or a failed RESDB
 * query: one line naming the file, the set and the entry, and how to fix it. Never contains a password.
 */
public class TargetsException extends SemException {

    private static final long serialVersionUID = 1L;

    public TargetsException(String message) {
        super(message);
    }

    public TargetsException(String message, Throwable cause) {
        super(message, cause);
    }

    private TargetsException(String message, Throwable cause, boolean userError) {
        super(message, cause, userError);
    }

    /** A problem of the environment (the file cannot be read), not of its content. */
    static TargetsException unreadable(String message, Throwable cause) {
        return new TargetsException(message, cause, false);
    }
}
