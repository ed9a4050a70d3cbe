package dev.sem.packaging;

import dev.sem.SemException;

/**
 * A distribution archive holds an entry that could write outside its directory, a link or device, or more data than the
 * limits allow. Nothing was extracted.
 */
public class UnsafeArchiveException extends SemException {

    private static final long serialVersionUID = 1L;

    public UnsafeArchiveException(String message) {
        super(message);
    }
}
