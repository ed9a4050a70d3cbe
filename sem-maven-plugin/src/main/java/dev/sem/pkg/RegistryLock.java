package dev.sem.pkg;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import dev.sem.Message;
import dev.sem.Option;
import dev.sem.SemException;

/**
 * The package registry lock: a transaction-level advisory lock that every registry change (deploy, install, upgrade,
 * import, remove) takes before any check, inside its own transaction.
 *
 * <p>The lock is polled with {@code pg_try_advisory_xact_lock}, never awaited with the blocking form, with jittered
 * exponential backoff up to a bounded total wait. It is released by the transaction's commit or rollback, so a killed
 * client leaves nothing behind. The key is {@code (0x73656d00, 2)}: {@code 'sem\0'} as in the apply lock, object 2 for
 * the package registry; it shows in {@code pg_locks} as {@code classid = 1936026880, objid = 2, objsubid = 2}.
 */
public final class RegistryLock {

    /** First half of the key: the bytes {@code s e m \0} (the same as the apply lock's). */
    public static final int KEY_CLASS = 0x73656d00;

    /** Second half of the key: the package registry. */
    public static final int KEY_OBJECT = 2;

    private static final long FIRST_BACKOFF_MS = 20;
    private static final long MAX_BACKOFF_MS = 1_000;

    private RegistryLock() {}

    /**
     * Takes the registry lock in the connection's current transaction, polling for at most {@code maxWait}.
     *
     * @param connection a connection with auto-commit off (the lock lives until its transaction ends)
     * @param maxWait how long to keep polling
     * @throws PackageException when auto-commit is on (the lock would be released at once)
     * @throws SemException an environment error naming the holders when the wait runs out
     */
    public static void acquire(Connection connection, Duration maxWait) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        long backoff = FIRST_BACKOFF_MS;
        try {
            if (connection.getAutoCommit()) {
                throw new PackageException("The package registry lock needs a transaction: turn auto-commit off first");
            }
            while (!tryOnce(connection)) {
                long remainingMs = (deadline - System.nanoTime()) / 1_000_000;
                if (remainingMs <= 0) {
                    throw SemException.environment(
                            Message.text("Another session holds the sem package registry lock ("
                                            + describe(holders(connection)) + "); gave up after waiting "
                                            + maxWait.toSeconds() + " s. Wait for it to finish, or raise ")
                                    .then(Option.LOCK_WAIT)
                                    .then(" (seconds)."),
                            null);
                }
                long sleep = Math.min(
                        remainingMs, backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1));
                Thread.sleep(Math.max(1, sleep));
                backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SemException.environment("Interrupted while waiting for the sem package registry lock", e);
        } catch (SQLException e) {
            throw SemException.environment("Could not take the sem package registry lock: " + e.getMessage(), e);
        }
    }

    /** Whether the connection's session holds the registry lock now. */
    public static boolean heldBy(Connection connection) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT EXISTS (SELECT 1 FROM pg_locks"
                + " WHERE locktype = 'advisory' AND classid = ? AND objid = ? AND objsubid = 2 AND granted"
                + " AND pid = pg_backend_pid())")) {
            ps.setLong(1, Integer.toUnsignedLong(KEY_CLASS));
            ps.setLong(2, KEY_OBJECT);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static boolean tryOnce(Connection connection) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_try_advisory_xact_lock(?, ?)")) {
            ps.setInt(1, KEY_CLASS);
            ps.setInt(2, KEY_OBJECT);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static List<String> holders(Connection connection) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT l.pid, coalesce(a.application_name, ''), coalesce(a.usename::text, ''), a.xact_start"
                        + " FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid"
                        + " WHERE l.locktype = 'advisory' AND l.classid = ? AND l.objid = ? AND l.objsubid = 2"
                        + " AND l.granted AND l.database = (SELECT oid FROM pg_database"
                        + " WHERE datname = current_database())")) {
            ps.setLong(1, Integer.toUnsignedLong(KEY_CLASS));
            ps.setLong(2, KEY_OBJECT);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add("pid " + rs.getInt(1) + " (" + rs.getString(2) + ", user " + rs.getString(3)
                            + ", transaction since " + rs.getTimestamp(4) + ")");
                }
            }
        }
        return out;
    }

    private static String describe(List<String> holders) {
        return holders.isEmpty() ? "another session" : String.join("; ", holders);
    }
}
