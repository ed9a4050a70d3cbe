package dev.sem.db;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.TimeUnit;

import dev.sem.Option;
import dev.sem.SemException;
import dev.sem.testing.PostgresServer;
import dev.sem.testing.TestDatabase;
import dev.sem.testing.TestPostgres;
import dev.sem.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(TestPostgres.class)
class ConnectionFactoryTest {

    private static final String SECRET = "xyz-secret-123";

    @TempDir
    Path home;

    private ConnectionSettings.Builder builder(TestDatabase db, Map<String, String> env) {
        String url = db.jdbcUrl() + (db.jdbcUrl().contains("?") ? "&" : "?") + "user=" + db.user();
        ConnectionSettings.Builder b =
                ConnectionSettings.builder(url).env(env).userHome(home).toolVersion("test");
        if (db.password() != null) {
            b.password(db.password(), "the test server");
        }
        return b;
    }

    private ConnectionFactory factory(TestDatabase db) {
        return new ConnectionFactory(builder(db, Map.of()).build());
    }

    private static String show(Connection c, String name) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void admin(TestDatabase db, String sql) throws SQLException {
        try (Connection c = db.server().admin();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** A zone that is neither the JVM's nor the server's, so that a pass cannot be a coincidence. */
    private static String otherZone(String... avoid) {
        for (String z : List.of("Asia/Tokyo", "America/Lima", "Pacific/Chatham")) {
            if (!List.of(avoid).contains(z) && !z.equals(TimeZone.getDefault().getID())) {
                return z;
            }
        }
        throw new IllegalStateException("unreachable");
    }

    @Test
    void opensAnAutocommitConnection(TestDatabase db) throws SQLException {
        try (Connection c = factory(db).open("the test")) {
            assertThat(c.getAutoCommit()).isTrue();
            assertThat(show(c, "application_name")).isEqualTo("sem test");
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT current_database(), current_user")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo(db.name());
                assertThat(rs.getString(2)).isEqualTo(db.user());
            }
        }
    }

    @Test
    void databaseTimeZoneWinsOverTheJvmZone(TestDatabase db) throws SQLException {
        String zone = otherZone();
        admin(db, "ALTER DATABASE " + PostgresServer.quote(db.name()) + " SET TimeZone = '" + zone + "'");
        try (Connection plain = db.connect()) {
            // the problem being solved: the driver's startup TimeZone hides the database default
            assertThat(show(plain, "TimeZone")).isNotEqualTo(zone);
        }
        try (Connection c = factory(db).open("the test")) {
            assertThat(show(c, "TimeZone")).isEqualTo(zone);
            assertThat(show(c, "extra_float_digits")).isEqualTo("1");
        }
    }

    @Test
    void withoutDatabaseSettingsTheServerConfigurationApplies(TestDatabase db) throws SQLException {
        String serverZone;
        try (Connection c = db.server().admin();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT coalesce((SELECT setting FROM pg_file_settings"
                        + " WHERE lower(name) = 'timezone' AND applied), current_setting('log_timezone'))")) {
            rs.next();
            serverZone = rs.getString(1);
        }
        TimeZone jvm = TimeZone.getDefault();
        String driverZone = otherZone(serverZone);
        TimeZone.setDefault(TimeZone.getTimeZone(driverZone)); // the driver sends this zone at startup
        try (Connection c = factory(db).open("the test")) {
            assertThat(show(c, "TimeZone")).isEqualTo(serverZone).isNotEqualTo(driverZone);
            assertThat(show(c, "extra_float_digits")).isEqualTo("1");
        } finally {
            TimeZone.setDefault(jvm);
        }
    }

    @Test
    void mostSpecificRoleAndDatabaseSettingWins(TestDatabase db) throws SQLException {
        String role = "sem_role_" + ProcessHandle.current().pid() + "_" + System.nanoTime();
        String q = PostgresServer.quote(role);
        String dbq = PostgresServer.quote(db.name());
        admin(db, "CREATE ROLE " + q + " LOGIN PASSWORD '" + SECRET + "'");
        try {
            admin(db, "GRANT ALL ON DATABASE " + dbq + " TO " + q);
            admin(db, "ALTER DATABASE " + dbq + " SET TimeZone = 'Asia/Tokyo'");
            admin(db, "ALTER ROLE " + q + " SET TimeZone = 'Europe/Berlin'");
            admin(db, "ALTER ROLE " + q + " IN DATABASE " + dbq + " SET TimeZone = 'America/Lima'");
            admin(db, "ALTER ROLE " + q + " IN DATABASE " + dbq + " SET extra_float_digits = 2");
            ConnectionSettings settings = ConnectionSettings.builder(
                            db.jdbcUrl() + (db.jdbcUrl().contains("?") ? "&" : "?") + "user=" + role)
                    .env(Map.of("PGPASSWORD", SECRET))
                    .userHome(home)
                    .build();
            ConnectionFactory factory = new ConnectionFactory(settings);
            try (Connection c = factory.open("the test")) {
                assertThat(show(c, "TimeZone")).isEqualTo("America/Lima");
                assertThat(show(c, "extra_float_digits")).isEqualTo("2");
            }
            admin(db, "ALTER ROLE " + q + " IN DATABASE " + dbq + " RESET ALL");
            try (Connection c = factory.open("the test")) {
                assertThat(show(c, "TimeZone")).isEqualTo("Europe/Berlin");
                assertThat(show(c, "extra_float_digits")).isEqualTo("1");
            }
            admin(db, "ALTER ROLE " + q + " RESET ALL");
            try (Connection c = factory.open("the test")) {
                assertThat(show(c, "TimeZone")).isEqualTo("Asia/Tokyo");
            }
            admin(db, "ALTER DATABASE " + dbq + " RESET TimeZone");
            String superuserSees;
            try (Connection c = factory(db).open("the test")) {
                superuserSees = show(c, "TimeZone"); // from pg_file_settings
            }
            TimeZone jvm = TimeZone.getDefault();
            TimeZone.setDefault(TimeZone.getTimeZone(otherZone(superuserSees)));
            try (Connection c = factory.open("the test")) {
                // this role cannot read pg_file_settings: the log_timezone fallback gives the same answer
                assertThat(show(c, "TimeZone")).isEqualTo(superuserSees);
            } finally {
                TimeZone.setDefault(jvm);
            }
        } finally {
            admin(db, "DROP DATABASE IF EXISTS " + dbq + " WITH (FORCE)"); // removes the role's grants here
            admin(db, "DROP ROLE IF EXISTS " + q);
        }
    }

    @Test
    void pgtzWinsOverTheDatabaseSetting(TestDatabase db) throws SQLException {
        admin(db, "ALTER DATABASE " + PostgresServer.quote(db.name()) + " SET TimeZone = 'Asia/Tokyo'");
        try (Connection c = new ConnectionFactory(
                        builder(db, Map.of("PGTZ", "America/Lima")).build())
                .open("test")) {
            assertThat(show(c, "TimeZone")).isEqualTo("America/Lima");
        }
    }

    @Test
    void isoDateStyleFromTheDatabaseIsRestoredOthersAreReported(TestDatabase db) throws SQLException {
        String dbq = PostgresServer.quote(db.name());
        admin(db, "ALTER DATABASE " + dbq + " SET DateStyle = 'ISO, DMY'");
        try (Connection c = factory(db).open("the test")) {
            assertThat(show(c, "DateStyle")).isEqualTo("ISO, DMY");
        }
        admin(db, "ALTER DATABASE " + dbq + " SET DateStyle = 'SQL, DMY'");
        ConnectionFactory factory = factory(db);
        try (Connection c = factory.open("the test")) {
            assertThat(show(c, "DateStyle")).startsWith("ISO");
        }
        assertThat(factory.warnings())
                .singleElement()
                .asString()
                .startsWith("DateStyle 'SQL, DMY' from the database's");
    }

    @Test
    void restoreSessionAfterDiscardAll(TestDatabase db) throws SQLException {
        String zone = otherZone();
        admin(db, "ALTER DATABASE " + PostgresServer.quote(db.name()) + " SET TimeZone = '" + zone + "'");
        ConnectionFactory factory = factory(db);
        try (Connection c = factory.open("the test");
                Statement s = c.createStatement()) {
            s.execute("DISCARD ALL");
            assertThat(show(c, "TimeZone")).isNotEqualTo(zone); // the documented limit
            List<ConnectionFactory.SessionSetting> applied = factory.restoreSession(c);
            assertThat(show(c, "TimeZone")).isEqualTo(zone);
            assertThat(applied)
                    .contains(new ConnectionFactory.SessionSetting(
                            "TimeZone", zone, "the database's setting (ALTER DATABASE … SET)"));
        }
    }

    /** §6.3 E6 regression test against the real psql, when it is installed. */
    @Test
    void sameSessionSettingsAsPsql(TestDatabase db) throws Exception {
        Path psql = Tools.require(Tools.PSQL, "Debian's psql client");
        String dbq = PostgresServer.quote(db.name());
        admin(db, "ALTER DATABASE " + dbq + " SET TimeZone = '" + otherZone() + "'");
        admin(db, "ALTER DATABASE " + dbq + " SET DateStyle = 'ISO, DMY'");
        admin(db, "ALTER DATABASE " + dbq + " SET search_path = 'public, pg_temp'");
        List<String> names = List.of(
                "TimeZone",
                "DateStyle",
                "IntervalStyle",
                "search_path",
                "standard_conforming_strings",
                "extra_float_digits",
                "lc_messages",
                "statement_timeout");
        ConnectionFactory factory = factory(db);
        Map<String, String> ours = new LinkedHashMap<>();
        try (Connection c = factory.open("the test")) {
            for (String n : names) {
                ours.put(n, show(c, n));
            }
        }
        ConnectionSettings s = factory.settings();
        List<String> cmd = new ArrayList<>(List.of(psql.toString(), "-X", "-At", "-v", "ON_ERROR_STOP=1"));
        for (String n : names) {
            cmd.add("-c");
            cmd.add("SHOW " + n);
        }
        cmd.add("host=" + s.host() + " port=" + s.port() + " dbname=" + db.name() + " user=" + db.user());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("PG"));
        if (db.password() != null) {
            env.put("PGPASSWORD", db.password());
        }
        Process p = pb.start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        Map<String, String> theirs = new LinkedHashMap<>();
        String[] lines = out.strip().split("\n");
        for (int i = 0; i < names.size(); i++) {
            theirs.put(names.get(i), lines[i]);
        }
        assertThat(ours).isEqualTo(theirs);
    }

    @Test
    void connectErrorsNameTheUrlAndServerMessageButNeverThePassword(TestDatabase db) {
        ConnectionSettings ok = factory(db).settings();
        String url = "postgres://" + db.user() + ":" + SECRET + "@" + ok.host() + ":" + ok.port() + "/no_such_db_"
                + System.nanoTime();
        ConnectionFactory factory = new ConnectionFactory(
                ConnectionSettings.builder(url).env(Map.of()).userHome(home).build());
        assertThatThrownBy(() -> factory.open("the apply lock"))
                .isInstanceOf(SemException.class)
                .satisfies(e -> {
                    String all = stackText(e);
                    assertThat(all).doesNotContain(SECRET);
                    assertThat(e.getMessage())
                            .startsWith("Could not connect to " + DatabaseUrl.sanitize(url))
                            .contains(":[REDACTED]@")
                            .contains("for the apply lock: ");
                    // trust authentication (embedded server) reaches the database check; others reject the password
                    assertThat(e.getMessage())
                            .containsAnyOf(
                                    "does not exist; check the database name",
                                    "check the password (it came from the url)");
                });
    }

    @Test
    void wrongPasswordHintWhenTheServerChecksPasswords(TestDatabase db) throws SQLException {
        String role = "sem_pw_" + ProcessHandle.current().pid() + "_" + System.nanoTime();
        String group = db.server().passwordCheckedGroup();
        admin(
                db,
                "CREATE ROLE " + PostgresServer.quote(role) + " LOGIN PASSWORD 'right-one'"
                        + (group == null ? "" : " IN ROLE " + PostgresServer.quote(group)));
        try {
            ConnectionSettings ok = factory(db).settings();
            String url = "postgres://" + role + "@" + ok.host() + ":" + ok.port() + "/" + db.name();
            Path passfile = home.resolve("team.pgpass");
            // The hint names where the password came from and every place sem looks, in order: the settings.xml
            // servers that were looked up (by their real ids), PGPASSWORD, the password file.
            String fromEnv = wrongPasswordHint(ConnectionSettings.builder(url)
                    .env(Map.of("PGPASSWORD", SECRET))
                    .userHome(home)
                    .settingsServers(List.of("sem-db")));
            assertThat(fromEnv)
                    .contains("password authentication failed")
                    .endsWith("; check the password (it came from PGPASSWORD); sem takes the first password it finds"
                            + " in: settings.xml server sem-db (username and password; an encrypted password works),"
                            + " PGPASSWORD, then ~/.pgpass (or the file PGPASSFILE names)");
            String fromSettings = wrongPasswordHint(ConnectionSettings.builder(url)
                    .env(Map.of("PGPASSFILE", passfile.toString()))
                    .userHome(home)
                    .password(SECRET, "settings.xml server db1")
                    .settingsServers(Arrays.asList("db1", null, "sem-db")));
            assertThat(fromSettings)
                    .endsWith("; check the password (it came from settings.xml server db1); sem takes the first"
                            + " password it finds in: settings.xml server db1, else sem-db (username and password;"
                            + " an encrypted password works), PGPASSWORD, then the password file " + passfile
                            + " (PGPASSFILE)");
            String none = wrongPasswordHint(
                    ConnectionSettings.builder(url).env(Map.of()).userHome(home).settingsServers(List.of("sem-db")));
            assertThat(none)
                    .endsWith("; no password was found; give one in: settings.xml server sem-db (username and"
                            + " password; an encrypted password works), PGPASSWORD, then ~/.pgpass (or the file"
                            + " PGPASSFILE names)");
            for (String hint : List.of(fromEnv, fromSettings, none)) {
                assertThat(hint).doesNotContain("<id>").doesNotContain("the url");
            }
        } finally {
            admin(db, "DROP ROLE IF EXISTS " + PostgresServer.quote(role));
        }
    }

    /** Connects with a wrong or missing password; the error line, which must never contain the password. */
    private static String wrongPasswordHint(ConnectionSettings.Builder builder) {
        ConnectionFactory factory = new ConnectionFactory(builder.build());
        try (Connection c = factory.open("the test")) {
            throw new AssertionError("the server must refuse the connection: " + c);
        } catch (SemException e) {
            assertThat(stackText(e)).doesNotContain(SECRET);
            assertThat(e.isUserError()).isTrue();
            return e.getMessage();
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aFailedConnectionToTheAssumedTargetSaysHowToChooseOne() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Map<String, String> env = Map.of("PGHOST", "127.0.0.1", "PGPORT", String.valueOf(port));
        ConnectionSettings settings = ConnectionSettings.builder(DatabaseUrl.fromParts(null, null, null, null, env))
                .env(env)
                .osUser("alice")
                .userHome(home)
                .assumedTarget()
                .build();
        assertThat(settings.assumedTarget().orElseThrow().toString())
                .isEqualTo("No database was given, so sem assumed postgresql://alice@127.0.0.1:" + port + "/alice"
                        + " (host 127.0.0.1: PGHOST, port " + port + ": PGPORT, database alice: the user name, as"
                        + " libpq does, user alice: the operating-system user); choose another with"
                        + " url=postgresql://user@host:5432/db");
        assertThatThrownBy(() -> new ConnectionFactory(settings).open("apply"))
                .isInstanceOf(SemException.class)
                .satisfies(e -> {
                    assertThat(((SemException) e).message().options()).containsExactly(Option.URL);
                    assertThat(e.getMessage())
                            .endsWith("is the server running and reachable at 127.0.0.1:" + port + "? (connect"
                                    + " timeout 10 s). No database was given, so this is the default target sem"
                                    + " assumed; choose one with url=postgresql://user@host:5432/db");
                });
        // A database that was named is not an assumed one.
        assertThat(ConnectionSettings.builder("postgres://app@127.0.0.1:" + port + "/db")
                        .env(Map.of())
                        .userHome(home)
                        .build()
                        .assumedTarget())
                .isEmpty();
    }

    @Test
    void unreachableServerFailsFastWithAHint() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ConnectionFactory factory = new ConnectionFactory(
                ConnectionSettings.builder("postgres://app:" + SECRET + "@127.0.0.1:" + port + "/db")
                        .env(Map.of())
                        .userHome(home)
                        .build());
        // Fast because refused at once: the driver reports the refusal, not a connect timeout that ran out.
        assertThatThrownBy(() -> factory.open("the apply lock"))
                .isInstanceOf(SemException.class)
                .hasMessageContaining("Connection to 127.0.0.1:" + port + " refused")
                .satisfies(e -> {
                    assertThat(((SemException) e).isUserError()).isFalse();
                    assertThat(e.getMessage())
                            .startsWith("Could not connect to postgres://app:[REDACTED]@127.0.0.1:" + port + "/db")
                            .endsWith("is the server running and reachable at 127.0.0.1:" + port
                                    + "? (connect timeout 10 s)");
                    assertThat(stackText(e)).doesNotContain(SECRET);
                });
    }

    private static String stackText(Throwable e) {
        StringWriter w = new StringWriter();
        e.printStackTrace(new PrintWriter(w));
        return w.toString();
    }
}
