package dev.sem.apply;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.sem.db.ActivityQueries;

/**
 * While a statement runs, samples from a side connection who blocks it ({@code pg_blocking_pids}), so that a lock
 * timeout can be reported with the sessions that caused it.
 */
final class BlockerWatch implements AutoCloseable {

    private final Connection side;
    private final int workPid;
    private final long delayMs;
    private final ScheduledExecutorService timer;
    private ScheduledFuture<?> pending;
    private volatile List<String> lastBlockers = List.of();

    BlockerWatch(Connection side, int workPid, Duration lockTimeout) {
        this.side = side;
        this.workPid = workPid;
        long timeoutMs = lockTimeout.isZero() ? 1_000 : lockTimeout.toMillis();
        this.delayMs = Math.max(20, Math.min(500, timeoutMs / 2));
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "sem-blocker-watch");
            t.setDaemon(true);
            return t;
        });
        // Most statements finish before the first sample: drop their cancelled samples at once, not when they are due.
        executor.setRemoveOnCancelPolicy(true);
        this.timer = executor;
    }

    /** Starts sampling for the statement about to run. */
    void start() {
        lastBlockers = List.of();
        pending = timer.scheduleWithFixedDelay(this::sample, delayMs, delayMs, TimeUnit.MILLISECONDS);
    }

    /** Stops sampling and returns the blockers seen last (empty when nothing blocked the statement). */
    List<String> stop() {
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
        return lastBlockers;
    }

    private void sample() {
        List<String> found = new ArrayList<>();
        synchronized (side) {
            try (PreparedStatement ps = side.prepareStatement("SELECT a.pid, coalesce(a.application_name, ''),"
                    + " coalesce(a.state, ''), coalesce(a.usename::text, ''),"
                    + " extract(epoch FROM now() - a.query_start)::bigint,"
                    + " extract(epoch FROM now() - a.xact_start)::bigint, left(" + ActivityQueries.redactedQuery("a")
                    + ", 120)"
                    + " FROM pg_stat_activity a WHERE a.pid = ANY (pg_blocking_pids(?)) ORDER BY a.pid")) {
                ps.setInt(1, workPid);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add("pid " + rs.getInt(1) + " (application '" + rs.getString(2) + "', user "
                                + rs.getString(4) + ", " + rs.getString(3) + ", query running "
                                + rs.getLong(5) + " s, transaction open " + rs.getLong(6) + " s: "
                                + rs.getString(7).replaceAll("\\s+", " ") + ")");
                    }
                }
            } catch (SQLException e) {
                return;
            }
        }
        if (!found.isEmpty()) {
            lastBlockers = List.copyOf(found);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
