package dev.sem.fleet;

/**
 * How a fleet run goes.
 *
 * @param parallelism how many targets run at once, at least 1
 * @param failFast after a failure, start no new target (running ones finish); false: continue on error
 * @param skipUnreachable a target that cannot be reached in the preflight is skipped instead of stopping the run
 */
public record FleetOptions(int parallelism, boolean failFast, boolean skipUnreachable) {

    /** The default parallelism: a small pool, gentle on the servers. */
    public static final int DEFAULT_PARALLELISM = 4;

    public FleetOptions {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1");
        }
    }

    public static FleetOptions defaults() {
        return new FleetOptions(DEFAULT_PARALLELISM, true, false);
    }
}
