package dev.sem.apply;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.sem.db.ConnectionSettings;
import dev.sem.db.DatabaseUrl;
import dev.sem.script.Sha256;
import dev.sem.testing.CollectingLog;
import dev.sem.testing.PostgresServer;
import dev.sem.testing.TestDatabase;
import dev.sem.testing.TestPostgres;
import dev.sem.testing.Tools;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static dev.sem.apply.Scripts.applied;
import static dev.sem.apply.Scripts.count;
import static dev.sem.apply.Scripts.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Scripts marked {@code -- sem.executor = psql}, run by the real psql on a real server. */
@ExtendWith(TestPostgres.class)
class PsqlExecutorTest {

    private static final String S1 = "20260101-000001.sql";
    private static final String S2 = "20260101-000002.sql";

    @TempDir
    Path tmp;

    private final CollectingLog log = new CollectingLog();
    private ApplyOptions options;

    @BeforeEach
    void psql() {
        options = ApplyOptions.defaults()
                .withPsql(Tools.require(Tools.PSQL, "psql").toString());
    }

    @Test
    void aScriptWithIfGsetAndCopyAppliesAndIsRecordedOnceLikeABuiltInScript(TestDatabase db) throws Exception {
        Scripts s = new Scripts(tmp)
                .add(
                        S1,
                        "-- sem.executor = psql\n"
                                + "create table t (id int, note text);\n"
                                + "select count(*) = 0 as empty from t \\gset\n"
                                + "\\if :empty\n"
                                + "insert into t values (1, :'who');\n"
                                + "\\else\n"
                                + "insert into t values (-1, 'not empty');\n"
                                + "\\endif\n"
                                + "\\copy t from 'data/rows.csv' with (format csv)\n")
                .add(S2, "insert into t values (4, 'built-in');\n");
        Files.createDirectories(s.base.resolve("data"));
        Files.writeString(s.base.resolve("data/rows.csv"), "2,two\n3,\"it's three\"\n");

        ApplyReport r = Scripts.applier(db, log).apply(s.base, options.withVariables(Map.of("who", "sem's psql")));

        assertThat(strings(db, "SELECT id || ':' || note FROM t ORDER BY id"))
                .containsExactly("1:sem's psql", "2:two", "3:it's three", "4:built-in");
        assertThat(applied(db)).containsExactly(S1, S2);
        assertThat(r.withStatus("applied")).hasSize(2);
        assertThat(log.text())
                .contains("1 script(s) run with psql (PostgreSQL)")
                .containsPattern("Applying " + S1 + " Done \\(1/2, \\d+ ms\\)");
        byte[] bytes = Files.readAllBytes(s.base.resolve("scripts").resolve(S1));
        assertThat(strings(
                        db,
                        "SELECT sha256 || ' ' || (duration_ms IS NOT NULL) || ' ' || (chain IS NOT NULL) FROM"
                                + " schema_evolution_manager.sem_java_script_checksums WHERE filename = '" + S1 + "'"))
                .containsExactly(Sha256.hex(bytes) + " true true");

        CollectingLog again = new CollectingLog();
        Scripts.applier(db, again).apply(s.base, options.withVariables(Map.of("who", "sem's psql")));
        assertThat(again.text()).contains("  All scripts have been previously applied");
        assertThat(count(db, "SELECT count(*) FROM t")).isEqualTo(4);
    }

    @Test
    void aFailingSingleScriptLeavesNothingOfItAndIsNotRecorded(TestDatabase db) throws SQLException {
        Scripts s = new Scripts(tmp)
                .add(
                        S1,
                        "-- sem.executor = psql\ncreate table half (id int);\n\\set x 1\ninsert into nosuch values"
                                + " (:x);\n");

        assertThatThrownBy(() -> Scripts.applier(db, log).apply(s.base, options))
                .isInstanceOf(Applier.ApplyFailedException.class)
                .hasMessageContaining("File[./scripts/" + S1 + "] line 4: relation \"nosuch\" does not exist")
                .hasMessageContaining("(SQLSTATE 42P01)")
                .hasMessageContaining("nothing of it was committed or recorded");

        assertThat(count(db, "SELECT count(*) FROM pg_class WHERE relname = 'half'"))
                .isZero();
        assertThat(applied(db)).isEmpty();
        assertThat(log.text())
                .contains("ERROR applying script: ./scripts/" + S1)
                .contains("42P01: relation \"nosuch\" does not exist")
                .contains("you can record it as having been applied by:");
    }

