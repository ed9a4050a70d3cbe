package dev.sem.packaging;

import dev.sem.SemException;

/** A distribution does not match its {@code sem-manifest.json}, or the manifest itself is unreadable. */
public class ManifestException extends SemException {

    private static final long serialVersionUID = 1L;

    public ManifestException(String message) {
        super(message);
    }

    public ManifestException(String message, Throwable cause) {
        super(message, cause);
    }
}
