package dev.sem.db;

import java.util.Map;

import dev.sem.SemException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabaseUrlTest {

    private static final String SECRET = "Zq7-secret-pw";

    @ParameterizedTest
    @ValueSource(
            strings = {
                "postgres://app:pw@db.example.com:6543/sales",
                "postgresql://app:pw@db.example.com:6543/sales",
                "POSTGRES://app:pw@db.example.com:6543/sales",
                "PostgreSQL://app:pw@db.example.com:6543/sales",
                "postgres://app:pw@db.example.com:6543/sales?sslmode=require"
            })
    void postgresForms(String url) {
        DatabaseUrl u = DatabaseUrl.parse(url);
        assertThat(u.isJdbc()).isFalse();
        assertThat(u.hosts()).containsExactly(new DatabaseUrl.Host("db.example.com", 6543));
        assertThat(u.user()).contains("app");
        assertThat(u.password()).isEqualTo("pw");
        assertThat(u.database()).contains("sales");
    }

    @Test
    void withoutUserPortOrName() {
        DatabaseUrl u = DatabaseUrl.parse("postgres://localhost:5432/");
        assertThat(u.hosts()).containsExactly(new DatabaseUrl.Host("localhost", 5432));
        assertThat(u.user()).isEmpty();
        assertThat(u.hasPassword()).isFalse();
        assertThat(u.database()).isEmpty();
        assertThat(DatabaseUrl.parse("postgres://h/db").hosts()).containsExactly(new DatabaseUrl.Host("h", null));
    }

    @Test
    void percentDecoding() {
        DatabaseUrl u = DatabaseUrl.parse("postgres://us%40er:p%40ss%3Aw%2Fo+rd@h:1/my%20db%2B1");
        assertThat(u.user()).contains("us@er");
        assertThat(u.password()).isEqualTo("p@ss:w/o+rd");
        assertThat(u.database()).contains("my db+1");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgres://h/db%zz"))
                .hasMessage("Invalid url[postgres://h/db%zz]. Invalid percent-encoding; write % as %25");
    }

    @Test
    void queryParametersPassThroughDecoded() {
        DatabaseUrl u = DatabaseUrl.parse(
                "postgres://h/db?sslmode=verify-full&sslrootcert=%2Fetc%2Fca.pem&application_name=x&password="
                        + SECRET);
        assertThat(u.parameters())
                .containsExactly(
                        Map.entry("sslmode", "verify-full"),
                        Map.entry("sslrootcert", "/etc/ca.pem"),
                        Map.entry("application_name", "x"));
        assertThat(u.password()).isEqualTo(SECRET);
        assertThat(u.toString()).doesNotContain(SECRET).endsWith("password=[REDACTED]");
    }

    @Test
    void queryOverridesHostPortUserAndName() {
        DatabaseUrl u = DatabaseUrl.parse("postgresql://ignored:1/x?host=db&port=6000&user=u&dbname=d");
        assertThat(u.hosts()).containsExactly(new DatabaseUrl.Host("db", 6000));
        assertThat(u.user()).contains("u");
        assertThat(u.database()).contains("d");
    }

    @Test
    void hostLessAndSocketForms() {
        DatabaseUrl u = DatabaseUrl.parse("postgresql:///db?host=/var/run/postgresql");
        assertThat(u.hosts()).containsExactly(new DatabaseUrl.Host("/var/run/postgresql", null));
        assertThat(DatabaseUrl.parse("postgresql:///db").hosts()).isEmpty();
    }

    @Test
    void ipv6AndMultipleHosts() {
        assertThat(DatabaseUrl.parse("postgres://[::1]:5433/db").hosts())
                .containsExactly(new DatabaseUrl.Host("::1", 5433));
        assertThat(DatabaseUrl.parse("postgres://a:1,b:2/db").hosts())
                .containsExactly(new DatabaseUrl.Host("a", 1), new DatabaseUrl.Host("b", 2));
    }

    @Test
    void jdbcForm() {
        DatabaseUrl u = DatabaseUrl.parse("jdbc:postgresql://h1:5433,h2/my%20db?user=app&password=" + SECRET
                + "&sslmode=require&ApplicationName=x");
        assertThat(u.isJdbc()).isTrue();
        assertThat(u.hosts()).containsExactly(new DatabaseUrl.Host("h1", 5433), new DatabaseUrl.Host("h2", 5432));
        assertThat(u.database()).contains("my db");
        assertThat(u.user()).contains("app");
        assertThat(u.password()).isEqualTo(SECRET);
        assertThat(u.parameters()).containsEntry("sslmode", "require").containsEntry("ApplicationName", "x");
        assertThat(u.parameters()).doesNotContainKeys("user", "password", "PGHOST", "PGPORT", "PGDBNAME");
        assertThat(u.toString()).doesNotContain(SECRET);
    }

    @Test
    void invalidJdbcUrl() {
        assertThatThrownBy(() -> DatabaseUrl.parse("jdbc:mysql://h/db"))
                .isInstanceOf(SemException.class)
                .hasMessageStartingWith("Invalid url[jdbc:mysql://h/db]. Expected jdbc:postgresql://");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\n"})
    void blank(String url) {
        assertThatThrownBy(() -> DatabaseUrl.parse(url)).hasMessage("url cannot be blank");
        assertThatThrownBy(() -> DatabaseUrl.parse(null)).hasMessage("url cannot be blank");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "localhost:5432/db|Invalid url[localhost:5432/db]. Expected to start with postgres://",
                "mysql://h/db|Invalid url[mysql://h/db]. Expected to start with postgres://",
                "postgres:/h/db|Invalid url[postgres:/h/db]. Expected to start with postgres://",
                "postgres://localhost:5432|Invalid url[postgres://localhost:5432]. Missing database name",
                "postgres://h?sslmode=require|Invalid url[postgres://h?sslmode=require]. Missing database name",
                "postgres://h:abc/db|Invalid url[postgres://h:abc/db]. Expected database port[abc] to be an integer",
                "postgres://h:/db|Invalid url[postgres://h:/db]. Expected database port[] to be an integer",
                "postgres://h:05432/db|Invalid url[postgres://h:05432/db]. Expected database port[05432] to be an integer",
                "postgres://h:0/db|Port must be > 0",
                "postgres://h:-1/db|Port must be > 0",
                "postgres://h:70000/db|Invalid url[postgres://h:70000/db]. Port[70000] must be at most 65535",
                "postgres://u:pw@h:x/db|Invalid url[postgres://u:[REDACTED]@h:x/db]. Expected database port[x] to be an integer",
            })
    void validationMessages(String url, String message) {
        assertThatThrownBy(() -> DatabaseUrl.parse(url))
                .isInstanceOf(SemException.class)
                .hasMessage(message);
    }

    @Test
    void rawAtInPasswordIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> DatabaseUrl.parse("postgres://u:p@" + SECRET + "@h/db"))
                .hasMessage(
                        "Invalid url[postgres://u:[REDACTED]@h/db]. A password containing @ must be written as %40");
    }

    @Test
    void rawSlashInPasswordDoesNotLeakInTheError() {
        assertThatThrownBy(() -> DatabaseUrl.parse("postgres://u:ab/" + SECRET + "@h/db"))
                .hasMessage(
                        "Invalid url[postgres://u:[REDACTED]@h/db]. A password containing / must be written as %2F");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "postgres://user:secret@host:5432/db|postgres://user:[REDACTED]@host:5432/db",
                "postgres://user@host:5432/db|postgres://user@host:5432/db",
                "postgres://host:5432/db|postgres://host:5432/db",
                "postgres://user:p@ss:w@rd@host:5432/db|postgres://user:[REDACTED]@host:5432/db",
                "postgres://user:p%40ss%3A@host/db|postgres://user:[REDACTED]@host/db",
                "postgres://user:@host/db|postgres://user:[REDACTED]@host/db",
                "POSTGRESQL://u:x@h|POSTGRESQL://u:[REDACTED]@h",
                "postgres://h/db?sslmode=require&password=s3|postgres://h/db?sslmode=require&password=[REDACTED]",
                "postgres://h/db?password=s3&sslmode=require|postgres://h/db?password=[REDACTED]&sslmode=require",
                "postgres://h/db?sslpassword=k&x=1|postgres://h/db?sslpassword=[REDACTED]&x=1",
                "jdbc:postgresql://h/db?user=u&password=s3|jdbc:postgresql://h/db?user=u&password=[REDACTED]",
                "jdbc:postgresql://u:s3@h/db|jdbc:postgresql://u:[REDACTED]@h/db",
                "host=h password=s3 dbname=d|host=h password=[REDACTED] dbname=d",
                "not a url|not a url",
            })
    void sanitize(String url, String expected) {
        assertThat(DatabaseUrl.sanitize(url)).isEqualTo(expected);
    }

    @Test
    void fromPartsLikeSem() {
        Map<String, String> none = Map.of();
        assertThat(DatabaseUrl.fromParts(null, null, null, null, none).sanitized())
                .isEqualTo("postgres://localhost:5432/");
        assertThat(DatabaseUrl.fromParts("db", 6000, "sales", "app", none).sanitized())
                .isEqualTo("postgres://app@db:6000/sales");
        assertThat(DatabaseUrl.fromParts(null, null, "my db", "a@b", none).sanitized())
                .isEqualTo("postgres://a%40b@localhost:5432/my%20db");
        assertThat(DatabaseUrl.fromParts(null, null, "my db", "a@b", none).user())
                .contains("a@b");
    }

    @Test
    void fromPartsTakesHostAndPortFromTheEnvironment() {
        Map<String, String> env = Map.of("PGHOST", "envhost", "PGPORT", "6432");
        assertThat(DatabaseUrl.fromParts(null, null, "x", null, env).sanitized())
                .isEqualTo("postgres://envhost:6432/x");
        assertThat(DatabaseUrl.fromParts("h", 1, "x", null, env).sanitized()).isEqualTo("postgres://h:1/x");
        assertThatThrownBy(() -> DatabaseUrl.fromParts(null, 0, "x", null, Map.of()))
                .hasMessage("Port must be > 0");
        // A socket directory (sem.host or PGHOST) becomes libpq's host parameter.
        assertThat(DatabaseUrl.fromParts(null, null, "x", null, Map.of("PGHOST", "/tmp"))
                        .sanitized())
                .isEqualTo("postgresql:///x?host=/tmp&port=5432");
        DatabaseUrl socket = DatabaseUrl.fromParts("/var/run/postgresql", 5433, "x", "app", Map.of());
        assertThat(socket.sanitized()).isEqualTo("postgresql://app@/x?host=/var/run/postgresql&port=5433");
        assertThat(socket.hosts()).containsExactly(new DatabaseUrl.Host("/var/run/postgresql", 5433));
        assertThat(socket.hosts().get(0).isSocket()).isTrue();
    }
}
