package dev.sem.verify;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import dev.sem.Option;
import dev.sem.SemException;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

import static dev.sem.testing.Remedies.suggests;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ThrowawayDockerTest {

    /** Without Docker (as on CI) the provider fails clearly; with Docker it must work. Never skipped. */
    @Test
    void failsClearlyWithoutDockerAndWorksWithIt() throws Exception {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            assertThatThrownBy(() -> ThrowawayPostgres.docker(null))
                    .isInstanceOf(SemException.class)
                    .hasMessageStartingWith("verify.provider=docker needs a Docker engine")
                    .satisfies(suggests(Option.VERIFY_PROVIDER, Option.VERIFY_URL))
                    .hasMessageContaining("drop the option to use the embedded PostgreSQL")
                    .satisfies(e -> assertThat(((SemException) e).isUserError()).isFalse());
            return;
        }
        try (ThrowawayPostgres pg = ThrowawayPostgres.docker("postgres:16-alpine");
                Connection c = pg.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT current_database()")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("verify");
            assertThat(pg.major()).isEqualTo(16);
            assertThat(pg.description()).contains("Docker").doesNotContain(pg.password());
        }
    }
}
