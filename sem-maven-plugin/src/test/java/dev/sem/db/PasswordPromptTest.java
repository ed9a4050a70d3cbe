package dev.sem.db;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.sem.SemException;
import dev.sem.testing.PostgresServer;
import dev.sem.testing.TestDatabase;
import dev.sem.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The password prompt: asked only when the server requests a password that no source gave, once per settings. */
@ExtendWith(TestPostgres.class)
class PasswordPromptTest {

    private static final String SECRET = "prompted-Secret-4711";

    @TempDir
    Path home;

    private TestDatabase db;
    private String role;
    private String url;

    @BeforeEach
    void passwordRole(TestDatabase db) throws SQLException {
        this.db = db;
        role = "sem_prompt_" + ProcessHandle.current().pid() + "_" + System.nanoTime();
        String group = db.server().passwordCheckedGroup();
        // The password-checked group logs in with scram-sha-256; PostgreSQL 13 stores md5 unless told otherwise.
        admin("SET password_encryption = 'scram-sha-256'; CREATE ROLE " + PostgresServer.quote(role)
                + " LOGIN PASSWORD '" + SECRET + "'"
                + (group == null ? "" : " IN ROLE " + PostgresServer.quote(group)));
        String hostAndPort = db.server().hostAndPort().replace("localhost", "127.0.0.1");
        url = "postgresql://" + role + "@" + hostAndPort + "/" + db.name();
    }

    @AfterEach
    void dropRole() throws SQLException {
        admin("DROP ROLE IF EXISTS " + PostgresServer.quote(role));
    }

    private void admin(String sql) throws SQLException {
        try (Connection c = db.server().admin();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private ConnectionSettings.Builder builder() {
        return ConnectionSettings.builder(url).env(Map.of()).userHome(home).settingsServers(List.of("sem-db"));
    }

    @Test
    void theServersRequestIsAnsweredByThePromptOnceForEveryConnection() throws SQLException {
        List<String> asked = new ArrayList<>();
        ConnectionSettings settings = builder()
                .passwordPrompt(target -> {
                    asked.add(target);
                    return Optional.of(SECRET);
                })
                .build();
        ConnectionFactory factory = new ConnectionFactory(settings);
        for (int i = 0; i < 2; i++) {
            try (Connection c = factory.open("the test");
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT session_user")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo(role);
            }
        }
        try (Connection c = new ConnectionFactory(settings).open("another factory, the same settings")) {
            assertThat(c.isValid(5)).isTrue();
        }
        assertThat(asked).containsExactly(role + "@" + settings.hosts().get(0) + "/" + db.name());
        assertThat(settings.passwordSource()).isEqualTo(ConnectionSettings.PasswordSource.PROMPT);
        assertThat(settings.toString()).doesNotContain(SECRET).contains("password=from the password prompt");
    }

    @Test
    void aWrongAnswerFailsOnceNamingThePromptNeverThePassword() {
        List<String> asked = new ArrayList<>();
        ConnectionSettings settings = builder()
                .passwordPrompt(target -> {
                    asked.add(target);
                    return Optional.of("wrong-" + SECRET);
                })
                .build();
        assertThatThrownBy(() -> new ConnectionFactory(settings).open("the test"))
                .isInstanceOf(SemException.class)
                .satisfies(e -> assertThat(stackText(e)).doesNotContain(SECRET))
                .hasMessageContaining("password authentication failed")
                .hasMessageContaining("check the password (it came from the password prompt)");
        assertThat(asked).hasSize(1);
    }

    @Test
    void aPasswordFromASourceIsNeverAskedFor() throws SQLException {
        ConnectionSettings settings = builder()
                .env(Map.of("PGPASSWORD", SECRET))
                .passwordPrompt(target -> {
                    throw new AssertionError("asked although PGPASSWORD gives the password");
                })
                .build();
        try (Connection c = new ConnectionFactory(settings).open("the test")) {
            assertThat(c.isValid(5)).isTrue();
        }
    }

    @Test
    void withoutAPromptTheErrorListsEverySourceAndWhyNoOneWasAsked() {
        ConnectionSettings settings = builder()
                .noPasswordPrompt("Maven runs in batch mode (-B), so sem cannot ask for it")
                .build();
        assertThatThrownBy(() -> new ConnectionFactory(settings).open("the test"))
                .isInstanceOf(SemException.class)
                .hasMessageEndingWith("; no password was found; give one in: settings.xml server sem-db (username and"
                        + " password; an encrypted password works), PGPASSWORD, then ~/.pgpass (or the file"
                        + " PGPASSFILE names); Maven runs in batch mode (-B), so sem cannot ask for it");
        // A prompt that gets no answer fails the same way.
        ConnectionSettings unanswered =
                builder().passwordPrompt(target -> Optional.empty()).build();
        assertThatThrownBy(() -> new ConnectionFactory(unanswered).open("the test"))
                .isInstanceOf(SemException.class)
                .hasMessageContaining("; no password was found; give one in: settings.xml server sem-db");
    }

    private static String stackText(Throwable e) {
        StringWriter w = new StringWriter();
        e.printStackTrace(new PrintWriter(w));
        return w.toString();
    }
}
