package dev.sem.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

import dev.sem.SemException;

/**
 * Refuses a connection that does not keep its server session: a pooler in transaction or statement pooling mode
 * (PgBouncer's {@code pool_mode = transaction} or {@code statement}) hands each transaction to whichever server
 * connection is free, so the session-level advisory locks of an apply ({@code ApplyLock}) and of an auto-commit package
 * deploy, and the session {@code SET}s, would silently not hold. sem never runs unlocked: it stops with one line.
 *
 * <p>The probe, run once per run before any lock is taken, on two connections opened by the run (three round trips,
 * no table; the marker is cleared again in step 3):
 *
 * <ol>
 *   <li>on the work connection W, in autocommit: {@code SELECT pg_backend_pid(), set_config('sem.session_probe',
 *       <random>, false)};
 *   <li>on a second connection P: {@code pg_backend_pid()} and {@code current_setting('sem.session_probe', true)}. If P
 *       sees W's marker, or runs on W's backend, another client got W's server session;
 *   <li>on W again, reading and clearing the marker: if W lost it or now runs on another backend, its session state
 *       is not kept.
 * </ol>
 *
 * <p>Verified on PgBouncer 1.18: in transaction and in statement pooling mode, step 2 lands on W's backend (PgBouncer
 * reuses the server connection released last, {@code server_round_robin = 0}) and sees the marker; in session mode P
 * has a backend of its own and W keeps its marker, as on a direct connection. Known limit: under a busy transaction
 * pool another client may take W's backend between the steps and P another one; W then usually fails step 3, but a
 * pool that happens to give W its backend back and P a different one passes the probe.
 */
public final class SessionProbe {

    /** The custom setting the probe writes; a name in sem's own namespace. */
    static final String SETTING = "sem.session_probe";

    private SessionProbe() {}

    /**
     * Checks that {@code work} keeps its server session.
     *
     * @param work the run's connection whose session must be kept (autocommit)
     * @param other a second connection of the same run (autocommit), idle between statements
     * @param target the sanitized URL, for the message
     * @throws SemException (a user error) naming the target when a pooler shares the server sessions
     */
    public static void requireOwnSession(Connection work, Connection other, String target) throws SQLException {
        String marker = UUID.randomUUID().toString();
        int pid;
        try (PreparedStatement ps =
                work.prepareStatement("SELECT pg_catalog.pg_backend_pid(), pg_catalog.set_config(?, ?, false)")) {
            ps.setString(1, SETTING);
            ps.setString(2, marker);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                pid = rs.getInt(1);
            }
        }
        Seen p = read(other, "SELECT pg_catalog.pg_backend_pid(), pg_catalog.current_setting(?, true)", 1);
        // Read, then clear the marker: the subquery behind OFFSET 0 is evaluated before the outer set_config.
        Seen w = read(
                work,
                "SELECT pid, marker, pg_catalog.set_config(?, '', false) FROM (SELECT pg_catalog.pg_backend_pid()"
                        + " AS pid, pg_catalog.current_setting(?, true) AS marker OFFSET 0) AS probe",
                2);
        if (marker.equals(p.marker()) || p.pid() == pid || !marker.equals(w.marker()) || w.pid() != pid) {
            throw new SemException(refusal(target));
        }
    }

    /** The one line that refuses a pooled connection. */
    public static String refusal(String target) {
        return "The connection to " + target + " goes through a pooler in transaction (or statement) pooling mode"
                + " (PgBouncer?): sem needs a session of its own for its lock and settings; connect to PostgreSQL"
                + " directly or to a session-mode pool (nothing was changed)";
    }

    private record Seen(int pid, String marker) {}

    private static Seen read(Connection c, String sql, int parameters) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 1; i <= parameters; i++) {
                ps.setString(i, SETTING);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Seen(rs.getInt(1), rs.getString(2));
            }
        }
    }
}
