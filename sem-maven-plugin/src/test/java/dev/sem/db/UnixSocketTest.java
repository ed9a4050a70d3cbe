package dev.sem.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.sem.SemException;
import dev.sem.apply.Applier;
import dev.sem.apply.ApplyOptions;
import dev.sem.testing.CollectingLog;
import dev.sem.testing.TestDatabase;
import dev.sem.testing.TestPostgres;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Connecting through the server's Unix-domain socket, as libpq does for {@code host=/socket/directory}. */
@ExtendWith(TestPostgres.class)
class UnixSocketTest {

    @TempDir
    Path home;

    /**
     * The directory of the test server's Unix socket. The embedded server always has one (its default directory);
     * an external or Docker server may be out of reach of the file system, and then the test does not apply.
     */
    static SocketOf socketOf(TestDatabase db) throws SQLException {
        List<String> dirs = new ArrayList<>();
        int port;
        try (Connection c = db.server().admin();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT current_setting('unix_socket_directories'), current_setting('port')::int")) {
            rs.next();
            for (String d : rs.getString(1).split(",")) {
                dirs.add(d.strip());
            }
            port = rs.getInt(2);
        }
        for (String d : dirs) {
            if (!d.isEmpty() && Files.exists(Path.of(d, ".s.PGSQL." + port))) {
                return new SocketOf(Path.of(d), port);
            }
        }
        if (!db.server().provider().equals("embedded")) {
            Assumptions.abort("the " + db.server().provider() + " server's socket (" + dirs + ") is not reachable");
        }
        throw new AssertionError("the embedded server has no socket file in " + dirs + " for port " + port);
    }

    /** A server's socket directory and port. */
    record SocketOf(Path directory, int port) {
        String url(String user, String database) {
            return "postgresql://" + user + "@/" + database + "?host=" + directory + "&port=" + port;
        }
    }

    private ConnectionSettings.Builder builder(String url) {
        return ConnectionSettings.builder(url).env(Map.of()).userHome(home).toolVersion("test");
    }

    @Test
    void connectsThroughTheSocketAndAppliesAScript(TestDatabase db) throws Exception {
        SocketOf socket = socketOf(db);
        ConnectionSettings settings = builder(socket.url(db.user(), db.name())).build();
        assertThat(settings.socketFile()).contains(socket.directory().resolve(".s.PGSQL." + socket.port()));
        assertThat(settings.libpqUri())
                .isEqualTo("postgresql://" + db.user() + "@/" + db.name() + "?host=" + socket.directory() + "&port="
                        + socket.port());
        try (Connection c = new ConnectionFactory(settings).open("the test");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT inet_server_addr() IS NULL, current_database(), ssl"
                        + " FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
            rs.next();
            assertThat(rs.getBoolean(1))
                    .as("a Unix-socket session has no server address")
                    .isTrue();
            assertThat(rs.getString(2)).isEqualTo(db.name());
            assertThat(rs.getBoolean(3))
                    .as("no TLS over a Unix socket, as libpq")
                    .isFalse();
        }

        Path base = home.resolve("project");
        Files.createDirectories(base.resolve("scripts"));
        Files.writeString(base.resolve("scripts/20240101-000000.sql"), "CREATE TABLE over_socket (id int);\n");
        CollectingLog log = new CollectingLog();
        new Applier(settings, log).apply(base, ApplyOptions.defaults());
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT filename FROM schema_evolution_manager.scripts"
                        + " UNION ALL SELECT 'table ' || to_regclass('over_socket')::text")) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
            assertThat(rows).containsExactly("20240101-000000.sql", "table over_socket");
        }
    }

    @Test
    void pghostAndAHostlessUrlFindTheSocket(TestDatabase db) throws Exception {
        SocketOf socket = socketOf(db);
        // PGHOST names the directory, as on a deployment host with PGHOST=/var/run/postgresql.
        ConnectionSettings fromEnv = builder("postgresql:///" + db.name() + "?user=" + db.user())
                .env(Map.of("PGHOST", socket.directory().toString(), "PGPORT", String.valueOf(socket.port())))
                .build();
        try (Connection c = new ConnectionFactory(fromEnv).open("the test")) {
            assertThat(c.isValid(5)).isTrue();
        }
        // No host at all: libpq's default socket directories are searched.
        ConnectionSettings hostless = builder("postgresql://:" + socket.port() + "/" + db.name() + "?user=" + db.user())
                .socketDirectories(List.of(home.resolve("nothing-here"), socket.directory()))
                .build();
        assertThat(hostless.host()).isEqualTo(socket.directory().toString());
        try (Connection c = new ConnectionFactory(hostless).open("the test")) {
            assertThat(c.isValid(5)).isTrue();
        }
    }

    @Test
    void aMissingSocketNamesTheFileAndTheTcpAlternative(TestDatabase db) throws IOException {
        Path empty = Files.createDirectories(home.resolve("no-server"));
        ConnectionSettings settings = builder("postgresql://app@/" + db.name() + "?host=" + empty + "&port=6543")
                .build();
        assertThatThrownBy(() -> new ConnectionFactory(settings).open("the apply lock"))
                .isInstanceOf(SemException.class)
                .hasMessageStartingWith("Could not connect to postgresql://app@/" + db.name() + "?host=" + empty
                        + "&port=6543 (Unix socket " + empty + "/.s.PGSQL.6543, user app) for the apply lock: ")
                .hasMessageContaining(": The connection attempt failed (No such file or directory); ")
                .hasMessageEndingWith("; is the server running and listening on the Unix socket " + empty
                        + "/.s.PGSQL.6543? (its directory is the server's unix_socket_directories, the file name ends"
                        + " with the port); or connect over TCP, such as postgres://app@localhost:6543/" + db.name());
    }
}
