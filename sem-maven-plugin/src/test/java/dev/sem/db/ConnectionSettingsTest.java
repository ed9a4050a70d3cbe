package dev.sem.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.sem.SemException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.Driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnectionSettingsTest {

    private static final String SECRET = "Zq7-very-distinctive-secret";

    @TempDir
    Path home;

    private ConnectionSettings.Builder builder(String url, Map<String, String> env) {
        return ConnectionSettings.builder(url)
                .env(env)
                .userHome(home)
                .osUser("osuser")
                .toolVersion("1.2.3");
    }

    private ConnectionSettings settings(String url, Map<String, String> env) {
        return builder(url, env).build();
    }

    private Path pgpass(String... lines) throws IOException {
        Path f = home.resolve(".pgpass");
        Files.writeString(f, String.join("\n", lines) + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        return f;
    }

    @Test
    void basicResolution() {
        ConnectionSettings s = settings("postgres://app@db.example.com:6543/sales", Map.of());
        assertThat(s.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:6543/sales");
        assertThat(s.host()).isEqualTo("db.example.com");
        assertThat(s.port()).isEqualTo(6543);
        assertThat(s.database()).isEqualTo("sales");
        assertThat(s.user()).isEqualTo("app");
        assertThat(s.password()).isEmpty();
        assertThat(s.passwordSource()).isEqualTo(ConnectionSettings.PasswordSource.NONE);
        assertThat(s.driverProperties())
                .containsEntry("connectTimeout", "10")
                .containsEntry("ApplicationName", "sem 1.2.3")
                .containsEntry("tcpKeepAlive", "true")
                .doesNotContainKeys("user", "password");
    }

    @Test
    void libpqEnvironmentFillsGaps() {
        Map<String, String> env =
                Map.of("PGHOST", "envhost", "PGPORT", "6000", "PGUSER", "envuser", "PGDATABASE", "envdb");
        ConnectionSettings s = settings("postgresql:///", env);
        assertThat(s.jdbcUrl()).isEqualTo("jdbc:postgresql://envhost:6000/envdb");
        assertThat(s.user()).isEqualTo("envuser");
        // what the URL says wins
        ConnectionSettings t = settings("postgres://u@h:1/d", env);
        assertThat(t.jdbcUrl()).isEqualTo("jdbc:postgresql://h:1/d");
        assertThat(t.user()).isEqualTo("u");
    }

    @Test
    void databaseDefaultsToTheUserAndUserToTheOsUser() {
        ConnectionSettings s = settings("postgres://localhost:5432/", Map.of());
        assertThat(s.user()).isEqualTo("osuser");
        assertThat(s.database()).isEqualTo("osuser");
        assertThat(settings("postgres://localhost:5432/", Map.of("PGUSER", "pu"))
                        .database())
                .isEqualTo("pu");
    }

    @Test
    void fromPartsGoesThroughTheSameResolution() {
        Map<String, String> env = Map.of("PGDATABASE", "envdb", "PGUSER", "envuser");
        ConnectionSettings s = ConnectionSettings.builder(DatabaseUrl.fromParts(null, null, null, null, env))
                .env(env)
                .userHome(home)
                .build();
        assertThat(s.sanitizedUrl()).isEqualTo("postgres://localhost:5432/");
        assertThat(s.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/envdb");
        assertThat(s.user()).isEqualTo("envuser");
    }

    @Test
    void unixSocketDirectoriesConnectThroughTheSocketFactory() throws IOException {
        ConnectionSettings s = settings("postgresql:///db?host=/var/run/postgresql", Map.of());
        assertThat(s.socketFile()).contains(Path.of("/var/run/postgresql/.s.PGSQL.5432"));
        assertThat(s.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/db");
        assertThat(s.libpqUri()).isEqualTo("postgresql://osuser@/db?host=/var/run/postgresql&port=5432");
        assertThat(s.target()).isEqualTo("osuser@/var/run/postgresql:5432/db");
        assertThat(s.driverProperties())
                .containsEntry("socketFactory", "org.newsclub.net.unix.AFUNIXSocketFactory$FactoryArg")
                .containsEntry("socketFactoryArg", "/var/run/postgresql/.s.PGSQL.5432")
                .containsEntry("sslmode", "disable");
        // PGHOST and PGPORT, the port of the authority, and a directory given as a host part.
        ConnectionSettings env = settings("postgresql:///db", Map.of("PGHOST", "/tmp", "PGPORT", "6000"));
        assertThat(env.socketFile()).contains(Path.of("/tmp/.s.PGSQL.6000"));
        assertThat(settings("postgresql://:5433/db?host=/tmp", Map.of()).socketFile())
                .contains(Path.of("/tmp/.s.PGSQL.5433"));
        assertThat(settings(
                                DatabaseUrl.fromParts("/run/pg sock", 7000, "db", "app", Map.of())
                                        .sanitized(),
                                Map.of())
                        .libpqUri())
                .isEqualTo("postgresql://app@/db?host=%2Frun%2Fpg%20sock&port=7000");
        // A TCP host keeps TCP, with the usual settings.
        ConnectionSettings tcp = settings("postgresql:///db?host=dbhost", Map.of());
        assertThat(tcp.host()).isEqualTo("dbhost");
        assertThat(tcp.socketFile()).isEmpty();
        assertThat(tcp.driverProperties()).doesNotContainKey("socketFactory");
        // No host at all: libpq's default socket directories, in order.
        Path none = home.resolve("none");
        Path found = Files.createDirectories(home.resolve("sockets"));
        Files.createFile(found.resolve(".s.PGSQL.5432"));
        assertThat(builder("postgresql:///db", Map.of())
                        .socketDirectories(List.of(none, found))
                        .build()
                        .socketFile())
                .contains(found.resolve(".s.PGSQL.5432"));
        assertThatThrownBy(() -> builder("postgresql:///db", Map.of())
                        .socketDirectories(List.of(none))
                        .build())
                .isInstanceOf(SemException.class)
                .hasMessage("The url postgresql:///db names no host, so libpq would use the server's Unix socket"
                        + " .s.PGSQL.5432 in " + none + ", and there is none; give the socket directory, such as"
                        + " postgresql:///db?host=/var/run/postgresql, or a TCP host, such as"
                        + " postgres://localhost:5432/db, or set PGHOST");
    }

    @Test
    void socketsSemCannotUseAreRefusedWithTheAlternative() {
        assertThatThrownBy(() -> settings("postgresql:///db?host=@pg", Map.of()))
                .isInstanceOf(SemException.class)
                .hasMessageContaining("names the abstract Unix socket @pg, which sem does not support; give the"
                        + " socket's directory (such as /var/run/postgresql) or a TCP host such as localhost");
        assertThatThrownBy(() -> settings("postgresql:///db?host=/tmp,dbhost", Map.of()))
                .isInstanceOf(SemException.class)
                .hasMessageContaining("names the Unix socket directory /tmp among several hosts");
    }

    @Test
    void theDefaultSocketDirectoryMatchesLocalhostInThePasswordFile() throws IOException {
        pgpass("localhost:5432:db:app:" + SECRET);
        ConnectionSettings s = settings("postgresql://app@/db?host=/var/run/postgresql", Map.of());
        assertThat(s.password()).contains(SECRET);
        assertThat(s.passwordSource()).isEqualTo(ConnectionSettings.PasswordSource.PASSWORD_FILE);
        assertThat(settings("postgresql://app@/db?host=/srv/pg", Map.of()).password())
                .isEmpty();
    }

    @Test
    void passwordPrecedenceExplicitUrlEnvFile() throws IOException {
        pgpass("*:*:*:*:fromfile");
        Map<String, String> env = Map.of("PGPASSWORD", "fromenv");
        assertThat(builder("postgres://u@h/d", env)
                        .password("explicit", "settings.xml server prod")
                        .build())
                .satisfies(s -> {
                    assertThat(s.password()).contains("explicit");
                    assertThat(s.passwordOrigin()).isEqualTo("settings.xml server prod");
                });
        assertThat(settings("postgres://u:fromurl@h/d", env).password()).contains("fromurl");
        assertThat(settings("postgres://u:fromurl@h/d", env).passwordSource())
                .isEqualTo(ConnectionSettings.PasswordSource.URL);
        assertThat(settings("postgres://u@h/d", env).password()).contains("fromenv");
        assertThat(settings("postgres://u@h/d", Map.of()).password()).contains("fromfile");
        assertThat(settings("postgres://u@h/d", Map.of()).passwordSource())
                .isEqualTo(ConnectionSettings.PasswordSource.PASSWORD_FILE);
    }

    @Test
    void passwordInTheUrlAndInSettingsIsAnError() {
        assertThatThrownBy(() -> builder("postgres://u:" + SECRET + "@h/d", Map.of())
                        .password("other", "settings.xml server prod")
                        .build())
                .isInstanceOf(SemException.class)
                .hasMessage("The password is given twice, in the url (postgres://u:[REDACTED]@h/d) and in settings.xml"
                        + " server prod; give the password in one place: remove it from the url");
        assertThatThrownBy(() -> builder("postgres://u@h/d?password=" + SECRET, Map.of())
                        .password("other", "settings.xml server prod")
                        .build())
                .hasMessageNotContaining(SECRET)
                .hasMessageContaining("give the password in one place");
    }

    @Test
    void pgpassMatching() {
        List<String> lines = List.of(
                "# comment",
                "",
                "other:5432:*:*:wrong-host",
                "db\\:1:5432:sales:app:escaped-host",
                "db:6000:*:app:wrong-port",
                "db:5432:sales:app:pa\\:ss\\\\word:ignored-after-colon",
                "*:*:*:*:catch-all");
        assertThat(PgPass.match(lines, "db", "5432", "sales", "app")).contains("pa:ss\\word");
        assertThat(PgPass.match(lines, "db:1", "5432", "sales", "app")).contains("escaped-host");
        assertThat(PgPass.match(lines, "db", "5432", "other", "app")).contains("catch-all");
        assertThat(PgPass.match(List.of("\\*:*:*:*:literal-star"), "db", "1", "d", "u"))
                .isEmpty();
        assertThat(PgPass.match(List.of("\\*:*:*:*:literal-star"), "*", "1", "d", "u"))
                .contains("literal-star");
        assertThat(PgPass.match(List.of("h:1:d:u:"), "h", "1", "d", "u")).isEmpty();
        assertThat(PgPass.match(List.of("h:1:d:u:pw\r"), "h", "1", "d", "u")).contains("pw");
        assertThat(PgPass.match(List.of("h:1:d:u"), "h", "1", "d", "u")).isEmpty();
        assertThat(PgPass.match(List.of("h*:1:d:u:pw"), "hx", "1", "d", "u")).isEmpty();
    }

    @Test
    void pgpassUsesTheResolvedHostPortDatabaseAndUser() throws IOException {
        pgpass("h:5432:d:u:first", "h:5432:d:u:second", "h:6000:d:u:port6000");
        assertThat(settings("postgres://u@h/d", Map.of()).password()).contains("first");
        assertThat(settings("postgres://u@h/d", Map.of("PGPORT", "6000")).password())
                .contains("port6000");
        assertThat(settings("postgres://h/d", Map.of()).password()).isEmpty(); // user osuser
    }

    @Test
    void pgpassfileVariable() throws IOException {
        Path other = home.resolve("elsewhere");
        Files.writeString(other, "*:*:*:*:from-pgpassfile\n");
        Files.setPosixFilePermissions(other, PosixFilePermissions.fromString("rw-------"));
        pgpass("*:*:*:*:from-home");
        ConnectionSettings s = settings("postgres://u@h/d", Map.of("PGPASSFILE", other.toString()));
        assertThat(s.password()).contains("from-pgpassfile");
        assertThat(s.passwordOrigin()).isEqualTo("password file " + other);
    }

    @Test
    void groupReadablePgpassIsIgnoredWithLibpqsWarning() throws IOException {
        Path f = pgpass("*:*:*:*:pw");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
        ConnectionSettings s = settings("postgres://u@h/d", Map.of());
        assertThat(s.password()).isEmpty();
        assertThat(s.warnings())
                .containsExactly("WARNING: password file \"" + f + "\" has group or world access; permissions should"
                        + " be u=rw (0600) or less");
    }

    @Test
    void toStringNeverShowsThePassword() {
        for (ConnectionSettings s : List.of(
                settings("postgres://u:" + SECRET + "@h/d?sslpassword=" + SECRET, Map.of()),
                settings("jdbc:postgresql://h/d?user=u&password=" + SECRET, Map.of()),
                settings("postgres://u@h/d", Map.of("PGPASSWORD", SECRET)),
                builder("postgres://u@h/d", Map.of())
                        .password(SECRET, "settings.xml server x")
                        .build())) {
            assertThat(s.password()).contains(SECRET);
            assertThat(s.toString()).doesNotContain(SECRET).contains("password=from ");
            assertThat(s.jdbcUrl()).doesNotContain(SECRET);
            assertThat(s.sanitizedUrl()).doesNotContain(SECRET);
            assertThat(s.driverProperties().toString()).doesNotContain("password=" + SECRET);
            assertThat(s.redact("boom " + SECRET + " boom")).isEqualTo("boom [REDACTED] boom");
        }
    }

    @Test
    void libpqParametersAreTranslated() {
        ConnectionSettings s = settings(
                "postgres://h/d?sslmode=verify-full&sslrootcert=/ca.pem&connect_timeout=3&application_name=app"
                        + "&target_session_attrs=read-write&keepalives=0&options=-c%20search_path%3Dx&sslfactory=f",
                Map.of());
        assertThat(s.driverProperties())
                .containsEntry("sslmode", "verify-full")
                .containsEntry("sslrootcert", "/ca.pem")
                .containsEntry("connectTimeout", "3")
                .containsEntry("loginTimeout", "3")
                .containsEntry("ApplicationName", "app")
                .containsEntry("targetServerType", "primary")
                .containsEntry("tcpKeepAlive", "false")
                .containsEntry("options", "-c search_path=x")
                .containsEntry("sslfactory", "f");
        assertThat(s.clientSettings()).containsEntry("search_path", "x");
    }

    @Test
    void unsupportedParameters() {
        assertThat(settings("postgres://h/d?sslcrl=/x", Map.of()).warnings())
                .containsExactly("URL parameter sslcrl is ignored: the JDBC driver has no equivalent");
        assertThatThrownBy(() -> settings("postgres://h/d?service=prod", Map.of()))
                .hasMessageContaining("service is not supported");
    }

    @Test
    void environmentDefaults() {
        Map<String, String> env = new HashMap<>();
        env.put("PGSSLMODE", "require");
        env.put("PGCONNECT_TIMEOUT", "4");
        env.put("PGAPPNAME", "deploy");
        env.put("PGTZ", "Asia/Tokyo");
        env.put("PGOPTIONS", "-c TimeZone=UTC --extra-float-digits=2");
        ConnectionSettings s = settings("postgres://h/d", env);
        assertThat(s.driverProperties())
                .containsEntry("sslmode", "require")
                .containsEntry("connectTimeout", "4")
                .containsEntry("ApplicationName", "deploy");
        // PGTZ is sent after the options, so it wins over -c TimeZone
        assertThat(s.clientSettings())
                .containsEntry("TimeZone", "Asia/Tokyo")
                .containsEntry("extra_float_digits", "2")
                .hasSize(2);
        // what the URL says wins over the environment
        ConnectionSettings t = settings("postgres://h/d?sslmode=disable&connect_timeout=0", env);
        assertThat(t.driverProperties()).containsEntry("sslmode", "disable").containsEntry("connectTimeout", "0");
        assertThatThrownBy(() -> settings("postgres://h/d", Map.of("PGCONNECT_TIMEOUT", "soon")))
                .hasMessage("PGCONNECT_TIMEOUT[soon] must be a number of seconds");
    }

    @Test
    void jdbcUrlKeepsDriverParametersAndEncodesTheName() {
        ConnectionSettings s = settings("jdbc:postgresql://h:5433/a%2Bb%20c?user=u&sslmode=require", Map.of());
        assertThat(s.database()).isEqualTo("a+b c");
        assertThat(s.jdbcUrl()).isEqualTo("jdbc:postgresql://h:5433/a%2Bb%20c");
        assertThat(Driver.parseURL(s.jdbcUrl(), null).getProperty("PGDBNAME")).isEqualTo("a+b c");
        assertThat(s.driverProperties()).containsEntry("sslmode", "require");
        assertThat(s.user()).isEqualTo("u");
    }

    @Test
    void ipv6HostInTheJdbcUrl() {
        assertThat(settings("postgres://[::1]:5433/d", Map.of()).jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5433/d");
    }

    @Test
    void optionSettingsParsing() {
        assertThat(ConnectionSettings.optionSettings("-c a=1 -cb=2 --c-d=3 -B 10 -c e=x\\ y"))
                .containsExactly(
                        Map.entry("a", "1"), Map.entry("b", "2"), Map.entry("c_d", "3"), Map.entry("e", "x y"));
    }

    @Test
    void libpqUriIsWhatPsqlTakesWithoutAPassword() {
        ConnectionSettings jdbc = ConnectionSettings.builder(
                        "jdbc:postgresql://db1:5433,[::1]/my%20db?user=app%40x&password=pw-123&sslmode=require")
                .env(Map.of())
                .userHome(home)
                .build();
        assertThat(jdbc.libpqUri()).isEqualTo("postgresql://app%40x@db1:5433,[::1]:5432/my%20db?sslmode=require");
        ConnectionSettings parts = ConnectionSettings.builder(DatabaseUrl.fromParts("db", null, "crm", null, Map.of()))
                .env(Map.of("PGPASSWORD", "pw-123"))
                .osUser("bob")
                .userHome(home)
                .build();
        assertThat(parts.libpqUri()).isEqualTo("postgresql://bob@db:5432/crm");
        assertThat(parts.assumedTarget()).as("host and name were given").isEmpty();
    }

    @Test
    void anAssumedTargetSaysWhereEachPartCameFrom() {
        Map<String, String> env = Map.of("PGHOST", "db.internal", "PGDATABASE", "crm");
        ConnectionSettings settings = ConnectionSettings.builder(
                        DatabaseUrl.fromParts(null, null, null, "deployer", env))
                .env(env)
                .defaultUser("deployer", "settings.xml server sem-db")
                .osUser("bob")
                .userHome(home)
                .assumedTarget()
                .build();
        assertThat(settings.assumedTarget().orElseThrow().toString())
                .isEqualTo("No database was given, so sem assumed postgresql://deployer@db.internal:5432/crm (host"
                        + " db.internal: PGHOST, port 5432: default, database crm: PGDATABASE, user deployer:"
                        + " settings.xml server sem-db); choose another with url=postgresql://user@host:5432/db");
    }

    @Test
    void anUnknownUrlParameterIsRefusedAsLibpqDoes() {
        assertThatThrownBy(
                        () -> settings("postgres://h/d?frobnicate=1", Map.of()).driverProperties())
                .isInstanceOf(SemException.class)
                .hasMessage("URL parameter frobnicate is neither a libpq connection parameter nor a property of the"
                        + " JDBC driver; check its spelling or remove it from the url");
        assertThatThrownBy(() -> settings("jdbc:postgresql://h/d?sslmod=require", Map.of())
                        .driverProperties())
                .isInstanceOf(SemException.class)
                .hasMessageContaining("URL parameter sslmod is neither");
        assertThat(settings("jdbc:postgresql://h/d?sslfactory=f&prepareThreshold=0", Map.of())
                        .driverProperties())
                .containsEntry("sslfactory", "f")
                .containsEntry("prepareThreshold", "0");
    }
}
