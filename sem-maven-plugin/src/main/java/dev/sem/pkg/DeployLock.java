package dev.sem.pkg;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import dev.sem.Message;
import dev.sem.Option;
import dev.sem.SemException;

/**
 * The registry lock of an auto-commit deploy (pgpm spec §6.5, §15): the session-level form of {@link RegistryLock}'s
 * key, polled with backoff and jitter, never a blocking wait, held across the autocommitted statements and released at
 * the end. It conflicts with the transaction-level {@link RegistryLock} of every other session.
 */
final class DeployLock {

    /** First half of the key: the bytes {@code s e m \0}, as the apply lock. */
    static final int KEY_CLASS = RegistryLock.KEY_CLASS;

    /** Second half of the key: the package registry. */
    static final int KEY_OBJECT = RegistryLock.KEY_OBJECT;

    private DeployLock() {}

    /** Takes the session-level lock, polling up to {@code wait}; release with {@link #release}. */
    static void inSession(Connection c, Duration wait, dev.sem.EngineLog log) {
        poll(c, "pg_try_advisory_lock", wait, log);
    }

    static void release(Connection c) {
        try {
            Sql.execBound(c, "SELECT pg_catalog.pg_advisory_unlock(?, ?)", KEY_CLASS, KEY_OBJECT);
        } catch (SQLException e) {
            // the lock dies with the session, which the caller closes next
        }
    }

    private static void poll(Connection c, String function, Duration wait, dev.sem.EngineLog log) {
        long deadline = System.nanoTime() + wait.toNanos();
        long backoff = 25;
        boolean reported = false;
        try {
            while (!Sql.strings(c, "SELECT pg_catalog." + function + "(?, ?)::text", KEY_CLASS, KEY_OBJECT)
                    .get(0)
                    .equals("true")) {
                if (!reported) {
                    log.info("Waiting for the package registry lock held by another deploy (up to " + wait.toSeconds()
                            + " s)");
                    reported = true;
                }
                long remaining = (deadline - System.nanoTime()) / 1_000_000;
                if (remaining <= 0) {
                    throw SemException.environment(
                            Message.text("Another deploy holds the package registry lock on this database; gave up"
                                            + " after " + wait.toSeconds() + " s. Wait for it to finish, or raise ")
                                    .then(Option.LOCK_WAIT)
                                    .then(" (seconds)"),
                            null);
                }
                Thread.sleep(Math.max(
                        1,
                        Math.min(
                                remaining,
                                backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1))));
                backoff = Math.min(2_000, backoff * 2);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SemException.environment("Interrupted while waiting for the package registry lock", e);
        } catch (SQLException e) {
            throw SemException.environment("Could not take the package registry lock: " + e.getMessage(), e);
        }
    }
}
