package dev.sem.fleet;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import dev.sem.SemException;
import dev.sem.report.JsonReports;

/**
 * What a fleet run did on every target; written as JSON with the {@code report} option, and read back to merge the
 * reports of several shards.
 *
 * @param goal the goal that ran, such as {@code apply}
 * @param shard which shard this was (such as {@code 2/4}), or null for the whole fleet
 * @param parallelism how many targets ran at once
 * @param failFast whether no new target started after a failure
 * @param preflight how the preflight went
 * @param totals the counts by status
 * @param durationMillis wall time of the whole run, preflight included
 * @param sumOfTargetMillis the sum of the targets' run times (what a sequential run would roughly take)
 * @param targets one result per target, in the input order
 */
public record FleetReport(
        String goal,
        String shard,
        int parallelism,
        boolean failFast,
        Preflight preflight,
        Totals totals,
        long durationMillis,
        long sumOfTargetMillis,
        List<TargetResult> targets) {

    /** What happened on one target. */
    public enum Status {
        /** The run changed the target. */
        CHANGED,
        /** The run found nothing to do. */
        UP_TO_DATE,
        /** The preflight or the run failed on the target. */
        FAILED,
        /** The target was not run: unreachable (and skipped), not started after a failure, or a refused preflight. */
        SKIPPED
    }

    /** How the preflight went. */
    public enum PreflightOutcome {
        /** Every target passed. */
        PASSED,
        /** Some targets could not be reached and were skipped; the others passed. */
        PASSED_SKIPPING_UNREACHABLE,
        /** Some targets failed: nothing was run anywhere. */
        REFUSED
    }

    /**
     * The preflight's result.
     *
     * @param outcome how it went
     * @param checked how many targets were checked
     * @param failed how many failed (and stopped the run)
     * @param skipped how many were unreachable and skipped
     * @param durationMillis wall time of the preflight of every target
     * @param reason one line when it did not simply pass, else null
     */
    public record Preflight(
            PreflightOutcome outcome, int checked, int failed, int skipped, long durationMillis, String reason) {}

    /**
     * Counts by status.
     *
     * @param targets every target
     * @param changed targets changed
     * @param upToDate targets with nothing to do
     * @param failed targets that failed
     * @param skipped targets not run
     * @param changes the sum of the targets' changes (scripts applied)
     */
    public record Totals(int targets, int changed, int upToDate, int failed, int skipped, int changes) {

        /** The totals of {@code results}. */
        public static Totals of(List<TargetResult> results) {
            return new Totals(
                    results.size(),
                    count(results, Status.CHANGED),
                    count(results, Status.UP_TO_DATE),
                    count(results, Status.FAILED),
                    count(results, Status.SKIPPED),
                    results.stream().mapToInt(TargetResult::changes).sum());
        }

        private static int count(List<TargetResult> results, Status status) {
            return (int) results.stream().filter(r -> r.status() == status).count();
        }
    }

    /**
     * One target's result.
     *
     * @param label how the target is named in logs ({@link Target#label()})
     * @param uniqueName the target's unique name, or null
     * @param address {@code host:port/dbname}
     * @param environment the target's environment, or null
     * @param product the target's product, or null
     * @param status what happened
     * @param changes how many scripts or files ran
     * @param durationMillis the run's time on this target (0 when it did not run)
     * @param summary one line, such as {@code applied 3 scripts}, {@code up to date} or {@code not started}
     * @param error the one-line reason of a failure, else null
     * @param report the goal's single-database report, or null
     */
    public record TargetResult(
            String label,
            String uniqueName,
            String address,
            String environment,
            String product,
            Status status,
            int changes,
            long durationMillis,
            String summary,
            String error,
            Object report) {

        static TargetResult of(
                Target t, Status status, int changes, long ms, String summary, String error, Object report) {
            return new TargetResult(
                    t.label(),
                    t.uniqueName(),
                    t.address(),
                    t.environment(),
                    t.product(),
                    status,
                    changes,
                    ms,
                    summary,
                    error,
                    report);
        }
    }

    public FleetReport {
        Objects.requireNonNull(goal, "goal");
        Objects.requireNonNull(preflight, "preflight");
        targets = List.copyOf(targets);
        if (totals == null) {
            totals = Totals.of(targets);
        }
    }

    /** Whether the run failed: a target failed, or the preflight refused the run. */
    public boolean failed() {
        return preflight.outcome() == PreflightOutcome.REFUSED
                || targets.stream().anyMatch(t -> t.status() == Status.FAILED);
    }

    /** The same report for the named shard. */
    public FleetReport withShard(String value) {
        return new FleetReport(
                goal, value, parallelism, failFast, preflight, totals, durationMillis, sumOfTargetMillis, targets);
    }

    /**
     * Combines the reports of several shards of one fleet run: the targets are concatenated in the order of the
     * shards, the totals recomputed; the duration is the longest shard's (shards run side by side), the sum of target
     * times the sum; the preflight refused if any shard's was.
     *
     * @throws SemException when there is no report, the goals differ, or a target is in two reports
     */
    public static FleetReport merge(List<FleetReport> shards) {
        if (shards.isEmpty()) {
            throw new SemException("No fleet report to merge");
        }
        String goal = shards.get(0).goal();
        List<TargetResult> all = new ArrayList<>();
        Set<String> addresses = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (FleetReport shard : shards) {
            if (!shard.goal().equals(goal)) {
                throw new SemException("Cannot merge fleet reports of different goals: " + goal + " and " + shard.goal()
                        + " (shard " + shard.shard() + ")");
            }
            for (TargetResult t : shard.targets()) {
                if (!addresses.add(t.address()) || (t.uniqueName() != null && !names.add(t.uniqueName()))) {
                    throw new SemException("Target " + t.label() + " (" + t.address() + ") is in more than one"
                            + " fleet report (shard " + shard.shard() + "); each target must be in exactly one shard");
                }
                all.add(t);
            }
        }
        boolean refused = shards.stream().anyMatch(s -> s.preflight().outcome() == PreflightOutcome.REFUSED);
        boolean skipped =
                shards.stream().anyMatch(s -> s.preflight().outcome() == PreflightOutcome.PASSED_SKIPPING_UNREACHABLE);
        String reason = shards.stream()
                .map(s -> s.preflight().reason())
                .filter(Objects::nonNull)
                .collect(Collectors.joining(" | "));
        Preflight preflight = new Preflight(
                refused
                        ? PreflightOutcome.REFUSED
                        : skipped ? PreflightOutcome.PASSED_SKIPPING_UNREACHABLE : PreflightOutcome.PASSED,
                shards.stream().mapToInt(s -> s.preflight().checked()).sum(),
                shards.stream().mapToInt(s -> s.preflight().failed()).sum(),
                shards.stream().mapToInt(s -> s.preflight().skipped()).sum(),
                shards.stream()
                        .mapToLong(s -> s.preflight().durationMillis())
                        .max()
                        .orElse(0),
                reason.isEmpty() ? null : reason);
        String shardNames =
                shards.stream().map(FleetReport::shard).filter(Objects::nonNull).collect(Collectors.joining(","));
        return new FleetReport(
                goal,
                shardNames.isEmpty() ? null : shardNames,
                shards.stream().mapToInt(FleetReport::parallelism).max().orElse(1),
                shards.stream().allMatch(FleetReport::failFast),
                preflight,
                Totals.of(all),
                shards.stream().mapToLong(FleetReport::durationMillis).max().orElse(0),
                shards.stream().mapToLong(FleetReport::sumOfTargetMillis).sum(),
                all);
    }

    /**
     * Reads a report written by {@link JsonReports#write}.
     *
     * @throws SemException (an environment error) when it cannot be read
     */
    public static FleetReport read(Path json) {
        return JsonReports.read(json, FleetReport.class);
    }
}
