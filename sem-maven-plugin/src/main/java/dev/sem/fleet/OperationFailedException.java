package dev.sem.fleet;

import dev.sem.SemException;

/**
 * An operation failed on one target and has a report of what it did before failing; the fleet report keeps it. The
 * message and the kind (user or environment error) are those of the cause.
 */
public final class OperationFailedException extends SemException {

    private static final long serialVersionUID = 1L;

    private final transient Object report;

    public OperationFailedException(SemException cause, Object report) {
        super(cause.getMessage(), cause, cause.isUserError());
        this.report = report;
    }

    /** The goal's single-database report, or null. */
    public Object report() {
        return report;
    }
}