    @Test
    void quitInsideAScriptEndsOnlyThatFileAsWithPsqlDashF(TestDatabase db) throws SQLException {
        // As under sem (Ruby)'s psql -1 -f: \q ends the script, what came before it commits, with its record.
        Scripts s = new Scripts(tmp)
                .add(S1, "-- sem.executor = psql\ncreate table early (id int);\n\\q\ncreate table late (id int);\n");

        Scripts.applier(db, log).apply(s.base, options);

        assertThat(strings(db, "SELECT relname::text FROM pg_class WHERE relname IN ('early', 'late')"))
                .containsExactly("early");
        assertThat(applied(db)).containsExactly(S1);
    }

    @Test
    void aLockTimeoutRollsBackAndRetriesTheWholeScript(TestDatabase db) throws Exception {
        Scripts.exec(db, "create table busy (id int)");
        Scripts s = new Scripts(tmp)
                .add(
                        S1,
                        "-- sem.executor = psql\n\\set col note\ninsert into busy values (1);\nalter table busy add"
                                + " column :col text;\n");
        try (Connection blocker = db.connect();
                Statement st = blocker.createStatement()) {
            st.execute("BEGIN");
            st.execute("SELECT count(*) FROM busy");
            Thread release = new Thread(() -> {
                try {
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    while (!log.text().contains("reached under psql") && System.nanoTime() < deadline) {
                        Thread.sleep(20);
                    }
                    st.execute("COMMIT");
                } catch (InterruptedException | SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            release.start();
            ApplyReport r = Scripts.applier(db, log).apply(s.base, options.withLockTimeout(Duration.ofMillis(200), 10));
            release.join();
            assertThat(r.withStatus("applied"))
                    .singleElement()
                    .satisfies(x -> assertThat(x.retries()).isPositive());
        }
        assertThat(log.text())
                .contains("lock_timeout (200ms) reached under psql; the transaction rolled back; retry 1/10");
        // The insert before the blocked ALTER ran in every attempt, but only the last one committed.
        assertThat(count(db, "SELECT count(*) FROM busy")).isEqualTo(1);
        assertThat(count(db, "SELECT count(*) FROM information_schema.columns WHERE column_name = 'note'"))
                .isEqualTo(1);
        assertThat(applied(db)).containsExactly(S1);
    }

    @Test
    void aMissingPsqlFailsBeforeAnythingIsApplied(TestDatabase db) throws SQLException {
        Scripts s = new Scripts(tmp)
                .add(S1, "create table first (id int);\n")
                .add(S2, "-- sem.executor = psql\nselect 1 as one \\gset\n");

        assertThatThrownBy(() -> Scripts.applier(db, log)
                        .apply(
                                s.base,
                                options.withPsql(tmp.resolve("no-such-psql").toString())))
                .isInstanceOf(Applier.ValidationFailedException.class)
                .hasMessageContaining("1 pending script(s) run with psql ('-- sem.executor = psql': " + S2 + ")")
                .hasMessageContaining("cannot be run on this host")
                .hasMessageContaining("apt-get install postgresql-client")
                .hasMessageContaining("psql=/path/to/psql")
                .hasMessageContaining("(nothing was applied)");

        assertThat(count(db, "SELECT count(*) FROM pg_class WHERE relname = 'first'"))
                .isZero();
        assertThat(count(db, "SELECT count(*) FROM pg_namespace WHERE nspname = 'schema_evolution_manager'"))
                .isZero();
    }

    @Test
    void connectIsRefusedBeforeAnythingIsApplied(TestDatabase db) throws SQLException {
        Scripts s = new Scripts(tmp)
                .add(S1, "create table first (id int);\n")
                .add(S2, "-- sem.executor = psql\nselect 1;\n\\c postgres\nselect 2;\n");

        assertThatThrownBy(() -> Scripts.applier(db, log).apply(s.base, options))
                .isInstanceOf(Applier.ValidationFailedException.class)
                .hasMessageContaining("File[./scripts/" + S2 + "] line 3: psql meta-command \\c is not supported, even"
                        + " with psql");
        assertThat(count(db, "SELECT count(*) FROM pg_class WHERE relname = 'first'"))
                .isZero();
    }

    @Test
    void aNoneScriptRunsInAutocommitIsRecordedAfterPsqlAndIsSaidNotToResume(TestDatabase db) throws Exception {
        Scripts s = new Scripts(tmp)
                .add(
                        S1,
                        "-- sem.attribute.transaction = none\n-- sem.executor = psql\ncreate table n (id int);\n"
                                + "create index concurrently n_id on n (id);\nselect 'n_id' as idx \\gset\n"
                                + "\\echo built :idx\n");

        Scripts.applier(db, log).apply(s.base, options);

        assertThat(count(db, "SELECT count(*) FROM pg_index WHERE indexrelid = 'n_id'::regclass AND indisvalid"))
                .isEqualTo(1);
        assertThat(applied(db)).containsExactly(S1);
        assertThat(
                        strings(
                                db,
                                "SELECT (duration_ms IS NOT NULL)::text FROM schema_evolution_manager.sem_java_script_checksums"))
                .containsExactly("true");
        assertThat(log.text())
                .contains("Script(s) run with psql and transaction = none: " + S1
                        + ". sem cannot resume them statement by statement");
    }

    @Test
    void aFailingNoneScriptKeepsWhatItCommittedAndRunsAgainFromTheTop(TestDatabase db) throws Exception {
        Scripts s = new Scripts(tmp)
                .add(
                        S1,
                        "-- sem.attribute.transaction = none\n-- sem.executor = psql\n"
                                + "create table if not exists n (id int);\ninsert into n select 1 where not exists"
                                + " (select 1 from n);\nselect * from later;\n");

        assertThatThrownBy(() -> Scripts.applier(db, log).apply(s.base, options))
                .isInstanceOf(Applier.ApplyFailedException.class)
                .hasMessageContaining("line 5: relation \"later\" does not exist")
                .hasMessageContaining("the statements before the failure stay committed")
                .hasMessageContaining("the next run runs the whole file again with psql");
        assertThat(count(db, "SELECT count(*) FROM n")).isEqualTo(1);
        assertThat(applied(db)).isEmpty();

        Scripts.exec(db, "create table later (id int)");
        Scripts.applier(db, new CollectingLog()).apply(s.base, options);
        assertThat(count(db, "SELECT count(*) FROM n")).isEqualTo(1);
        assertThat(applied(db)).containsExactly(S1);
    }

    @Test
    void aDryRunIncludesTheFileForPsqlAndChangesNothing(TestDatabase db) throws SQLException {
        Scripts s =
                new Scripts(tmp).add(S1, "-- sem.executor = psql\ncreate table d (id int);\nselect 1 as x \\gset\n");

        ApplyReport r = Scripts.applier(db, log).apply(s.base, options.withDryRun(true));

        String file = s.base.toAbsolutePath()
                .normalize()
                .resolve("scripts")
                .resolve(S1)
                .toString();
        assertThat(r.dryRunSql())
                .contains("-- " + S1 + " (transaction = single, run by psql: sem.executor = psql)\n")
                .contains("BEGIN;\n\\i '" + file + "'\nSET LOCAL ROLE NONE;\nINSERT INTO ")
                .contains("'" + S1 + "'");
        assertThat(count(db, "SELECT count(*) FROM pg_class WHERE relname = 'd'"))
                .isZero();
    }

    @Test
    void thePasswordReachesPsqlOnlyThroughItsEnvironmentAndNeverTheOutput(TestDatabase db) throws Exception {
        String group = db.server().passwordCheckedGroup();
        assumeTrue(group != null || db.server().provider().equals("external"), "the server checks passwords");
        String role = "sem_p" + (System.nanoTime() % 1_000_000);
        String password = "pw-" + System.nanoTime();
        Scripts.exec(
                db,
                // scram-sha-256, as the password-checked group logs in (PostgreSQL 13 stores md5 by default).
                "SET password_encryption = 'scram-sha-256'; CREATE ROLE " + PostgresServer.quote(role)
                        + " LOGIN PASSWORD '" + password + "'"
                        + (group == null ? "" : " IN ROLE " + PostgresServer.quote(group)));
        Scripts.exec(
                db, "GRANT ALL ON DATABASE " + PostgresServer.quote(db.name()) + " TO " + PostgresServer.quote(role));
        Scripts.exec(db, "GRANT ALL ON SCHEMA public TO " + PostgresServer.quote(role));
        try {
            ConnectionSettings ok = Scripts.settings(db);
            ConnectionSettings settings = ConnectionSettings.builder(
                            "postgresql://" + role + "@" + ok.host() + ":" + ok.port() + "/" + db.name())
                    .env(Map.of())
                    .userHome(tmp)
                    .password(password, "the test")
                    .build();
            Scripts s = new Scripts(tmp.resolve("base"))
                    .add(S1, "-- sem.executor = psql\ncreate table pw (id int);\n")
                    .add(S2, "-- sem.executor = psql\n\\! echo \"psql sees $PGPASSWORD\"\nselect 1/0;\n");

            assertThatThrownBy(() -> new Applier(settings, log).apply(s.base, options))
                    .isInstanceOf(Applier.ApplyFailedException.class)
                    .hasMessageContaining("division by zero")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(password));

            assertThat(applied(db)).containsExactly(S1);
            assertThat(log.text()).contains("psql sees " + DatabaseUrl.REDACTED).doesNotContain(password);
        } finally {
            Scripts.exec(db, "DROP OWNED BY " + PostgresServer.quote(role));
            Scripts.exec(db, "DROP ROLE IF EXISTS " + PostgresServer.quote(role));
        }
    }
}
