package dev.sem.fleet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import dev.sem.EngineLog;
import dev.sem.SemException;
import dev.sem.db.ConnectionSettings;
import dev.sem.fleet.FleetReport.Preflight;
import dev.sem.fleet.FleetReport.PreflightOutcome;
import dev.sem.fleet.FleetReport.Status;
import dev.sem.fleet.FleetReport.TargetResult;

/**
 * Runs one operation on many databases: a preflight of every target first (nothing is changed unless every target
 * passes, or is unreachable and skipped), then the run, a bounded number of targets at once.
 *
 * <p>Log lines: one per preflight failure ({@code preflight failed on <label>: <reason>}), one per target as it
 * finishes ({@code [n/N] <label> <summary> (<ms> ms)}, or {@code FAILED: <reason>}), then a summary line and an
 * aligned table with one line per target.
 */
public final class FleetRunner {

    static final String NOT_STARTED = "not started";
    static final String NOT_STARTED_FAIL_FAST = "not started after a failure (fail fast)";

    private final EngineLog log;

    public FleetRunner(EngineLog log) {
        this.log = log;
    }

    /** A preflight's verdict on one target. */
    private record Checked(ConnectionSettings settings, String reason, boolean unreachable) {
        boolean passed() {
            return reason == null;
        }
    }

