package dev.sem.verify;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import dev.sem.Option;
import dev.sem.SemException;
import dev.sem.testing.TestDatabase;
import dev.sem.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.sem.testing.Remedies.suggests;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(TestPostgres.class)
class ThrowawayFromServerTest {

    @Test
    void scratchDatabaseExistsWhileOpenAndIsDroppedOnCloseEvenWithAConnectionLeftOpen(TestDatabase db)
            throws SQLException {
        String name;
        Connection leftOpen;
        try (ThrowawayPostgres pg =
                ThrowawayPostgres.fromServer(db.server().jdbcUrl("postgres"), db.user(), db.password())) {
            assertThat(pg.jdbcUrl()).startsWith("jdbc:postgresql://").contains("/sem_verify_");
            assertThat(pg.user()).isEqualTo(db.user());
            assertThat(pg.password()).isEqualTo(db.password());
            assertThat(pg.major()).isEqualTo(db.serverMajor());
            assertThat(pg.description())
                    .contains("scratch database sem_verify_")
                    .contains("PostgreSQL " + pg.major());
            if (db.password() != null) {
                assertThat(pg.description()).doesNotContain(db.password());
            }

            leftOpen = pg.connect();
            try (Statement s = leftOpen.createStatement();
                    ResultSet rs = s.executeQuery("SELECT current_database()")) {
                rs.next();
                name = rs.getString(1);
            }
            assertThat(name).matches("sem_verify_[0-9a-f]{12}");
            assertThat(pg.jdbcUrl()).contains("/" + name);
            assertThat(databaseExists(db, name)).isTrue();
            try (Statement s = leftOpen.createStatement()) {
                s.execute("CREATE TABLE t (id int)");
            }
        }
        try {
            assertThat(databaseExists(db, name)).as("dropped on close").isFalse();
            assertThat(leftOpen.isValid(2))
                    .as("WITH (FORCE) ended the open session")
                    .isFalse();
        } finally {
            leftOpen.close();
        }
    }

    @Test
    void libpqUriWorksAndEachCallGetsItsOwnDatabase(TestDatabase db) throws SQLException {
        String uri = "postgres://" + db.user() + "@" + db.jdbcUrl().replaceFirst("^jdbc:postgresql://([^/]+)/.*$", "$1")
                + "/postgres";
        try (ThrowawayPostgres first = ThrowawayPostgres.fromServer(uri, null, db.password());
                ThrowawayPostgres second = ThrowawayPostgres.fromServer(uri, null, db.password())) {
            assertThat(first.user()).isEqualTo(db.user());
            assertThat(first.jdbcUrl()).isNotEqualTo(second.jdbcUrl());
            try (Connection c = first.connect();
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery(
                            "SELECT count(*) FROM pg_class WHERE relnamespace =" + " 'public'::regnamespace")) {
                rs.next();
                assertThat(rs.getInt(1)).as("created from template0: empty").isZero();
            }
        }
    }

    @Test
    void unreachableServerIsAnEnvironmentError() {
        assertThatThrownBy(() -> ThrowawayPostgres.fromServer(
                        "jdbc:postgresql://127.0.0.1:1/postgres?connectTimeout=2", "nobody", "secret-pw"))
                .isInstanceOf(SemException.class)
                .hasMessageContaining("127.0.0.1:1/postgres")
                .hasMessageContaining("; check the verify.url option, or drop it")
                .satisfies(suggests(Option.VERIFY_URL))
                .hasMessageNotContaining("secret-pw")
                .satisfies(e -> assertThat(((SemException) e).isUserError()).isFalse());
    }

    @Test
    void roleWithoutCreatedbIsToldWhatToDo(TestDatabase db) throws SQLException {
        String role = db.name() + "_nocreate";
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + role + " LOGIN PASSWORD 'pw' NOCREATEDB");
        }
        try {
            // Connect to the test database (the role may connect to it) rather than to postgres.
            assertThatThrownBy(() -> ThrowawayPostgres.fromServer(db.jdbcUrl(), role, "pw"))
                    .isInstanceOf(SemException.class)
                    .hasMessageContaining("Role " + role + " may not create databases")
                    .hasMessageContaining("CREATEDB")
                    .satisfies(e -> assertThat(((SemException) e).isUserError()).isTrue());
        } finally {
            try (Connection c = db.server().admin();
                    Statement s = c.createStatement()) {
                s.execute("DROP ROLE " + role);
            }
        }
    }

    private static boolean databaseExists(TestDatabase db, String name) throws SQLException {
        try (Connection admin = db.server().admin();
                var ps = admin.prepareStatement("SELECT count(*) FROM pg_database WHERE datname = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1) == 1;
            }
        }
    }
}
