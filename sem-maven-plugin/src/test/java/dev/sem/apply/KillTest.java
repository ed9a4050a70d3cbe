package dev.sem.apply;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.sem.Option;
import dev.sem.testing.CollectingLog;
import dev.sem.testing.TestDatabase;
import dev.sem.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static dev.sem.apply.Scripts.applied;
import static dev.sem.apply.Scripts.count;
import static dev.sem.testing.Remedies.suggests;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** kill -9 of an apply mid-script leaves no half-recorded state, and the next run continues correctly. */
@ExtendWith(TestPostgres.class)
class KillTest {

    @TempDir
    Path tmp;

    private Process startChild(TestDatabase db, Path base) throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", cp, ApplyChild.class.getName(), db.jdbcUrl(), db.user(), base.toString())
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve("child.log").toFile())
                .start();
    }

    private static void kill9(Process p) throws Exception {
        new ProcessBuilder("kill", "-9", String.valueOf(p.pid()))
                .inheritIO()
                .start()
                .waitFor();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(137);
    }

    /**
     * The killed client's backend keeps sleeping until it next talks to the socket; end it as the server would then
     * (its open transaction is rolled back either way).
     */
    private static void endOrphan(TestDatabase db) throws Exception {
        Scripts.exec(
                db, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'select pg_sleep(60)%'");
        ConcurrencyTest.waitFor(
                db, "SELECT (count(*) = 0)::int FROM pg_stat_activity WHERE query LIKE 'select pg_sleep(60)%'");
    }

    @Test
    void killDuringASingleScriptLeavesItUnappliedAndUnrecorded(TestDatabase db) throws Exception {
        Path base = tmp.resolve("repo");
        Scripts s = new Scripts(base)
                .add("20260101-000001.sql", "create table a (id int);")
                .add("20260101-000002.sql", "create table b (id int);\nselect pg_sleep(60);\n")
                .add("20260101-000003.sql", "create table c (id int);");
        Process child = startChild(db, base);
        ConcurrencyTest.waitFor(db, "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'select pg_sleep(60)%'");
        kill9(child);

        endOrphan(db);
        assertThat(applied(db)).containsExactly("20260101-000001.sql");
        assertThat(count(db, "SELECT count(*) FROM pg_tables WHERE tablename IN ('b', 'c')"))
                .isZero();
        assertThat(count(db, "SELECT count(*) FROM schema_evolution_manager.sem_java_script_checksums"))
                .isEqualTo(1);

        s.add("20260101-000002.sql", "create table b (id int);");
        Scripts.applier(db, new CollectingLog()).apply(base, ApplyOptions.defaults());
        assertThat(applied(db)).hasSize(3);
    }

    @Test
    void killDuringANoneScriptResumesAfterTheCommittedStatements(TestDatabase db) throws Exception {
        Path base = tmp.resolve("repo");
        new Scripts(base)
                .add(
                        "20260101-000001.sql",
                        "-- sem.attribute.transaction = none\ncreate table a (id int);\n"
                                + "create index concurrently a_id on a (id);\nselect pg_sleep(60);\ncreate table d (id int);\n");
        Process child = startChild(db, base);
        ConcurrencyTest.waitFor(db, "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'select pg_sleep(60)%'");
        kill9(child);
        endOrphan(db);

        assertThat(applied(db)).isEmpty();
        assertThat(Scripts.strings(
                        db,
                        "SELECT statement_index || ':' || status FROM schema_evolution_manager.sem_java_script_progress"
                                + " ORDER BY statement_index"))
                .isEqualTo(List.of("1:applied", "2:applied", "3:running"));

        // The sleeping statement's fate is unknown: the default refuses to guess.
        assertThatThrownBy(() -> Scripts.applier(db, new CollectingLog()).apply(base, ApplyOptions.defaults()))
                .hasMessageContaining("line 4: statement 3 was started by an earlier run")
                .hasMessageContaining("run again with resumeUnknown=rerun (run it again) or resumeUnknown=skip")
                .satisfies(suggests(Option.RESUME_UNKNOWN));
        CollectingLog log = new CollectingLog();
        Scripts.applier(db, log).apply(base, ApplyOptions.defaults().withResumeUnknown(ApplyOptions.ResumePolicy.SKIP));
        assertThat(applied(db)).containsExactly("20260101-000001.sql");
        assertThat(count(db, "SELECT count(*) FROM pg_tables WHERE tablename = 'd'"))
                .isEqualTo(1);
        assertThat(new File(tmp.resolve("child.log").toString())).exists();
    }
}
