package dev.sem.db;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.sem.SemException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** pgpm's libpq key/value connection strings as {@code sem.url}. */
class DatabaseUrlKeyValueTest {

    private static final String SECRET = "Zq7-secret-pw";

    @Test
    void keyValuePairsFillHostPortDatabaseUserAndParameters() {
        DatabaseUrl u = DatabaseUrl.parse(
                "host=db.example.com port=6543 dbname=sales user=app password=" + SECRET + " sslmode=require");
        assertThat(u.isJdbc()).isFalse();
        assertThat(u.hosts()).containsExactly(new DatabaseUrl.Host("db.example.com", 6543));
        assertThat(u.database()).contains("sales");
        assertThat(u.user()).contains("app");
        assertThat(u.password()).isEqualTo(SECRET);
        assertThat(u.parameters()).containsExactly(Map.entry("sslmode", "require"));
    }

    @Test
    void quotedValuesSpacesAroundEqualsAndHostLists() {
        DatabaseUrl u = DatabaseUrl.parse("host = 'a,b' port=1,2  dbname='my db' password='it\\'s secret'");
        assertThat(u.hosts()).containsExactly(new DatabaseUrl.Host("a", 1), new DatabaseUrl.Host("b", 2));
        assertThat(u.database()).contains("my db");
        assertThat(u.password()).isEqualTo("it's secret");
    }

    @Test
    void thePasswordIsNeverPrinted() {
        String conn = "host=h dbname=d user=u password=" + SECRET;
        assertThat(DatabaseUrl.parse(conn).toString()).doesNotContain(SECRET).contains("password=[REDACTED]");
        assertThat(DatabaseUrl.sanitize("host=h password='a b c' dbname=d"))
                .isEqualTo("host=h password=[REDACTED] dbname=d");
        ConnectionSettings s =
                ConnectionSettings.builder(conn).env(Map.of()).userHome(null).build();
        assertThat(s.toString()).doesNotContain(SECRET);
        assertThat(s.redact("failed for " + conn + " with " + SECRET)).doesNotContain(SECRET);
    }

    @Test
    void aHostlessStringTakesPgHostOrNamesTheSocketProblem() {
        ConnectionSettings s = ConnectionSettings.builder("port=5433 dbname=d user=u")
                .env(Map.of("PGHOST", "localhost"))
                .userHome(null)
                .build();
        assertThat(s.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5433/d");
        // No host: libpq's default socket directories (none has a socket here; a socket there is used).
        assertThatThrownBy(() -> ConnectionSettings.builder("dbname=d user=u")
                        .env(Map.of())
                        .userHome(null)
                        .socketDirectories(List.of(Path.of("/nonexistent-sem-socket-directory")))
                        .build())
                .isInstanceOf(SemException.class)
                .hasMessageContaining("names no host, so libpq would use the server's Unix socket .s.PGSQL.5432 in"
                        + " /nonexistent-sem-socket-directory, and there is none");
    }

    @Test
    void malformedPairsAreErrorsWithoutThePassword() {
        assertThatThrownBy(() -> DatabaseUrl.parse("host=h password='" + SECRET))
                .hasMessageContaining("Unterminated quoted value of password")
                .hasMessageNotContaining(SECRET);
        assertThatThrownBy(() -> DatabaseUrl.parse("host=h port=x")).hasMessageContaining("to be an integer");
    }
}
