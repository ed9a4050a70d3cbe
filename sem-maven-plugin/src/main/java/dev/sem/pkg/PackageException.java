package dev.sem.pkg;

import dev.sem.Message;
import dev.sem.SemException;

/** A mistake in a package (descriptor, files, requirement, mode, role) or a refusal of the registry: one line. */
public class PackageException extends SemException {

    private static final long serialVersionUID = 1L;

    public PackageException(String message) {
        super(message);
    }

    public PackageException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A mistake whose message suggests setting an option. */
    public PackageException(Message message) {
        super(message);
    }

    /** A failure whose message may suggest setting an option, with its cause. */
    public PackageException(Message message, Throwable cause) {
        super(message, cause, true);
    }
}
