package dev.sem.history;

import dev.sem.SemException;

/**
 * The history schema cannot be bootstrapped: it is in a state that sem did not leave, or an entry failed (for example
 * because the connecting role does not own the helper functions). Nothing of the failing entry was recorded.
 */
public class BootstrapException extends SemException {

    private static final long serialVersionUID = 1L;

    public BootstrapException(String message) {
        super(message);
    }

    public BootstrapException(String message, Throwable cause) {
        super(message, cause);
    }
}
