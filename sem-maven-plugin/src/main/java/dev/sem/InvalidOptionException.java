package dev.sem;

import java.util.Objects;

/**
 * An option given to the engine has a value it cannot use, or options contradict each other. {@link #option()} names
 * the option as the engine knows it (such as {@code encoding} or {@code acceptReason}), so that a front end can say
 * how its user sets it; the message itself names no command-line flag.
 */
public class InvalidOptionException extends SemException {

    private static final long serialVersionUID = 1L;

    private final String option;

    public InvalidOptionException(String option, String message) {
        super(message);
        this.option = Objects.requireNonNull(option, "option");
    }

    /** The option at fault. */
    public String option() {
        return option;
    }
}
