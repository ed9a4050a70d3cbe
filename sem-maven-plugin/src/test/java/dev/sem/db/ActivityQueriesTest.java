package dev.sem.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import dev.sem.testing.TestDatabase;
import dev.sem.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(TestPostgres.class)
class ActivityQueriesTest {

    @Test
    void anotherSessionsQueryIsShownWithoutItsStringLiterals(TestDatabase db) throws Exception {
        try (Connection other = db.connect();
                Connection c = db.connect()) {
            other.setAutoCommit(false);
            try (Statement st = other.createStatement()) {
                st.execute("SELECT 'it''s' AS a, 'PASSWORD ''s3cret-pw''' AS b, E'x\\\\' AS c");
            }
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT " + ActivityQueries.redactedQuery("a")
                            + " FROM pg_stat_activity a WHERE a.pid = "
                            + other.unwrap(PGConnection.class).getBackendPID())) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1))
                        .isEqualTo("SELECT '...''...' AS a, '...''...''...' AS b, E'...' AS c")
                        .doesNotContain("s3cret");
            }
            other.rollback();
        }
    }
}
