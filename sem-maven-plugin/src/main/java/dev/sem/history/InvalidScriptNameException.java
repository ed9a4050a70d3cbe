package dev.sem.history;

import dev.sem.SemException;

/** A script name that sem cannot record: it must match {@code ^\d{6,}-\d{6}\.sql$}. */
public class InvalidScriptNameException extends SemException {

    private static final long serialVersionUID = 1L;

    private final String filename;

    public InvalidScriptNameException(String filename) {
        super("Invalid filename[" + filename + "]. Must be like: 20120503-173242.sql");
        this.filename = filename;
    }

    /** The rejected name. */
    public String filename() {
        return filename;
    }
}
