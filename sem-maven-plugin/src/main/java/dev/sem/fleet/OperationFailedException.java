package dev.sem.fleet;

import dev.sem.SemException;

/**
 * An operation failed on one target and may have changed it before failing (scripts applied before a failing one); the fleet report keeps
 * how many changes stayed and the goal's report. The
 * message and the kind (user or environment error) are those of the cause.
 */
public final class OperationFailedException extends SemException {

    private static final long serialVersionUID = 1L;

    private final int changes;
    private final transient Object report;

    /**
     * @param changes how many scripts or files ran (and stayed) before the failure
     * @param report the goal's single-database report, or null
     */
    public OperationFailedException(SemException cause, int changes, Object report) {
        super(cause.getMessage(), cause, cause.isUserError());
        this.changes = changes;
        this.report = report;
    }

    /** How many scripts or files ran before the failure. */
    public int changes() {
        return changes;
    }

    /** The goal's single-database report, or null. */
    public Object report() {
        return report;
    }
}
