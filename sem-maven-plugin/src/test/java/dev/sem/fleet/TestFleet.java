package dev.sem.fleet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.sem.apply.TestConnections;
import dev.sem.db.ConnectionSettings;
import dev.sem.testing.PostgresServer;
import dev.sem.testing.TestDatabase;

/** Test support: many databases on the test server, as fleet targets; dropped by {@link #close()}. */
final class TestFleet implements AutoCloseable {

    final PostgresServer server;
    final List<TestDatabase> databases = new ArrayList<>();
    final List<Target> targets = new ArrayList<>();
    private final Map<String, String> passwords = new LinkedHashMap<>();

    TestFleet(PostgresServer server) {
        this.server = server;
    }

    /** Adds {@code n} fresh databases, named {@code db-01} … as targets. */
    TestFleet create(int n) throws SQLException {
        for (int i = 0; i < n; i++) {
            TestDatabase db = server.createDatabase();
            databases.add(db);
            String[] hp = server.hostAndPort().split(":");
            targets.add(new Target(
                    String.format("db-%02d", targets.size() + 1),
                    hp[0],
                    Integer.parseInt(hp[1]),
                    db.name(),
                    "test",
                    "sem",
                    "fleet"));
        }
        return this;
    }

    /** A target on a port nothing listens on, with a password that must never be printed. */
    Target unreachable(String name, String password) {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Target t = new Target(name, "127.0.0.1", port, "nowhere", "test", "sem", "fleet");
        passwords.put(t.address(), password);
        return t;
    }

    /** The connection settings of a target, isolated from the machine's libpq environment. */
    ConnectionSettings settings(Target t) {
        String url = server.jdbcUrl(t.dbname()).replace(server.hostAndPort(), t.host() + ":" + t.port());
        String password = passwords.getOrDefault(t.address(), server.password());
        return TestConnections.settings(url, server.user(), password);
    }

    TestDatabase db(int index) {
        return databases.get(index);
    }

    /** The applied scripts of each database, in order (empty when it has no history). */
    List<List<String>> histories() throws SQLException {
        List<List<String>> out = new ArrayList<>();
        for (TestDatabase db : databases) {
            out.add(applied(db));
        }
        return out;
    }

    static List<String> applied(TestDatabase db) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT to_regclass('schema_evolution_manager.scripts') IS NULL")) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return names;
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT filename FROM schema_evolution_manager.scripts ORDER BY id")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    static void exec(TestDatabase db, String sql) throws SQLException {
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** A base directory with {@code scripts/} holding the given scripts. */
    static Path repo(Path dir, Map<String, String> scripts) {
        try {
            Files.createDirectories(dir.resolve("scripts"));
            for (var e : scripts.entrySet()) {
                Files.writeString(dir.resolve("scripts").resolve(e.getKey()), e.getValue(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    @Override
    public void close() throws SQLException {
        for (TestDatabase db : databases) {
            server.dropDatabase(db.name());
        }
    }
}
