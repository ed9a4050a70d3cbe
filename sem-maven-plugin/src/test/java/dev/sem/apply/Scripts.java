package dev.sem.apply;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import dev.sem.db.ConnectionSettings;
import dev.sem.testing.CollectingLog;
import dev.sem.testing.TestDatabase;

/** Test support: a base directory with {@code scripts/}, settings for a test database, a log that keeps lines. */
final class Scripts {

    final Path base;

    Scripts(Path base) {
        this.base = base;
        try {
            Files.createDirectories(base.resolve("scripts"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Scripts add(String name, String sql) {
        try {
            Files.writeString(base.resolve("scripts").resolve(name), sql, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    Scripts version(String v) {
        try {
            Files.writeString(base.resolve("VERSION"), v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    static ConnectionSettings settings(TestDatabase db) {
        return TestConnections.settings(db);
    }

    static Applier applier(TestDatabase db, CollectingLog log) {
        return new Applier(settings(db), log);
    }

    static long count(TestDatabase db, String sql) throws SQLException {
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static List<String> strings(TestDatabase db, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    static void exec(TestDatabase db, String sql) throws SQLException {
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static List<String> applied(TestDatabase db) throws SQLException {
        return strings(db, "SELECT filename FROM schema_evolution_manager.scripts ORDER BY id");
    }
}
