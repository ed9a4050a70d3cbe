package dev.sem;

/**
 * A problem the user can act on: bad input (a script, an attribute, a tarball, a URL, credentials) or a database
 * refusal. The message is complete on its own — it names the file and line or the parameter, and says how to fix it —
 * so callers print it as one line, without a stack trace.
 *
 * <p>A message that suggests setting an engine option is a {@link Message}: {@link #getMessage()} names the option
 * by its engine key, and a front end renders {@link #message()} with its own spelling of the option.
 *
 * <p>Each engine package defines subclasses for its own mistakes. Messages never contain a password.
 */
public class SemException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Whether the problem is the user's input ({@code true}) or the environment, such as I/O or the network. */
    private final boolean userError;

    /** The message with the options it names, or {@code null} for plain text; not serialized. */
    private final transient Message message;

    public SemException(String message) {
        this(message, null, true);
    }

    public SemException(String message, Throwable cause) {
        this(message, cause, true);
    }

    public SemException(Message message) {
        this(message, null, true);
    }

    /** A user error whose message names options, with its cause. */
    public SemException(Message message, Throwable cause) {
        this(message, cause, true);
    }

    protected SemException(String message, Throwable cause, boolean userError) {
        super(message, cause);
        this.message = null;
        this.userError = userError;
    }

    protected SemException(Message message, Throwable cause, boolean userError) {
        super(message.toString(), cause);
        this.message = message;
        this.userError = userError;
    }

    /** An environment problem (I/O, connection refused, lock wait timed out): not the user's input. */
    public static SemException environment(String message, Throwable cause) {
        return new SemException(message, cause, false);
    }

    /** An environment problem whose message suggests setting an option. */
    public static SemException environment(Message message, Throwable cause) {
        return new SemException(message, cause, false);
    }

    /** The message with the options it names, for a front end to spell them. */
    public Message message() {
        return message != null ? message : Message.text(String.valueOf(getMessage()));
    }

    public boolean isUserError() {
        return userError;
    }
}
