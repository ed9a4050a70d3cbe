package dev.sem.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import dev.sem.SemException;
import dev.sem.apply.ApplyOptions;
import dev.sem.testing.TestDatabase;
import dev.sem.testing.TestPostgres;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Chaos, part 2: the server goes away mid-apply. (a) The work connection's backend is terminated
 * ({@code pg_terminate_backend} from another connection) while a script runs; (b) the server restarts fast (stop
 * {@code -m fast}, then start on the same data directory and port) while a script runs, on a small server of the test's
 * own, started from the embedded (zonky) binaries, never the shared test server. Either way the apply must fail with
 * one clear line naming the script (a {@link SemException}, no exception class names, no cause chain), and a rerun
 * must converge: the catalog dump equals a clean run's, every script is recorded once, no index is left invalid. A
 * {@code none} script interrupted in a statement other than CREATE INDEX CONCURRENTLY needs the rerun with
 * {@code resumeUnknown=rerun} its message names (counted as {@code resume-rerun}); the chaos scripts may run twice.
 *
 * <p>Seeded like {@link KillChaosTest} ({@code -Dsem.chaos.seed}, printed as {@code [sem-chaos] seed=...}); 5
 * terminations and 2 restarts by default, 20 and 5 with the full count ({@code -Dsem.chaos.trials=N} sets both):
 *
 * <pre>
 * ./mvnw -pl sem-maven-plugin test -Dtest='dev.sem.chaos.*Test' -Dsem.chaos=full
 * </pre>
 */
@Tag("chaos")
@ExtendWith(TestPostgres.class)
class ServerGoneChaosTest {

    @TempDir
    Path tmp;

    /** A backend busy with a statement of the scripts (not bootstrap, history writes or sem's lock polling). */
    private static final String SCRIPT_STATEMENT = " AND state IN ('active', 'idle in transaction') AND (query ILIKE"
            + " '%pg_sleep%' OR query ILIKE 'create %' OR query ILIKE 'alter %' OR query ILIKE 'comment %')";

    /** Scripts with longer sleeps than {@link Chaos#scripts()}: most of the apply is spent inside a script. */
    private static Map<String, String> scripts() {
        Map<String, String> slow = new java.util.LinkedHashMap<>();
        Chaos.scripts().forEach((name, sql) -> slow.put(name, sql.replace("pg_sleep(0.02)", "pg_sleep(0.06)")));
        return slow;
    }

    @Test
    void aTerminatedBackendFailsTheApplyWithOneLineAndTheRerunConverges(TestDatabase reference) throws Exception {
        long seed = Chaos.seed("ServerGoneChaosTest.terminate");
        int trials = Chaos.trials(5, 20);
        Random random = new Random(seed);
        long started = System.nanoTime();
        Map<String, String> scripts = scripts();
        Path dist = Chaos.distribution(tmp.resolve("dist"), scripts);
        Chaos.apply(reference, dist, ApplyOptions.defaults());
        String clean = Chaos.dump(reference);

        List<String> failures = new ArrayList<>();
        Map<String, Integer> hit = new TreeMap<>();
        int resumeRerun = 0;
        for (int trial = 1; trial <= trials; trial++) {
            long delayMs = random.nextInt(700);
            String where = "trial " + trial + " (terminate the first busy backend " + delayMs
                    + " ms after bootstrap) of seed=" + seed + " (replay with -Dsem.chaos.seed=" + seed + ")";
            TestDatabase db = Chaos.fresh();
            try {
                // Bootstrap first, so that the terminations land in scripts.
                Chaos.apply(db, Chaos.distribution(tmp.resolve("empty" + trial), Map.of()), ApplyOptions.defaults());
                AtomicReference<String> terminated = new AtomicReference<>();
                AtomicBoolean applyDone = new AtomicBoolean();
                Thread killer =
                        new Thread(() -> terminated.set(terminateBusy(db, delayMs, applyDone)), "sem-chaos-terminator");
                killer.start();
                SemException failure = null;
                try {
                    Chaos.apply(db, dist, ApplyOptions.defaults());
                } catch (SemException e) {
                    failure = e;
                } finally {
                    applyDone.set(true);
                    killer.join();
                }
                String what = terminated.get();
                if (what == null) {
                    hit.merge("missed (the apply ended first)", 1, Integer::sum);
                    check(failures, where, failure == null, "failed without a termination: " + failure);
                } else {
                    hit.merge(failure == null ? "terminated but the apply succeeded" : "failed", 1, Integer::sum);
                    check(
                            failures,
                            where,
                            failure != null,
                            "the apply succeeded though its backend was terminated running " + what);
                    if (failure != null) {
                        checkOneLine(failures, where + " terminated " + what, failure);
                    }
                }
                resumeRerun += rerun(db, dist);
                converged(failures, where, db, clean, scripts);
            } catch (Exception | AssertionError e) {
                failures.add(where + ": " + e);
            } finally {
                Chaos.drop(db);
            }
        }
        String summary = "[sem-chaos] terminate trials=" + trials + " seed=" + seed + " convergence failures="
                + failures.size() + " resume-rerun=" + resumeRerun + " outcomes: " + hit + " time="
                + (System.nanoTime() - started) / 1_000_000 / 1000.0 + "s";
        System.out.println(summary);
        assertThat(failures).as("seed=%d: %s", seed, summary).isEmpty();
    }

