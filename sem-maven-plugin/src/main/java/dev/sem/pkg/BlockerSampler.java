package dev.sem.pkg;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.sem.db.ActivityQueries;

/**
 * While a deploy statement runs, samples from a side connection which sessions block it ({@code pg_blocking_pids}),
 * so that a lock_timeout names them. The side connection is opened on the first sample only, i.e. only when a
 * statement waits.
 */
final class BlockerSampler implements AutoCloseable {

    private final Supplier<Connection> opener;
    private final int workPid;
    private final long delayMs;
    private final ScheduledExecutorService timer;
    private Connection side;
    private ScheduledFuture<?> pending;
    private volatile List<String> last = List.of();

    BlockerSampler(Supplier<Connection> opener, int workPid, Duration lockTimeout) {
        this.opener = opener;
        this.workPid = workPid;
        long timeoutMs = lockTimeout.isZero() ? 1_000 : lockTimeout.toMillis();
        this.delayMs = Math.max(20, Math.min(500, timeoutMs / 2));
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sem-package-blockers");
            t.setDaemon(true);
            return t;
        });
    }

    void start() {
        last = List.of();
        pending = timer.scheduleWithFixedDelay(this::sample, delayMs, delayMs, TimeUnit.MILLISECONDS);
    }

    /** Stops sampling; the blockers seen last, as {@code pid N (user, state, query)}. */
    List<String> stop() {
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
        return last;
    }

    private synchronized void sample() {
        try {
            if (side == null) {
                side = opener.get();
            }
            List<String> found = Sql.strings(
                    side,
                    "SELECT 'pid ' || a.pid || ' (user ' || coalesce(a.usename::text, '?') || ', '"
                            + " || coalesce(a.state, '?') || ', transaction open since ' || a.xact_start || ': '"
                            + " || left(regexp_replace(" + ActivityQueries.redactedQuery("a")
                            + ", E'\\\\s+', ' ', 'g'), 60) || ')'"
                            + " FROM pg_catalog.pg_stat_activity a"
                            + " WHERE a.pid = ANY (pg_catalog.pg_blocking_pids(?)) ORDER BY a.pid",
                    workPid);
            if (!found.isEmpty()) {
                last = List.copyOf(found);
            }
        } catch (SQLException | RuntimeException e) {
            // diagnostics only
        }
    }

    @Override
    public synchronized void close() {
        timer.shutdownNow();
        if (side != null) {
            try {
                side.close();
            } catch (SQLException e) {
                // diagnostics only
            }
        }
    }
}
