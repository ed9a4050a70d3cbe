package dev.sem.pkg;

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
}