    /**
     * Waits {@code delayMs}, then terminates the first client backend of {@code db} seen running a statement of the
     * scripts; gives up after 10 s or when the apply is done. Returns what it was running, or null.
     */
    private static String terminateBusy(TestDatabase db, long delayMs, AtomicBoolean applyDone) {
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            Thread.sleep(delayMs);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline && !applyDone.get()) {
                int pid = 0;
                String query = null;
                try (ResultSet rs = s.executeQuery("SELECT pid, query FROM pg_stat_activity WHERE datname ="
                        + " current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
                        + SCRIPT_STATEMENT + " LIMIT 1")) {
                    if (rs.next()) {
                        pid = rs.getInt(1);
                        query = rs.getString(2);
                    }
                }
                if (query != null) {
                    try (ResultSet rs = s.executeQuery("SELECT pg_terminate_backend(" + pid + ")")) {
                        // False: the backend was gone already (the apply ended); look again.
                        if (rs.next() && rs.getBoolean(1)) {
                            return query.length() > 60 ? query.substring(0, 60) + "..." : query;
                        }
                    }
                }
                Thread.sleep(2);
            }
            return null;
        } catch (SQLException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The message is one line naming a script, without exception class names or driver chains. */
    private static void checkOneLine(List<String> failures, String where, SemException e) {
        String m = String.valueOf(e.getMessage());
        System.out.println("[sem-chaos] message: " + m);
        check(failures, where, !m.contains("\n"), "message spans several lines: " + m);
        check(failures, where, m.contains("File["), "message names no script: " + m);
        check(
                failures,
                where,
                !m.contains("Exception") && !m.contains("I/O error") && !m.contains("Caused by"),
                "message is not a clear one-liner: " + m);
        check(failures, where, m.contains("run again to continue"), "message does not say to run again: " + m);
    }

    /** A kill-free run to completion; returns 1 when it needed {@code resumeUnknown=rerun}. */
    private static int rerun(TestDatabase db, Path dist) {
        try {
            Chaos.apply(db, dist, ApplyOptions.defaults());
            return 0;
        } catch (SemException e) {
            if (!e.getMessage().contains("was started by an earlier run")) {
                throw e;
            }
            Chaos.apply(db, dist, ApplyOptions.defaults().withResumeUnknown(ApplyOptions.ResumePolicy.RERUN));
            return 1;
        }
    }

    private static void converged(
            List<String> failures, String where, TestDatabase db, String clean, Map<String, String> scripts)
            throws SQLException {
        String dump = Chaos.dump(db);
        check(failures, where, clean.equals(dump), "catalog differs from a clean run:\n" + dump);
        List<String> recorded = Chaos.recorded(db);
        check(failures, where, recorded.equals(List.copyOf(scripts.keySet())), "recorded after the rerun: " + recorded);
        check(failures, where, Chaos.invalidIndexes(db).isEmpty(), "invalid indexes: " + Chaos.invalidIndexes(db));
    }

    private static void check(List<String> failures, String where, boolean ok, String what) {
        if (!ok) {
            failures.add(where + ": " + what);
        }
    }

    @Test
    void aFastServerRestartFailsTheApplyWithOneLineAndTheRerunConverges() throws Exception {
        long seed = Chaos.seed("ServerGoneChaosTest.restart");
        int trials = Chaos.trials(2, 5);
        Random random = new Random(seed);
        long started = System.nanoTime();
        Map<String, String> scripts = scripts();
        Path dist = Chaos.distribution(tmp.resolve("dist"), scripts);
        Path data = tmp.resolve("pgdata");
        OwnServer server = new OwnServer(data);
        List<String> failures = new ArrayList<>();
        Map<String, Integer> hit = new TreeMap<>();
        int resumeRerun = 0;
        try {
            TestDatabase reference = server.createDatabase("reference");
            Chaos.apply(reference, dist, ApplyOptions.defaults());
            String clean = Chaos.dump(reference);
            for (int trial = 1; trial <= trials; trial++) {
                long delayMs = random.nextInt(500);
                String where = "trial " + trial + " (restart " + delayMs + " ms after the first busy statement) of"
                        + " seed=" + seed + " (replay with -Dsem.chaos.seed=" + seed + ")";
                try {
                    TestDatabase db = server.createDatabase("trial" + trial);
                    Chaos.apply(
                            db, Chaos.distribution(tmp.resolve("empty" + trial), Map.of()), ApplyOptions.defaults());
                    AtomicReference<Exception> restartFailure = new AtomicReference<>();
                    Thread restarter = new Thread(
                            () -> {
                                try {
                                    waitForBusy(db);
                                    Thread.sleep(delayMs);
                                    server.restartFast();
                                } catch (Exception e) {
                                    restartFailure.set(e);
                                }
                            },
                            "sem-chaos-restarter");
                    restarter.start();
                    SemException failure = null;
                    try {
                        Chaos.apply(db, dist, ApplyOptions.defaults());
                    } catch (SemException e) {
                        failure = e;
                    } finally {
                        restarter.join();
                    }
                    if (restartFailure.get() != null) {
                        throw restartFailure.get();
                    }
                    if (failure == null) {
                        hit.merge("missed (the apply ended first)", 1, Integer::sum);
                    } else {
                        hit.merge("failed", 1, Integer::sum);
                        checkOneLine(failures, where, failure);
                    }
                    resumeRerun += rerun(db, dist);
                    converged(failures, where, db, clean, scripts);
                } catch (Exception | AssertionError e) {
                    failures.add(where + ": " + e);
                }
            }
        } finally {
            server.close();
        }
        String summary = "[sem-chaos] restart trials=" + trials + " seed=" + seed + " convergence failures="
                + failures.size() + " resume-rerun=" + resumeRerun + " outcomes: " + hit + " time="
                + (System.nanoTime() - started) / 1_000_000 / 1000.0 + "s";
        System.out.println(summary);
        assertThat(failures).as("seed=%d: %s", seed, summary).isEmpty();
    }

    /** Waits until some client backend of {@code db} runs a statement of the scripts. */
    private static void waitForBusy(TestDatabase db) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname ="
                        + " current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
                        + SCRIPT_STATEMENT)) {
                    rs.next();
                    if (rs.getLong(1) > 0) {
                        return;
                    }
                }
                Thread.sleep(2);
            }
        }
        throw new AssertionError("the apply never ran a statement");
    }

    /**
     * A small PostgreSQL server of the test's own, from the embedded (zonky) binaries on the test class path, so that
     * it may be restarted. A fast restart is what {@code pg_ctl restart -m fast} does: a fast shutdown (zonky stops with
     * {@code pg_ctl stop -m fast}), then a start on the same data directory and port.
     */
    private static final class OwnServer implements AutoCloseable {
        private final Path data;
        private EmbeddedPostgres postgres;
        private int port;

        OwnServer(Path data) throws IOException {
            this.data = data;
            Files.createDirectories(data.getParent());
            postgres = start(0);
            port = postgres.getPort();
        }

        private EmbeddedPostgres start(int fixedPort) throws IOException {
            EmbeddedPostgres.Builder b = EmbeddedPostgres.builder()
                    .setDataDirectory(data)
                    .setCleanDataDirectory(false)
                    .setServerConfig("fsync", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(
                            data.resolveSibling("pg.log").toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(
                            data.resolveSibling("pg.log").toFile()));
            if (fixedPort > 0) {
                b.setPort(fixedPort);
            }
            return b.start();
        }

        synchronized void restartFast() throws IOException {
            postgres.close();
            postgres = start(port);
        }

        TestDatabase createDatabase(String name) throws SQLException {
            try (Connection c = postgres.getPostgresDatabase().getConnection();
                    Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name + " TEMPLATE template0");
            }
            return new TestDatabase(name, "jdbc:postgresql://localhost:" + port + "/" + name, "postgres", null, null);
        }

        @Override
        public synchronized void close() throws IOException {
            postgres.close();
        }
    }
}
