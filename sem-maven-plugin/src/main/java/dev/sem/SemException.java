package dev.sem;

/**
 * A problem the user can act on: bad input (a script, an attribute, a tarball, a URL, credentials) or a database
 * refusal. The message is complete on its own — it names the file and line or the parameter, and says how to fix it —
 * so callers print it as one line, without a stack trace.
 *
 * <p>Each engine package defines subclasses for its own mistakes. Messages never contain a password.
 */
public class SemException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Whether the problem is the user's input ({@code true}) or the environment, such as I/O or the network. */
    private final boolean userError;

    public SemException(String message) {
        this(message, null, true);
    }

    public SemException(String message, Throwable cause) {
        this(message, cause, true);
    }

    protected SemException(String message, Throwable cause, boolean userError) {
        super(message, cause);
        this.userError = userError;
    }

    /** An environment problem (I/O, connection refused, lock wait timed out): not the user's input. */
    public static SemException environment(String message, Throwable cause) {
        return new SemException(message, cause, false);
    }

    public boolean isUserError() {
        return userError;
    }
}
