package dev.sem.apply;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

import dev.sem.Message;
import dev.sem.Option;
import dev.sem.SemException;

/**
 * One apply at a time per database: a session-level advisory lock taken on a dedicated, otherwise idle connection.
 *
 * <p>The lock is polled with {@code pg_try_advisory_lock}, never awaited with the blocking {@code pg_advisory_lock}: a
 * waiting runner is then an idle session with no open transaction and no snapshot, so it can never deadlock with a
 * {@code CREATE INDEX CONCURRENTLY} of the runner that holds the lock (which waits for every older snapshot). Polls back
 * off exponentially with jitter up to a bounded total wait. The lock dies with its session, so a killed runner leaves
 * nothing behind.
 *
 * <p>The key is fixed and documented: {@code pg_try_advisory_lock(1936026880, 1)}, where 1936026880 is {@code 'sem\0'}
 * read as a 32-bit integer. It shows in {@code pg_locks} as {@code locktype = 'advisory'}, {@code classid = 1936026880},
 * {@code objid = 1}, {@code objsubid = 2}. sem (Ruby) does not take it: do not run both tools at the same time.
 */
public final class ApplyLock implements AutoCloseable {

    /** First half of the advisory lock key: the bytes {@code s e m \0}. */
    public static final int KEY_CLASS = 0x73656d00;

    /** Second half of the advisory lock key. */
    public static final int KEY_OBJECT = 1;

    private static final long FIRST_BACKOFF_MS = 25;
    private static final long MAX_BACKOFF_MS = 2_000;

    private final Connection connection;
    private boolean held;

    private ApplyLock(Connection connection) {
        this.connection = connection;
    }

    /**
     * Takes the lock, waiting at most {@code maxWait}.
     *
     * @param connection a dedicated autocommit connection, used for nothing else while the lock is held except short
     *     diagnostic queries
     * @param maxWait how long to keep polling
     * @param onWait called once when the first poll fails, with the sessions holding the lock
     */
    public static ApplyLock acquire(Connection connection, Duration maxWait, Consumer<String> onWait) {
        ApplyLock lock = new ApplyLock(connection);
        long deadline = System.nanoTime() + maxWait.toNanos();
        long backoff = FIRST_BACKOFF_MS;
        boolean reported = false;
        try {
            while (true) {
                if (lock.tryOnce()) {
                    lock.held = true;
                    return lock;
                }
                if (!reported) {
                    onWait.accept("Waiting for the sem apply lock held by " + describe(holders(connection)) + " (up to "
                            + maxWait.toSeconds() + " s)");
                    reported = true;
                }
                long remainingMs = (deadline - System.nanoTime()) / 1_000_000;
                if (remainingMs <= 0) {
                    throw new LockWaitTimeoutException(
                            Message.text("Another sem apply holds the lock on this database ("
                                            + describe(holders(connection))
                                            + "); gave up after waiting " + maxWait.toSeconds()
                                            + " s. Wait for it to finish, or raise ")
                                    .then(Option.LOCK_WAIT)
                                    .then(" (seconds)."));
                }
                long sleep = Math.min(
                        remainingMs, backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1));
                Thread.sleep(Math.max(1, sleep));
                backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SemException.environment("Interrupted while waiting for the sem apply lock", e);
        } catch (SQLException e) {
            throw SemException.environment("Could not take the sem apply lock: " + e.getMessage(), e);
        }
    }

    private boolean tryOnce() throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
            ps.setInt(1, KEY_CLASS);
            ps.setInt(2, KEY_OBJECT);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** The sessions that hold the lock now, described as {@code pid 123 (application, client, since ...)}. */
    static List<String> holders(Connection connection) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT l.pid, coalesce(a.application_name, ''), coalesce(a.client_addr::text, 'local'),"
                        + " a.backend_start, coalesce(a.usename::text, '')"
                        + " FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid"
                        + " WHERE l.locktype = 'advisory' AND l.classid = ? AND l.objid = ? AND l.objsubid = 2"
                        + " AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())")) {
            ps.setLong(1, Integer.toUnsignedLong(KEY_CLASS));
            ps.setLong(2, KEY_OBJECT);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add("pid " + rs.getInt(1) + " (" + rs.getString(2) + ", user " + rs.getString(5) + ", "
                            + rs.getString(3) + ", connected since " + rs.getTimestamp(4) + ")");
                }
            }
        }
        return out;
    }

    private static String describe(List<String> holders) {
        return holders.isEmpty() ? "another session" : String.join("; ", holders);
    }

    /** The connection that holds the lock, for short diagnostic queries between polls. */
    Connection connection() {
        return connection;
    }

    @Override
    public void close() {
        if (!held) {
            return;
        }
        held = false;
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_advisory_unlock(?, ?)")) {
            ps.setInt(1, KEY_CLASS);
            ps.setInt(2, KEY_OBJECT);
            ps.execute();
        } catch (SQLException e) {
            // The lock dies with the session anyway; the caller closes the connection next.
        }
    }

    /** The lock could not be taken within the configured wait. */
    public static final class LockWaitTimeoutException extends SemException {
        private static final long serialVersionUID = 1L;

        LockWaitTimeoutException(Message message) {
            super(message, null, false);
        }
    }
}
