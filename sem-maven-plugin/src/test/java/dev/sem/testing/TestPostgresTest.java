package dev.sem.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(TestPostgres.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TestPostgresTest {

    private static String firstDatabase;

    @Test
    @Order(1)
    void firstTestGetsAnEmptyDatabaseAndLeavesATableBehind(TestDatabase db) throws SQLException {
        firstDatabase = db.name();
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            assertThat(userTables(s)).isZero();
            s.execute("CREATE TABLE left_behind (id int)");
            s.execute("INSERT INTO left_behind VALUES (1)");
            assertThat(userTables(s)).isEqualTo(1);
        }
    }

    @Test
    @Order(2)
    void secondTestNeverSeesTheFirstTestsObjects(TestDatabase db) throws SQLException {
        assertThat(db.name()).isNotEqualTo(firstDatabase);
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            assertThat(userTables(s)).isZero();
            try (ResultSet rs = s.executeQuery("SELECT to_regclass('public.left_behind') IS NULL")) {
                rs.next();
                assertThat(rs.getBoolean(1)).isTrue();
            }
        }
        try (Connection admin = db.server().admin();
                var ps = admin.prepareStatement("SELECT count(*) FROM pg_database WHERE datname = ?")) {
            ps.setString(1, firstDatabase);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1))
                        .as("the first test's database was dropped")
                        .isZero();
            }
        }
    }

    @Test
    @Order(3)
    void twoDatabasesInOneTestAreSeparate(TestDatabase a, TestDatabase b) throws SQLException {
        assertThat(a.name()).isNotEqualTo(b.name());
        try (Connection ca = a.connect();
                Statement sa = ca.createStatement();
                Connection cb = b.connect();
                Statement sb = cb.createStatement()) {
            sa.execute("CREATE TABLE only_in_a (id int)");
            assertThat(userTables(sa)).isEqualTo(1);
            assertThat(userTables(sb)).isZero();
        }
    }

    @Test
    @Order(4)
    void serverRunsTheRequestedMajor(TestDatabase db) throws SQLException {
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT current_setting('server_version_num')::int / 10000")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(db.serverMajor());
            if (!db.server().provider().equals("external")) {
                assertThat(db.serverMajor()).isEqualTo(Integer.getInteger("sem.test.postgres", 17));
            }
        }
    }

    private static int userTables(Statement s) throws SQLException {
        try (ResultSet rs =
                s.executeQuery("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema')")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
