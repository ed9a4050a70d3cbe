package dev.sem.apply;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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

/** The apply lock, lock_timeout management and retry, and their diagnostics, on a real server. */
@ExtendWith(TestPostgres.class)
class ConcurrencyTest {

    @TempDir
    Path tmp;

    @Test
    void eightConcurrentAppliesApplyEachOfAHundredScriptsExactlyOnce(TestDatabase db) throws Exception {
        Scripts s = new Scripts(tmp).add("20260101-000000.sql", "create table hits (script text not null);");
        for (int i = 1; i <= 99; i++) {
            String name = String.format("20260101-%06d.sql", i);
            s.add(name, "insert into hits values ('" + name + "');");
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<ApplyReport>> runs = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        for (int i = 0; i < 8; i++) {
            runs.add(pool.submit(() -> {
                start.await();
                return Scripts.applier(db, new CollectingLog())
                        .apply(s.base, ApplyOptions.defaults().withLockWait(Duration.ofMinutes(2)));
            }));
        }
        start.countDown();
        int appliedByRuns = 0;
        for (Future<ApplyReport> f : runs) {
            appliedByRuns += f.get(3, TimeUnit.MINUTES).withStatus("applied").size();
        }
        pool.shutdown();
        assertThat(appliedByRuns).isEqualTo(100);
        assertThat(applied(db)).hasSize(100).doesNotHaveDuplicates();
        assertThat(count(db, "SELECT count(*) FROM hits")).isEqualTo(99);
        assertThat(count(db, "SELECT count(DISTINCT script) FROM hits")).isEqualTo(99);
    }

    @Test
    void createIndexConcurrentlyRunsWhileAnotherApplyWaitsOnTheLock(TestDatabase db) throws Exception {
        Scripts s = new Scripts(tmp)
                .add("20260101-000001.sql", "create table big as select g as id from generate_series(1, 50000) g;")
                .add("20260101-000002.sql", "select pg_sleep(1.5);")
                .add(
                        "20260101-000003.sql",
                        "-- sem.attribute.transaction = none\ncreate index concurrently big_id on big (id);\n");
        CollectingLog firstLog = new CollectingLog();
        CollectingLog secondLog = new CollectingLog();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Future<ApplyReport> first =
                pool.submit(() -> Scripts.applier(db, firstLog).apply(s.base, ApplyOptions.defaults()));
        waitFor(db, "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'select pg_sleep(1.5)%'");
        Future<ApplyReport> second = pool.submit(() -> Scripts.applier(db, secondLog)
                .apply(s.base, ApplyOptions.defaults().withLockWait(Duration.ofSeconds(60))));

        ApplyReport a = first.get(60, TimeUnit.SECONDS);
        ApplyReport b = second.get(60, TimeUnit.SECONDS);
        pool.shutdown();

        assertThat(a.withStatus("applied")).hasSize(3);
        assertThat(b.withStatus("applied")).isEmpty();
        assertThat(secondLog.text())
                .contains("Waiting for the sem apply lock held by pid")
                .contains("  All scripts have been previously applied");
        assertThat(count(
                        db,
                        "SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                                + " WHERE c.relname = 'big_id' AND i.indisvalid"))
                .isEqualTo(1);
    }

    @Test
    void aSecondApplyGivesUpAfterTheLockWaitNamingTheHolder(TestDatabase db) throws Exception {
        Scripts s = new Scripts(tmp).add("20260101-000001.sql", "select 1;");
        try (Connection holder = db.connect();
                Statement st = holder.createStatement()) {
            st.execute("SET application_name = 'other-sem'");
            st.execute("SELECT pg_advisory_lock(" + ApplyLock.KEY_CLASS + ", " + ApplyLock.KEY_OBJECT + ")");
            assertThatThrownBy(() -> Scripts.applier(db, new CollectingLog())
                            .apply(s.base, ApplyOptions.defaults().withLockWait(Duration.ofMillis(300))))
                    .isInstanceOf(ApplyLock.LockWaitTimeoutException.class)
                    .hasMessageContaining("other-sem")
                    .hasMessageContaining("raise the lockWait option (seconds)")
                    .satisfies(suggests(Option.LOCK_WAIT));
        }
        assertThat(count(db, "SELECT count(*) FROM pg_namespace WHERE nspname = 'schema_evolution_manager'"))
                .isZero();
    }

    @Test
    void aBlockedAlterTableRetriesAndSucceedsAfterTheBlockerEnds(TestDatabase db) throws Exception {
        Scripts.exec(db, "create table busy (id int)");
        Scripts s = new Scripts(tmp).add("20260101-000001.sql", "alter table busy add column note text;");
        CollectingLog log = new CollectingLog();
        try (Connection blocker = db.connect();
                Statement st = blocker.createStatement()) {
            st.execute("SET application_name = 'long-report'");
            st.execute("BEGIN");
            st.execute("SELECT count(*) FROM busy");
            Thread release = new Thread(() -> {
                try {
                    Thread.sleep(1_500);
                    st.execute("COMMIT");
                } catch (InterruptedException | SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            release.start();
            ApplyReport r = Scripts.applier(db, log)
                    .apply(s.base, ApplyOptions.defaults().withLockTimeout(Duration.ofMillis(200), 10));
            release.join();
            assertThat(r.withStatus("applied"))
                    .singleElement()
                    .satisfies(x -> assertThat(x.retries()).isPositive());
        }
        assertThat(log.text())
                .contains("lock_timeout (200ms) reached, blocked by pid")
                .contains("long-report");
        assertThat(count(db, "SELECT count(*) FROM information_schema.columns WHERE column_name = 'note'"))
                .isEqualTo(1);
    }

    @Test
    void aLockTimeoutThatNeverClearsFailsNamingTheBlocker(TestDatabase db) throws Exception {
        Scripts.exec(db, "create table busy (id int)");
        Scripts s = new Scripts(tmp).add("20260101-000001.sql", "alter table busy add column note text;");
        try (Connection blocker = db.connect();
                Statement st = blocker.createStatement()) {
            st.execute("SET application_name = 'stuck-batch'");
            st.execute("BEGIN");
            st.execute("SELECT count(*) FROM busy");
            assertThatThrownBy(() -> Scripts.applier(db, new CollectingLog())
                            .apply(s.base, ApplyOptions.defaults().withLockTimeout(Duration.ofMillis(200), 1)))
                    .isInstanceOf(Applier.ApplyFailedException.class)
                    .hasMessageContaining("55P03")
                    .hasMessageContaining("still blocked after 1 retries by pid")
                    .hasMessageContaining("stuck-batch");
            st.execute("ROLLBACK");
        }
        assertThat(applied(db)).isEmpty();
    }

    static void waitFor(TestDatabase db, String countQuery) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (count(db, countQuery) == 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + countQuery);
            }
            Thread.sleep(20);
        }
    }
}
