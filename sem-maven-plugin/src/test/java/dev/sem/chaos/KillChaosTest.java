package dev.sem.chaos;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import dev.sem.SemException;
import dev.sem.apply.ApplyOptions;
import dev.sem.pkg.PackageException;
import dev.sem.testing.TestDatabase;
import dev.sem.testing.TestPostgres;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Chaos, part 1: {@code kill -9} of the deploying JVM at seeded random points, then a kill-free run to completion.
 *
 * <p>Each trial takes a fresh database, starts a {@link ChaosChild} JVM that applies {@link Chaos#scripts()} (a
 * distribution of {@code single} and {@code none} scripts; the first apply bootstraps {@code schema_evolution_manager})
 * or deploys the {@link Chaos#packageDir package}, and kills it with SIGKILL after its Nth output line plus a random
 * delay, or the moment its backend is seen writing the Nth history row, so that kills land before and during
 * bootstrap, mid-script, in history writes and between scripts.
 * Then it ends the orphaned backends ({@link Chaos#endOrphans}) and checks, before anything else runs, that nothing is
 * half-recorded: the bootstrap entries recorded are a prefix of a clean bootstrap's, every recorded script's table exists, no unrecorded {@code single} script left anything, no script is
 * recorded twice, the package's schema exists exactly when its registry row does. Then it runs to completion in-process
 * and checks convergence: the catalog dump ({@link dev.sem.verify.SchemaDump}) equals a clean run's into another fresh
 * database, each script is recorded exactly once (the package's registry row once), and no index is left invalid.
 *
 * <p>A {@code none} script killed while one of its statements ran stops the next default run with "was started by an
 * earlier run" (sem cannot know whether it committed); the test then runs again with {@code resumeUnknown=rerun}, the
 * documented resume path (the chaos scripts' statements may run twice), and counts it as {@code resume-rerun}. An
 * interrupted {@code CREATE INDEX CONCURRENTLY} needs no flag: sem checks the index itself.
 *
 * <p>The seed comes from {@code -Dsem.chaos.seed} (else {@link System#nanoTime()}), is printed as
 * {@code [sem-chaos] seed=...} and is part of every failure message. 12 trials by default; the full count (60) with:
 *
 * <pre>
 * ./mvnw -pl sem-maven-plugin test -Dtest='dev.sem.chaos.*Test' -Dsem.chaos=full
 * </pre>
 *
 * <p>or any count with {@code -Dsem.chaos.trials=N} (for every chaos test). The summary line
 * {@code [sem-chaos] kill trials=...} gives the figures: convergence failures, duplicates, and where the kills landed,
 * classified from what the child's backends were running at the kill and the database state after it: {@code startup}
 * (not connected yet), {@code bootstrap} (connected, history schema not committed), {@code before-first-script},
 * {@code mid-script}, {@code history} (a history row being written, not committed), {@code between-scripts},
 * {@code after-last-script}, {@code finished} (the child ended before the kill); for the package {@code
 * package:startup}, {@code package:connected}, {@code package:deploy-transaction}, {@code package:committed} and
 * {@code package:finished}.
 */
@Tag("chaos")
@ExtendWith(TestPostgres.class)
class KillChaosTest {

    @TempDir
    Path tmp;

    private enum Kind {
        /**
         * An apply, killed after {@link ChaosChild#STARTED} (JVM start, connect, bootstrap) or, two times in three,
         * shortly after its first connection (bootstrap).
         */
        APPLY_EARLY,
        /** An apply, killed after a script's "Done" line: mid-script, history writes, between scripts. */
        APPLY_SCRIPTS,
        /** An apply, killed right when its work connection is seen writing history (the Nth such write). */
        APPLY_HISTORY,
        /** A package deploy. */
        DEPLOY
    }

    /** The mix, in turn: 12 bounded trials are 3 early, 4 mid-script, 3 history and 2 package kills. */
    private static final Kind[] MIX = {
        Kind.APPLY_EARLY,
        Kind.APPLY_SCRIPTS,
        Kind.APPLY_HISTORY,
        Kind.DEPLOY,
        Kind.APPLY_SCRIPTS,
        Kind.APPLY_EARLY,
        Kind.APPLY_HISTORY,
        Kind.APPLY_SCRIPTS,
        Kind.APPLY_EARLY,
        Kind.DEPLOY,
        Kind.APPLY_SCRIPTS,
        Kind.APPLY_HISTORY
    };

    @Test
    void killNineAtRandomPointsLeavesNothingHalfRecordedAndTheNextRunConverges(TestDatabase reference)
            throws Exception {
        long seed = Chaos.seed("KillChaosTest");
        int trials = Chaos.trials(12, 60);
        Random random = new Random(seed);
        long started = System.nanoTime();

        Map<String, String> scripts = Chaos.scripts();
        Path dist = Chaos.distribution(tmp.resolve("dist"), scripts);
        Path pkg = Chaos.packageDir(tmp.resolve("chaos"));
        Chaos.apply(reference, dist, ApplyOptions.defaults());
        String applyDump = Chaos.dump(reference);
        List<String> bootstrap = Chaos.bootstrapped(reference);
        TestDatabase pkgReference = Chaos.fresh();
        String deployDump;
        try {
            Chaos.deploy(pkgReference, pkg);
            deployDump = Chaos.dump(pkgReference);
        } finally {
            Chaos.drop(pkgReference);
        }

        Map<String, Integer> points = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        int duplicates = 0;
        int resumeRerun = 0;
        for (int trial = 1; trial <= trials; trial++) {
            Kind kind = MIX[(trial - 1) % MIX.length];
            // Lines: started, "Upgrading schema"/"Deploying", then one per script (file) done.
            int afterLine;
            long delayMs;
            if (kind == Kind.APPLY_HISTORY) {
                afterLine = 2;
                // The Nth history write: scripts rows, checksums, and the progress rows of the none scripts.
                delayMs = 1 + random.nextInt(6);
            } else if (kind == Kind.APPLY_EARLY && random.nextInt(3) > 0) {
                // After the child's first connection: into bootstrap (line 0: wait for the connection, not a line).
                afterLine = 0;
                delayMs = random.nextInt(250);
            } else if (kind == Kind.APPLY_EARLY || (kind == Kind.DEPLOY && random.nextBoolean())) {
                afterLine = 1;
                delayMs = random.nextInt(1400);
            } else {
                afterLine = 2 + random.nextInt(kind == Kind.DEPLOY ? 6 : scripts.size());
                delayMs = random.nextInt(kind == Kind.DEPLOY ? 60 : 110);
            }
            String when = kind == Kind.APPLY_HISTORY
                    ? "at history write " + delayMs + " after line 2"
                    : delayMs + " ms after " + (afterLine == 0 ? "its first connection" : "line " + afterLine);
            String where = "trial " + trial + " (" + kind + ", kill " + when;
            TestDatabase db = Chaos.fresh();
            String lastLines = "";
            String busy = "";
            try {
                Chaos.Child child =
                        new Chaos.Child(kind == Kind.DEPLOY ? "deploy" : "apply", db, kind == Kind.DEPLOY ? pkg : dist);
                String running = "";
                int exit;
                if (child.awaitLines(afterLine)) {
                    if (kind == Kind.APPLY_HISTORY) {
                        running = awaitHistoryWrite(db, child, (int) delayMs);
                    } else if (afterLine == 0) {
                        awaitConnection(db, child);
                        Thread.sleep(delayMs);
                        running = running(db);
                    } else {
                        Thread.sleep(delayMs);
                        running = running(db);
                    }
                    exit = child.kill9();
                } else {
                    exit = child.await();
                }
                lastLines = child.lines.toString();
                busy = running;
                if (exit != 137 && exit != 0) {
                    failures.add(where + ": the child failed on its own (exit " + exit + "): " + child.lines);
                    continue;
                }
                Chaos.endOrphans(db);
                String point;
                if (kind == Kind.DEPLOY) {
                    point = "package:" + deployPoint(db, exit, running, failures, where);
                    try {
                        Chaos.deploy(db, pkg);
                    } catch (PackageException e) {
                        // A committed deploy is done: a safe-mode rerun refuses the existing schema, as it should.
                        boolean committed = point.equals("package:committed") || point.equals("package:finished");
                        if (!(committed && e.getMessage().contains("already exists"))) {
                            throw e;
                        }
                    }
                    check(failures, where, deployDump.equals(Chaos.dump(db)), "catalog differs from a clean deploy");
                    long rows = Chaos.count(
                            db, "SELECT count(*) FROM sem_packages.packages WHERE name = '" + Chaos.PACKAGE + "'");
                    if (rows > 1) {
                        duplicates++;
                    }
                    check(failures, where, rows == 1, "registry rows of the package: " + rows);
                } else {
                    point = applyPoint(db, exit, running, scripts, bootstrap);
                    duplicates += halfRecorded(db, scripts, bootstrap, failures, where + " [" + point + "]");
                    try {
                        Chaos.apply(db, dist, ApplyOptions.defaults());
                    } catch (SemException e) {
                        if (!e.getMessage().contains("was started by an earlier run")) {
                            throw e;
                        }
                        resumeRerun++;
                        Chaos.apply(
                                db, dist, ApplyOptions.defaults().withResumeUnknown(ApplyOptions.ResumePolicy.RERUN));
                    }
                    String dump = Chaos.dump(db);
                    check(
                            failures,
                            where + " [" + point + "]",
                            applyDump.equals(dump),
                            "catalog differs from a clean run:\n" + dump);
                    List<String> recorded = Chaos.recorded(db);
                    check(
                            failures,
                            where + " [" + point + "]",
                            recorded.equals(List.copyOf(scripts.keySet())),
                            "recorded after the rerun: " + recorded);
                    check(
                            failures,
                            where + " [" + point + "]",
                            Chaos.bootstrapped(db).equals(bootstrap),
                            "bootstrap entries after the rerun: " + Chaos.bootstrapped(db));
                    check(
                            failures,
                            where + " [" + point + "]",
                            Chaos.invalidIndexes(db).isEmpty(),
                            "invalid indexes: " + Chaos.invalidIndexes(db));
                }
                points.merge(point, 1, Integer::sum);
            } catch (Exception | AssertionError e) {
                failures.add(where + ": " + e + " (child output: " + lastLines + ", busy at the kill: " + busy + ")");
            } finally {
                Chaos.drop(db);
            }
        }
        StringBuilder summary = new StringBuilder("[sem-chaos] kill trials=" + trials + " seed=" + seed
                + " convergence failures=" + failures.size() + " duplicates=" + duplicates + " resume-rerun="
                + resumeRerun + " kill points:");
        points.forEach((k, v) -> summary.append(' ').append(k).append('=').append(v));
        summary.append(" time=")
                .append((System.nanoTime() - started) / 1_000_000 / 1000.0)
                .append("s");
        System.out.println(summary);
        assertThat(failures).as("seed=%d: %s", seed, summary).isEmpty();
        assertThat(duplicates).as("seed=%d: duplicates", seed).isZero();
    }

    private static void check(List<String> failures, String where, boolean ok, String what) {
        if (!ok) {
            failures.add(where + ": " + what);
        }
    }

    /**
     * Right after the kill, before any rerun: bootstrap is all or nothing, every recorded script's effects are there,
     * an unrecorded {@code single} script left nothing, nothing is recorded twice.
     *
     * @return the number of duplicate history rows
     */
    private static int halfRecorded(
            TestDatabase db, Map<String, String> scripts, List<String> bootstrap, List<String> failures, String where)
            throws Exception {
        List<String> entries = Chaos.bootstrapped(db);
        check(
                failures,
                where,
                entries.size() <= bootstrap.size() && entries.equals(bootstrap.subList(0, entries.size())),
                "bootstrap entries are not a prefix of a clean bootstrap's: " + entries);
        boolean schema = Chaos.count(db, "SELECT count(*) FROM pg_namespace WHERE nspname = '" + Chaos.SEM + "'") == 1;
        check(
                failures,
                where,
                !schema || Chaos.exists(db, Chaos.SEM + ".scripts"),
                "half-bootstrapped: the schema exists without its scripts table");
        List<String> recorded = Chaos.recorded(db);
        int duplicates = recorded.size() - (int) recorded.stream().distinct().count();
        check(failures, where, duplicates == 0, "recorded twice: " + recorded);
        for (var e : scripts.entrySet()) {
            boolean table = Chaos.exists(db, "public." + Chaos.table(e.getKey()));
            if (recorded.contains(e.getKey())) {
                check(failures, where, table, e.getKey() + " is recorded but its table is missing");
            } else if (!e.getValue().contains("transaction = none")) {
                check(failures, where, !table, e.getKey() + " (single) is not recorded but its table exists");
            }
        }
        return duplicates;
    }

    /** What the killed child's backends were doing at the kill: state and query of the busy ones, or "idle"/"none". */
    private static String running(TestDatabase db) throws Exception {
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT state, query FROM pg_stat_activity WHERE datname ="
                        + " current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'")) {
            StringBuilder busy = new StringBuilder();
            boolean any = false;
            while (rs.next()) {
                any = true;
                if (!"idle".equals(rs.getString(1))) {
                    busy.append(rs.getString(1))
                            .append(": ")
                            .append(rs.getString(2))
                            .append('\n');
                }
            }
            return !any ? "none" : busy.isEmpty() ? "idle" : busy.toString();
        }
    }

    /**
     * Polls the child's backends until the {@code n}th distinct history write is seen in flight (running, or done in
     * a transaction not committed yet); returns it as {@link #running} would, or "idle" if the child ended first.
     */
    private static String awaitHistoryWrite(TestDatabase db, Chaos.Child child, int n) throws Exception {
        java.util.Set<String> seen = new java.util.HashSet<>();
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            while (child.process.isAlive()) {
                try (ResultSet rs = s.executeQuery("SELECT pid || '@' || query_start, state, query FROM"
                        + " pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
                        + " AND state IN ('active', 'idle in transaction')"
                        + " AND query ILIKE 'INSERT INTO %" + Chaos.SEM + "%'")) {
                    if (rs.next() && seen.add(rs.getString(1)) && seen.size() >= n) {
                        return rs.getString(2) + ": " + rs.getString(3);
                    }
                }
            }
        }
        return "idle";
    }

    /** Polls until the child has a backend in {@code db} (or ended). */
    private static void awaitConnection(TestDatabase db, Chaos.Child child) throws Exception {
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            while (child.process.isAlive()) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname ="
                        + " current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'")) {
                    rs.next();
                    if (rs.getLong(1) > 0) {
                        return;
                    }
                }
                Thread.sleep(1);
            }
        }
    }

    /** Where an apply's kill landed. */
    private static String applyPoint(
            TestDatabase db, int exit, String running, Map<String, String> scripts, List<String> bootstrap)
            throws Exception {
        if (exit == 0) {
            return "finished";
        }
        if (!Chaos.exists(db, Chaos.SEM + ".scripts")) {
            return running.equals("none") ? "startup" : "bootstrap";
        }
        if (Chaos.bootstrapped(db).size() < bootstrap.size()) {
            // Bootstrap runs entry by entry, each in a transaction of its own: the kill landed between or in them.
            return "bootstrap";
        }
        List<String> recorded = Chaos.recorded(db);
        if (running.contains(Chaos.SEM) || running.contains("sem_java")) {
            return "history";
        }
        boolean noneInProgress = Chaos.count(
                        db,
                        "SELECT count(*) FROM " + Chaos.SEM + ".sem_java_script_progress p WHERE NOT EXISTS (SELECT"
                                + " FROM " + Chaos.SEM + ".scripts s WHERE s.filename = p.filename)")
                > 0;
        if (!running.equals("idle") && !running.equals("none") || noneInProgress) {
            return "mid-script";
        }
        if (recorded.size() == scripts.size()) {
            return "after-last-script";
        }
        return recorded.isEmpty() ? "before-first-script" : "between-scripts";
    }

    /** Where a deploy's kill landed; checks the registry row and the package schema agree. */
    private static String deployPoint(TestDatabase db, int exit, String running, List<String> failures, String where)
            throws Exception {
        boolean registry = Chaos.exists(db, "sem_packages.packages")
                && Chaos.count(db, "SELECT count(*) FROM sem_packages.packages WHERE name = '" + Chaos.PACKAGE + "'")
                        > 0;
        boolean schema =
                Chaos.count(db, "SELECT count(*) FROM pg_namespace WHERE nspname = '" + Chaos.PACKAGE + "_1_0_0'") == 1;
        check(failures, where, registry == schema, "registry row " + registry + " but package schema " + schema);
        if (exit == 0) {
            return "finished";
        }
        if (registry) {
            return "committed";
        }
        return running.equals("none") ? "startup" : running.equals("idle") ? "connected" : "deploy-transaction";
    }
}
