package dev.sem.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import dev.sem.testing.PostgresServer;
import dev.sem.testing.TestDatabase;
import dev.sem.testing.TestPostgres;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static dev.sem.it.Databases.appliedScripts;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A deployment host whose database runs on the same machine: {@code sem:apply} connects through the server's Unix
 * socket ({@code postgresql:///db?host=<socket directory>&port=<port>}) as the operating-system user, with no
 * password anywhere, as psql would. The embedded server trusts local connections (its {@code initdb -A trust}); its
 * binaries, patched to run as root, refuse {@code peer} authentication for root, so peer itself (a server-side check of
 * the socket's peer) is not exercised here.
 */
@ExtendWith(TestPostgres.class)
class UnixSocketIT {

    @TempDir
    Path tmp;

    @Test
    void appliesThroughTheSocketAsTheOperatingSystemUserWithoutAPassword(TestDatabase db, TestInfo info)
            throws Exception {
        Path socketDir = socketDirectory(db);
        int port = port(db);
        String osUser = System.getProperty("user.name");
        boolean created = osUserRole(db, osUser);
        try {
            SchemaProject project = SchemaProject.fromTemplate(
                            tmp.resolve("crm-db"), "dev.sem.it.socket", "crm-db", "1.0.0")
                    .script("20260101-000000.sql", "create table accounts (id bigint primary key);\n")
                    .script("20260102-000000.sql", "create table contacts (id bigint primary key);\n");
            Path deploy = Files.createDirectories(tmp.resolve("deploy"));
            String url = "postgresql:///" + db.name() + "?host=" + socketDir + "&port=" + port;
            Maven.Build build = Maven.forTest(info, new Settings().write(tmp.resolve("settings.xml")))
                    .run(deploy, Maven.PLUGIN + ":apply", "-Dsem.dir=" + project.dir(), "-Dsem.url=" + url);

            build.succeeded().hasLine("[INFO] Upgrading schema for " + url);
            assertThat(appliedScripts(db)).containsExactly("20260101-000000.sql", "20260102-000000.sql");
            // The scripts ran as the operating-system user, the libpq default over a socket.
            assertThat(Databases.query(
                            db, "SELECT tableowner FROM pg_tables WHERE tablename IN ('accounts', 'contacts')"))
                    .containsExactly(osUser, osUser);
        } finally {
            if (created) {
                dropOsUserRole(db, osUser);
            }
        }
    }

    /**
     * The test server's Unix socket directory. The embedded server always has one; an external or Docker server's
     * socket may be out of reach, and then the scenario does not apply.
     */
    static Path socketDirectory(TestDatabase db) throws SQLException {
        int port = port(db);
        List<String> dirs =
                new ArrayList<>(List.of(setting(db, "unix_socket_directories").split(",")));
        for (String d : dirs) {
            if (!d.isBlank() && Files.exists(Path.of(d.strip(), ".s.PGSQL." + port))) {
                return Path.of(d.strip());
            }
        }
        if (!db.server().provider().equals("embedded")) {
            Assumptions.abort("the " + db.server().provider() + " server's socket (" + dirs + ") is not reachable");
        }
        throw new AssertionError("the embedded server has no socket file in " + dirs + " for port " + port);
    }

    static int port(TestDatabase db) throws SQLException {
        return Integer.parseInt(setting(db, "port"));
    }

    private static String setting(TestDatabase db, String name) throws SQLException {
        try (Connection c = db.server().admin();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT current_setting('" + name + "')")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /**
     * A login role named like the operating-system user, without a password, owning {@code db} (so that it may create
     * the history schema, and tables in public on PostgreSQL 15 and later).
     *
     * @return whether the role was created here (an existing one is left as it is)
     */
    private static boolean osUserRole(TestDatabase db, String osUser) throws SQLException {
        boolean created;
        try (Connection c = db.server().admin();
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery(
                    "SELECT count(*) FROM pg_roles WHERE rolname = '" + osUser.replace("'", "''") + "'")) {
                rs.next();
                created = rs.getInt(1) == 0;
            }
            if (created) {
                s.execute("CREATE ROLE " + PostgresServer.quote(osUser) + " LOGIN");
            }
            s.execute(
                    "ALTER DATABASE " + PostgresServer.quote(db.name()) + " OWNER TO " + PostgresServer.quote(osUser));
        }
        return created;
    }

    private static void dropOsUserRole(TestDatabase db, String osUser) throws SQLException {
        try (Connection inDb = db.connect();
                Statement t = inDb.createStatement()) {
            t.execute("REASSIGN OWNED BY " + PostgresServer.quote(osUser) + " TO CURRENT_USER");
            t.execute("DROP OWNED BY " + PostgresServer.quote(osUser));
        }
        try (Connection c = db.server().admin();
                Statement s = c.createStatement()) {
            s.execute("DROP ROLE " + PostgresServer.quote(osUser));
        }
    }
}
