package dev.sem.fleet;

import dev.sem.db.ConnectionSettings;

/**
 * What a fleet run does on each target: a preflight that changes nothing, then the work. Implementations must be
 * safe to call from several threads at once for different targets.
 */
public interface FleetOperation {

    /** The goal's name for reports, such as {@code apply}. */
    String goal();

    /**
     * Checks one target before any target is changed: reachable, credentials valid, history or registry compatible,
     * nothing that the run would refuse (changed scripts). Changes nothing.
     *
     * @throws dev.sem.SemException with a one-line reason when the target would fail (a user error when the cause is
     *     the target's state, an environment error when it cannot be reached)
     */
    void preflight(Target target, ConnectionSettings settings);

    /**
     * Runs on one target.
     *
     * @throws dev.sem.SemException with a one-line reason when it fails
     */
    Outcome run(Target target, ConnectionSettings settings);

    /**
     * What the operation did on one target.
     *
     * @param changed whether the target was changed (scripts applied, a package deployed)
     * @param changes how many scripts or files ran
     * @param summary one line, such as {@code applied 3 scripts} or {@code up to date}
     * @param report the single-database report of the goal, written into the fleet report, or null
     */
    record Outcome(boolean changed, int changes, String summary, Object report) {}
}