    /**
     * Runs {@code op} on every target.
     *
     * @param settings the connection settings of a target (credentials resolved as for a single database)
     * @return the report; {@link FleetReport#failed()} says whether the run failed
     */
    public FleetReport run(
            List<Target> targets,
            Function<Target, ConnectionSettings> settings,
            FleetOperation op,
            FleetOptions options) {
        long started = System.nanoTime();
        int n = targets.size();
        ExecutorService pool = Executors.newFixedThreadPool(options.parallelism(), threads(op.goal()));
        try {
            List<Checked> checked = all(
                    pool,
                    targets.stream()
                            .map(t -> (Callable<Checked>) () -> preflight(t, settings, op))
                            .toList());
            long preflightMillis = millisSince(started);
            int failed = 0;
            int unreachableSkipped = 0;
            for (int i = 0; i < n; i++) {
                Checked c = checked.get(i);
                if (c.passed()) {
                    continue;
                }
                if (c.unreachable() && options.skipUnreachable()) {
                    log.warn(
                            "preflight failed on " + targets.get(i).label() + " (skipped, unreachable): " + c.reason());
                    unreachableSkipped++;
                } else {
                    log.error("preflight failed on " + targets.get(i).label() + ": " + c.reason());
                    failed++;
                }
            }
            TargetResult[] results = new TargetResult[n];
            if (failed > 0) {
                String reason =
                        failed + " of " + n + " target(s) failed the preflight; nothing was changed on any target";
                for (int i = 0; i < n; i++) {
                    Checked c = checked.get(i);
                    Target t = targets.get(i);
                    if (c.passed()) {
                        results[i] = TargetResult.of(t, Status.SKIPPED, 0, 0, NOT_STARTED, null, null);
                    } else if (c.unreachable() && options.skipUnreachable()) {
                        results[i] = unreachable(t, c);
                    } else {
                        results[i] = TargetResult.of(t, Status.FAILED, 0, 0, "preflight failed", c.reason(), null);
                    }
                }
                Preflight preflight =
                        new Preflight(PreflightOutcome.REFUSED, n, failed, unreachableSkipped, preflightMillis, reason);
                log.error("The preflight refused the " + op.goal() + " run: " + reason);
                return finish(op, options, preflight, results, started);
            }
            List<Integer> toRun = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Checked c = checked.get(i);
                if (c.passed()) {
                    toRun.add(i);
                } else {
                    results[i] = unreachable(targets.get(i), c);
                }
            }
            Preflight preflight = unreachableSkipped == 0
                    ? new Preflight(PreflightOutcome.PASSED, n, 0, 0, preflightMillis, null)
                    : new Preflight(
                            PreflightOutcome.PASSED_SKIPPING_UNREACHABLE,
                            n,
                            0,
                            unreachableSkipped,
                            preflightMillis,
                            unreachableSkipped + " unreachable target(s) skipped");
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger finished = new AtomicInteger();
            int total = toRun.size();
            List<TargetResult> ran = all(
                    pool,
                    toRun.stream()
                            .map(i -> (Callable<TargetResult>) () -> runOne(
                                    targets.get(i), checked.get(i).settings(), op, options, stop, finished, total))
                            .toList());
            for (int k = 0; k < total; k++) {
                results[toRun.get(k)] = ran.get(k);
            }
            return finish(op, options, preflight, results, started);
        } finally {
            pool.shutdownNow();
        }
    }

    private static TargetResult unreachable(Target target, Checked c) {
        return TargetResult.of(target, Status.SKIPPED, 0, 0, "unreachable: " + c.reason(), null, null);
    }

    private Checked preflight(Target target, Function<Target, ConnectionSettings> settings, FleetOperation op) {
        ConnectionSettings s = null;
        try {
            s = settings.apply(target);
            op.preflight(target, s);
            return new Checked(s, null, false);
        } catch (SemException e) {
            return new Checked(s, oneLine(s, e.getMessage()), !e.isUserError());
        } catch (RuntimeException e) {
            return new Checked(s, oneLine(s, e.toString()), false);
        }
    }

    private TargetResult runOne(
            Target target,
            ConnectionSettings settings,
            FleetOperation op,
            FleetOptions options,
            AtomicBoolean stop,
            AtomicInteger finished,
            int total) {
        if (options.failFast() && stop.get()) {
            return TargetResult.of(target, Status.SKIPPED, 0, 0, NOT_STARTED_FAIL_FAST, null, null);
        }
        long t0 = System.nanoTime();
        TargetResult result;
        try {
            FleetOperation.Outcome outcome = op.run(target, settings);
            long ms = millisSince(t0);
            result = TargetResult.of(
                    target,
                    outcome.changed() ? Status.CHANGED : Status.UP_TO_DATE,
                    outcome.changes(),
                    ms,
                    outcome.summary(),
                    null,
                    outcome.report());
        } catch (RuntimeException e) {
            long ms = millisSince(t0);
            stop.set(true);
            String reason = oneLine(settings, e instanceof SemException ? e.getMessage() : e.toString());
            OperationFailedException f = e instanceof OperationFailedException o ? o : null;
            result = TargetResult.of(
                    target,
                    Status.FAILED,
                    f == null ? 0 : f.changes(),
                    ms,
                    "FAILED",
                    reason,
                    f == null ? null : f.report());
        }
        String line = "[" + finished.incrementAndGet() + "/" + total + "] " + target.label() + " "
                + (result.status() == Status.FAILED ? "FAILED: " + result.error() : result.summary()) + " ("
                + result.durationMillis() + " ms)";
        if (result.status() == Status.FAILED) {
            log.error(line);
        } else {
            log.info(line);
        }
        return result;
    }

    private FleetReport finish(
            FleetOperation op, FleetOptions options, Preflight preflight, TargetResult[] results, long started) {
        List<TargetResult> list = Arrays.asList(results);
        FleetReport report = new FleetReport(
                op.goal(),
                null,
                options.parallelism(),
                options.failFast(),
                preflight,
                FleetReport.Totals.of(list),
                millisSince(started),
                list.stream().mapToLong(TargetResult::durationMillis).sum(),
                list);
        List<String> lines = summary(report);
        if (report.failed()) {
            log.error(lines.get(0));
        } else {
            log.info(lines.get(0));
        }
        lines.subList(1, lines.size()).forEach(log::info);
        return report;
    }

    /**
     * The summary lines of a report: a line of counts, then an aligned table (label, status, changes, duration,
     * reason).
     */
    public static List<String> summary(FleetReport report) {
        FleetReport.Totals t = report.totals();
        List<String> lines = new ArrayList<>();
        lines.add(String.format(
                Locale.ROOT,
                "Fleet %s%s: %d target(s): %d changed, %d up to date, %d failed, %d skipped (%d ms, preflight %d ms,"
                        + " sum of targets %d ms, parallelism %d)%s",
                report.goal(),
                report.shard() == null ? "" : " shard " + report.shard(),
                t.targets(),
                t.changed(),
                t.upToDate(),
                t.failed(),
                t.skipped(),
                report.durationMillis(),
                report.preflight().durationMillis(),
                report.sumOfTargetMillis(),
                report.parallelism(),
                report.preflight().outcome() == PreflightOutcome.REFUSED
                        ? " - REFUSED by the preflight: " + report.preflight().reason()
                        : report.failed() ? " - FAILED" : ""));
        int labelWidth = "TARGET".length();
        int statusWidth = "STATUS".length();
        for (TargetResult r : report.targets()) {
            labelWidth = Math.max(labelWidth, r.label().length());
            statusWidth = Math.max(statusWidth, r.status().name().length());
        }
        String format = "  %-" + labelWidth + "s  %-" + statusWidth + "s  %7s  %10s  %s";
        lines.add(String.format(Locale.ROOT, format, "TARGET", "STATUS", "CHANGES", "DURATION", "DETAIL")
                .stripTrailing());
        for (TargetResult r : report.targets()) {
            String detail = r.error() != null ? r.error() : r.summary() == null ? "" : r.summary();
            lines.add(String.format(
                            Locale.ROOT, format, r.label(), r.status(), r.changes(), r.durationMillis() + " ms", detail)
                    .stripTrailing());
        }
        return lines;
    }

    /** A reason on one line, without a password. */
    static String oneLine(ConnectionSettings settings, String text) {
        String s = text == null ? "(no message)" : text;
        if (settings != null) {
            s = settings.redact(s);
        }
        return s.replaceAll("\\s*\\R\\s*", " ").strip();
    }

    private static <T> List<T> all(ExecutorService pool, List<Callable<T>> tasks) {
        List<Future<T>> futures = tasks.stream().map(pool::submit).toList();
        List<T> out = new ArrayList<>(futures.size());
        try {
            for (Future<T> f : futures) {
                out.add(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SemException.environment("Interrupted while running the fleet", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("A fleet task failed unexpectedly: " + e.getCause(), e.getCause());
        }
        return out;
    }

    private static ThreadFactory threads(String goal) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "sem-fleet-" + goal + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
