package dev.sem.apply;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.sem.testing.CollectingLog;
import dev.sem.testing.TestDatabase;
import dev.sem.testing.TestPostgres;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static dev.sem.apply.Scripts.count;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A migration queued behind a long reader must not stall the application. An {@code ALTER TABLE} waiting for its
 * lock makes every later query on the table queue behind it; with a managed {@code lock_timeout} the migration gives up
 * its place after the timeout, lets the queue drain, and retries. Application traffic (several sessions running short
 * selects on the same table, as pgbench would) therefore waits at most about one lock timeout at a time: the test
 * measures the worst latency it sees while the migration retries and finally completes, and holds it to twice the
 * lock timeout. It prints the figures as {@code [sem-chaos] lock waits: ...}.
 */
@ExtendWith(TestPostgres.class)
@Tag("chaos")
class LockWaitLatencyTest {

    private static final Duration LOCK_TIMEOUT = Duration.ofMillis(500);
    private static final int CLIENTS = 4;

    @TempDir
    Path tmp;

    @Test
    void selectTrafficWaitsAtMostTwiceTheLockTimeoutWhileAnAlterTableRetriesBehindALongReader(TestDatabase db)
            throws Exception {
        Scripts.exec(
                db,
                "create table busy (id int primary key, v text);"
                        + " insert into busy select g, 'v' || g from generate_series(1, 1000) g");
        Scripts s = new Scripts(tmp).add("20260101-000001.sql", "alter table busy add column note text;");
        CollectingLog log = new CollectingLog();

        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong worstNanos = new AtomicLong();
        AtomicLong queries = new AtomicLong();
        List<Thread> clients = new ArrayList<>();
        List<Throwable> clientErrors = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            Connection c = db.connect();
            Thread t = new Thread(() -> traffic(c, stop, worstNanos, queries), "app-" + i);
            t.setUncaughtExceptionHandler((th, e) -> {
                synchronized (clientErrors) {
                    clientErrors.add(e);
                }
            });
            clients.add(t);
        }
        clients.forEach(Thread::start);
        ApplyReport report;
        long blockerPid;
        long started = System.nanoTime();
        try (Connection blocker = db.connect();
                Statement st = blocker.createStatement()) {
            st.execute("SET application_name = 'nightly-report'");
            try (ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                blockerPid = rs.getLong(1);
            }
            st.execute("BEGIN");
            st.execute("SELECT count(*) FROM busy /* the long reader */");
            Thread release = new Thread(() -> {
                try {
                    Thread.sleep(LOCK_TIMEOUT.toMillis() * 5);
                    st.execute("COMMIT");
                } catch (InterruptedException | SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            release.start();
            report = Scripts.applier(db, log)
                    .apply(s.base, ApplyOptions.defaults().withLockTimeout(LOCK_TIMEOUT, 30));
            release.join();
        } finally {
            stop.set(true);
            for (Thread t : clients) {
                t.join();
            }
        }
        long elapsedMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
        assertThat(clientErrors).isEmpty();

        ApplyReport.ScriptResult applied = report.withStatus("applied").get(0);
        assertThat(applied.retries()).isPositive();
        assertThat(count(db, "SELECT count(*) FROM information_schema.columns WHERE column_name = 'note'"))
                .isEqualTo(1);
        assertThat(log.text())
                .contains("lock_timeout (500ms) reached, blocked by pid " + blockerPid)
                .contains("application 'nightly-report', user " + db.user())
                .contains("SELECT count(*) FROM busy /* the long reader */");

        long worstMs = Duration.ofNanos(worstNanos.get()).toMillis();
        System.out.printf(
                "[sem-chaos] lock waits: %d clients ran %d selects during %d ms while the migration retried %d times;"
                        + " worst select latency %d ms = %.2f x lock_timeout %d ms%n",
                CLIENTS,
                queries.get(),
                elapsedMs,
                applied.retries(),
                worstMs,
                (double) worstMs / LOCK_TIMEOUT.toMillis(),
                LOCK_TIMEOUT.toMillis());
        assertThat(queries.get()).isPositive();
        assertThat(worstMs)
                .as("worst latency of the application's selects, against twice the lock timeout")
                .isLessThanOrEqualTo(2 * LOCK_TIMEOUT.toMillis());
    }

    private static void traffic(Connection c, AtomicBoolean stop, AtomicLong worstNanos, AtomicLong queries) {
        try (c;
                PreparedStatement ps = c.prepareStatement("SELECT v FROM busy WHERE id = ?")) {
            int i = 0;
            while (!stop.get()) {
                ps.setInt(1, 1 + (i++ % 1000));
                long t0 = System.nanoTime();
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                }
                worstNanos.accumulateAndGet(System.nanoTime() - t0, Math::max);
                queries.incrementAndGet();
                Thread.sleep(5);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
