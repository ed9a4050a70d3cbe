package dev.sem.apply;

import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.sem.Option;
import dev.sem.SemException;
import dev.sem.testing.CollectingLog;
import dev.sem.testing.TestDatabase;
import dev.sem.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static dev.sem.apply.Scripts.applied;
import static dev.sem.testing.Remedies.suggests;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The backend of the work connection terminated mid-script (as by a server restart): one line naming the script and
 * line, what was committed, and how to continue; no driver text. The chaos suite (dev.sem.chaos) does this at random
 * points; these are the fixed cases.
 */
@ExtendWith(TestPostgres.class)
class ConnectionLostTest {

    @TempDir
    Path tmp;

    private static final String SLEEPING =
            "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'select pg_sleep(60)%'";

    /** Applies in a thread, terminates the sleeping backend, returns what the apply threw. */
    private static Throwable applyAndTerminate(TestDatabase db, Path base) throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<?> apply =
                    pool.submit(() -> Scripts.applier(db, new CollectingLog()).apply(base, ApplyOptions.defaults()));
            ConcurrencyTest.waitFor(db, SLEEPING);
            Scripts.exec(
                    db,
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'select pg_sleep(60)%'");
            try {
                apply.get();
                throw new AssertionError("the apply did not fail");
            } catch (java.util.concurrent.ExecutionException e) {
                return e.getCause();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aSingleScriptSaysNothingWasCommittedAndToRunAgain(TestDatabase db) throws Exception {
        Path base = tmp.resolve("repo");
        Scripts s = new Scripts(base)
                .add("20260101-000001.sql", "create table a (id int);")
                .add("20260101-000002.sql", "create table b (id int);\nselect pg_sleep(60);\n");
        Throwable failure = applyAndTerminate(db, base);

        assertThat(failure)
                .isInstanceOf(Applier.ApplyFailedException.class)
                .hasMessage("The connection to the server was lost while running File[./scripts/20260101-000002.sql]"
                        + " line 2 (terminating connection due to administrator command, SQLSTATE 57P01); the server"
                        + " may have restarted or the backend was terminated. Nothing of this script was committed or"
                        + " recorded: run again to continue.");
        assertThat(((SemException) failure).isUserError()).isFalse();
        assertThat(applied(db)).containsExactly("20260101-000001.sql");

        s.add("20260101-000002.sql", "create table b (id int);\n");
        Scripts.applier(db, new CollectingLog()).apply(base, ApplyOptions.defaults());
        assertThat(applied(db)).containsExactly("20260101-000001.sql", "20260101-000002.sql");
    }

    @Test
    void aNoneScriptSaysWhichStatementsCommittedAndHowToResume(TestDatabase db) throws Exception {
        Path base = tmp.resolve("repo");
        new Scripts(base)
                .add(
                        "20260101-000001.sql",
                        "-- sem.attribute.transaction = none\ncreate table a (id int);\n"
                                + "create index concurrently a_id on a (id);\nselect pg_sleep(60);\ncreate table d (id int);\n");
        Throwable failure = applyAndTerminate(db, base);

        assertThat(failure)
                .isInstanceOf(Applier.ApplyFailedException.class)
                .hasMessage("The connection to the server was lost while running File[./scripts/20260101-000001.sql]"
                        + " line 4 (terminating connection due to administrator command, SQLSTATE 57P01); the server"
                        + " may have restarted or the backend was terminated. Statements 1 to 2 of this transaction ="
                        + " none script were committed; statement 3 (line 4) was interrupted and may or may not have"
                        + " completed; the script was not recorded: run again to continue at statement 3, with"
                        + " resumeUnknown=rerun if it may run twice, or resumeUnknown=skip if it did complete.")
                .satisfies(suggests(Option.RESUME_UNKNOWN));
        assertThat(applied(db)).isEmpty();

        Scripts.applier(db, new CollectingLog())
                .apply(base, ApplyOptions.defaults().withResumeUnknown(ApplyOptions.ResumePolicy.SKIP));
        assertThat(applied(db)).containsExactly("20260101-000001.sql");
        assertThat(Scripts.count(db, "SELECT count(*) FROM pg_tables WHERE tablename = 'd'"))
                .isEqualTo(1);
    }
}
