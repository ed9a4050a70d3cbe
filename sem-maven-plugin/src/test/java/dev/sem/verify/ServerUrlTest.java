package dev.sem.verify;

import java.util.List;
import java.util.Map;

import dev.sem.SemException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServerUrlTest {

    @Test
    void jdbcUrlIsParsedByTheDriverAndRebuiltForAnotherDatabase() {
        ServerUrl url = ServerUrl.parse(
                "jdbc:postgresql://db1:5433,db2/maint?sslmode=require&user=bob&password=s%20cret&ApplicationName=a%2Bb",
                "-Dsem.verify.url");

        assertThat(url.hostPorts()).containsExactly("db1:5433", "db2:5432");
        assertThat(url.database()).isEqualTo("maint");
        assertThat(url.user()).isEqualTo("bob");
        assertThat(url.password()).isEqualTo("s cret");
        assertThat(url.parameters())
                .containsExactlyInAnyOrderEntriesOf(Map.of("sslmode", "require", "ApplicationName", "a+b"));
        assertThat(url.jdbcUrl("sem_verify_1"))
                .isEqualTo("jdbc:postgresql://db1:5433,db2:5432/sem_verify_1?ApplicationName=a%2Bb&sslmode=require");
        assertThat(url.toString()).doesNotContain("cret");
    }

    @Test
    void jdbcUrlWithoutDatabase() {
        ServerUrl url = ServerUrl.parse("jdbc:postgresql://localhost/", "x");
        assertThat(url.database()).isNull();
        assertThat(url.hostPorts()).containsExactly("localhost:5432");
        assertThat(url.parameters()).isEmpty();
    }

    @Test
    void libpqUriWithCredentialsPortAndParameters() {
        ServerUrl url =
                ServerUrl.parse("postgres://alice:p%40ss+word@pg.example.com:6543/app?sslmode=verify-full", "x");

        assertThat(url.hostPorts()).containsExactly("pg.example.com:6543");
        assertThat(url.database()).isEqualTo("app");
        assertThat(url.user()).isEqualTo("alice");
        assertThat(url.password()).isEqualTo("p@ss+word");
        assertThat(url.parameters()).isEqualTo(Map.of("sslmode", "verify-full"));
        assertThat(url.jdbcUrl("postgres"))
                .isEqualTo("jdbc:postgresql://pg.example.com:6543/postgres?sslmode=verify-full");
    }

    @Test
    void libpqUriDefaultsAndIpv6() {
        ServerUrl plain = ServerUrl.parse("postgresql://bob@[::1]", "x");
        assertThat(plain.hostPorts()).isEqualTo(List.of("[::1]:5432"));
        assertThat(plain.database()).isNull();
        assertThat(plain.user()).isEqualTo("bob");
        assertThat(plain.password()).isNull();

        ServerUrl hostless = ServerUrl.parse("postgres:///db?user=carol", "x");
        assertThat(hostless.hostPorts()).containsExactly("localhost:5432");
        assertThat(hostless.user()).isEqualTo("carol");
    }

    @Test
    void notAPostgresUrlIsAUserErrorThatHidesThePassword() {
        assertThatThrownBy(() -> ServerUrl.parse("mysql://root:hunter2@db/x", "-Dsem.verify.url"))
                .isInstanceOf(SemException.class)
                .hasMessageContaining("-Dsem.verify.url is not a PostgreSQL URL")
                .hasMessageContaining("jdbc:postgresql://host:port/database")
                .hasMessageNotContaining("hunter2")
                .satisfies(e -> assertThat(((SemException) e).isUserError()).isTrue());
        assertThatThrownBy(() -> ServerUrl.parse("postgres://u:hunter2@db:port/x", "-Dsem.verify.url"))
                .isInstanceOf(SemException.class)
                .hasMessageContaining("bad port")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> ServerUrl.parse(" ", "-Dsem.verify.url"))
                .isInstanceOf(SemException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void redactRemovesPasswordsFromBothForms() {
        assertThat(ServerUrl.redact("jdbc:postgresql://h/db?user=u&password=secret&ssl=true"))
                .isEqualTo("jdbc:postgresql://h/db?user=u&password=***&ssl=true");
        assertThat(ServerUrl.redact("postgres://u:secret@h:5432/db")).isEqualTo("postgres://u:***@h:5432/db");
    }
}
