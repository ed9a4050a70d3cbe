package dev.sem.sql;

import dev.sem.SemException;

/** A script the built-in executor cannot run as written; the message names the file and line and says what to do. */
public class ScriptSyntaxException extends SemException {

    private static final long serialVersionUID = 1L;

    public ScriptSyntaxException(String file, int line, String problem) {
        super("File[" + file + "] line " + line + ": " + problem);
    }
}
