package dev.sem.pkg;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import dev.sem.db.ActivityQueries;

/** Names the sessions that probably blocked a deploy that hit its lock_timeout. */
final class Blockers {

    private Blockers() {}

    /** Other sessions of this database with an open transaction, oldest first (at most three). */
    static String describe(Connection c) {
        try {
            List<String> rows = Sql.strings(
                    c,
                    "SELECT 'pid ' || pid || ' (user ' || coalesce(usename::text, '?') || ', ' || coalesce(state, '?')"
                            + " || ', transaction open since ' || xact_start || ': '"
                            + " || left(regexp_replace(" + ActivityQueries.redactedQuery("a")
                            + ", E'\\\\s+', ' ', 'g'), 60) || ')'"
                            + " FROM pg_catalog.pg_stat_activity a WHERE datname = current_database()"
                            + " AND pid <> pg_catalog.pg_backend_pid() AND xact_start IS NOT NULL"
                            + " ORDER BY xact_start LIMIT 3");
            return rows.isEmpty()
                    ? "no other open transaction is left now"
                    : "sessions with open transactions that may hold the lock: " + String.join("; ", rows);
        } catch (SQLException e) {
            return "the blocking session could not be determined (" + e.getMessage() + ")";
        }
    }
}
