package dev.sem.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import dev.sem.SemException;
import dev.sem.testing.TestDatabase;
import dev.sem.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The session probe on direct connections; {@code dev.sem.chaos.PoolerTest} runs it behind a real PgBouncer in every
 * pooling mode.
 */
@ExtendWith(TestPostgres.class)
class SessionProbeTest {

    @Test
    void twoDirectConnectionsKeepTheirSessionsAndTheMarkerIsClearedAgain(TestDatabase db) throws Exception {
        try (Connection work = db.connect();
                Connection other = db.connect()) {
            SessionProbe.requireOwnSession(work, other, "postgresql://direct/db");
            assertThat(setting(work)).isEmpty();
            assertThat(setting(other)).isNull();
        }
    }

    @Test
    void aSecondClientOnTheSameServerSessionIsRefusedWithOneLine(TestDatabase db) throws Exception {
        // What a transaction pool does: the "other" client gets the work connection's server session.
        try (Connection shared = db.connect()) {
            assertThatThrownBy(() -> SessionProbe.requireOwnSession(shared, shared, "postgresql://pooled:6432/app"))
                    .isExactlyInstanceOf(SemException.class)
                    .hasMessage("The connection to postgresql://pooled:6432/app goes through a pooler in transaction"
                            + " (or statement) pooling mode (PgBouncer?): sem needs a session of its own for its lock"
                            + " and settings; connect to PostgreSQL directly or to a session-mode pool (nothing was"
                            + " changed)");
        }
    }

    private static String setting(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT current_setting('sem.session_probe', true)")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
