package dev.sem.chaos;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.sem.apply.Applier;
import dev.sem.apply.ApplyOptions;
import dev.sem.apply.TestConnections;
import dev.sem.pkg.DeployOptions;
import dev.sem.pkg.PackageDeployer;
import dev.sem.pkg.PackageLoader;
import dev.sem.testing.CollectingLog;
import dev.sem.testing.TestDatabase;
import dev.sem.testing.TestPostgres;
import dev.sem.verify.SchemaDump;

/**
 * Shared pieces of the chaos tests: the seed and trial counts, the distribution and the package they deploy, fresh
 * databases, catalog dumps and history read-outs, and the child JVM they kill.
 */
final class Chaos {

    /** sem's history schema. */
    static final String SEM = "schema_evolution_manager";

    private Chaos() {}

    /**
     * The seed: {@code -Dsem.chaos.seed} or {@link System#nanoTime()}; always printed, so that a failure can be
     * replayed with {@code -Dsem.chaos.seed=<seed>}.
     */
    static long seed(String test) {
        String given = System.getProperty("sem.chaos.seed");
        long seed = given == null || given.isBlank() ? System.nanoTime() : Long.parseLong(given.strip());
        System.out.println("[sem-chaos] seed=" + seed + " (" + test + "; replay with -Dsem.chaos.seed=" + seed + ")");
        return seed;
    }

    /** Whether {@code -Dsem.chaos=full} asks for the full counts. */
    static boolean full() {
        return "full".equalsIgnoreCase(System.getProperty("sem.chaos", "").strip());
    }

    /** {@code -Dsem.chaos.trials=N}, else {@code fullCount} with {@code -Dsem.chaos=full}, else {@code bounded}. */
    static int trials(int bounded, int fullCount) {
        String n = System.getProperty("sem.chaos.trials");
        if (n != null && !n.isBlank()) {
            return Integer.parseInt(n.strip());
        }
        return full() ? fullCount : bounded;
    }

    // ---------------------------------------------------------------- inputs

    /**
     * The scripts of the chaos distribution, by file name: {@code single} and {@code none} scripts (CREATE INDEX
     * CONCURRENTLY and several autocommit statements), each creating a table named after itself ({@link #table}) last
     * for {@code none} scripts, first for {@code single} ones (one transaction either way), with small
     * {@code pg_sleep}s to spread the kill window. The statements of the {@code none} scripts may run twice (resume
     * with {@code resumeUnknown=rerun} is safe).
     */
    static Map<String, String> scripts() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("20260101-000001.sql", """
                create table t20260101_000001 (id int primary key, note text not null default '');
                select pg_sleep(0.02);
                create function one() returns int language sql as $$ select 1 $$;
                select pg_sleep(0.02);
                """);
        s.put("20260101-000002.sql", """
                -- sem.attribute.transaction = none
                create table if not exists items (id int, v int);
                select pg_sleep(0.02);
                create index concurrently items_v on items (v);
                select pg_sleep(0.02);
                alter table items add column if not exists w text;
                select pg_sleep(0.02);
                create table if not exists t20260101_000002 (id int);
                """);
        s.put("20260101-000003.sql", """
                create table t20260101_000003 (id int references t20260101_000001 (id));
                select pg_sleep(0.02);
                create view v3 as select id from t20260101_000003;
                create index t3_id on t20260101_000003 (id);
                select pg_sleep(0.02);
                """);
        s.put("20260101-000004.sql", """
                -- sem.attribute.transaction = none
                create schema if not exists audit;
                select pg_sleep(0.02);
                create table if not exists audit.events (id bigint generated always as identity, at timestamptz);
                create index concurrently events_at on audit.events (at);
                select pg_sleep(0.02);
                create index concurrently items_w on items (w);
                create table if not exists t20260101_000004 (id int);
                """);
        s.put("20260101-000005.sql", """
                create table t20260101_000005 (id int);
                select pg_sleep(0.02);
                comment on table t20260101_000005 is 'last';
                create function audit.stamp() returns trigger language plpgsql as $$ begin new.at := now(); return new; end $$;
                create trigger events_stamp before insert on audit.events for each row execute function audit.stamp();
                select pg_sleep(0.02);
                """);
        return s;
    }

    /** The table script {@code name} creates: {@code t} and the name without {@code .sql}, {@code -} as {@code _}. */
    static String table(String script) {
        return "t" + script.replace(".sql", "").replace('-', '_');
    }

    /** Writes a distribution (its {@code scripts} folder) with {@code scripts} under {@code base}. */
    static Path distribution(Path base, Map<String, String> scripts) {
        try {
            Files.createDirectories(base.resolve("scripts"));
            for (var e : scripts.entrySet()) {
                Files.writeString(base.resolve("scripts").resolve(e.getKey()), e.getValue(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return base;
    }

    /** The package the deploy trials use: {@code chaos} 1.0.0, versioned, with types, tables, functions and views. */
    static final String PACKAGE = "chaos";

    /** Writes the {@link #PACKAGE} package directory under {@code root}. */
    static Path packageDir(Path root) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put(
                "config.json",
                "{\"name\": \"" + PACKAGE + "\", \"subclass\": \"versioned\", \"version\": \"1.0.0\", \"types_path\":"
                        + " \"types\", \"tables_path\": \"tables\", \"functions_path\": \"functions\", \"views_path\":"
                        + " \"views\"}");
        files.put("types/mood.sql", "CREATE TYPE mood AS ENUM ('calm', 'wild');\n");
        files.put("tables/001_a.sql", "CREATE TABLE a (id int PRIMARY KEY, m mood);\nSELECT pg_sleep(0.03);\n");
        files.put(
                "tables/002_b.sql",
                "CREATE TABLE b (id int REFERENCES a (id));\nSELECT pg_sleep(0.03);\nCREATE INDEX b_id ON b (id);\n");
        files.put(
                "functions/calm.sql",
                "CREATE OR REPLACE FUNCTION calm() RETURNS mood LANGUAGE sql AS $$ SELECT 'calm'::mood $$;\n");
        files.put("views/ab.sql", "CREATE OR REPLACE VIEW ab AS SELECT a.id, a.m FROM a JOIN b ON b.id = a.id;\n");
        try {
            for (var e : files.entrySet()) {
                Path f = root.resolve(e.getKey());
                Files.createDirectories(f.getParent());
                Files.writeString(f, e.getValue(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return root;
    }

    // ---------------------------------------------------------------- databases

    /** A fresh, empty database on the shared test server; drop it with {@link #drop}. */
    static TestDatabase fresh() throws SQLException {
        return TestPostgres.server().createDatabase();
    }

    /** Drops a database made by {@link #fresh()}. */
    static void drop(TestDatabase db) {
        try {
            db.server().dropDatabase(db.name());
        } catch (SQLException e) {
            System.out.println("[sem-chaos] could not drop " + db.name() + ": " + e.getMessage());
        }
    }

    /** Applies the distribution in-process, kill-free. */
    static void apply(TestDatabase db, Path base, ApplyOptions options) {
        new Applier(TestConnections.settings(db), new CollectingLog()).apply(base, options);
    }

    /** Deploys the package in-process, kill-free. */
    static void deploy(TestDatabase db, Path pkg) {
        new PackageDeployer(TestConnections.settings(db), new CollectingLog())
                .deploy(PackageLoader.load(pkg), DeployOptions.defaults());
    }

    /** The catalog dump of the user schema (sem's own schemas left out). */
    static String dump(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            return SchemaDump.dump(c);
        }
    }

    /** The first column of every row. */
    static List<String> strings(TestDatabase db, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** A single number. */
    static long count(TestDatabase db, String sql) throws SQLException {
        return Long.parseLong(strings(db, sql).get(0));
    }

    /** Whether {@code schema.table} exists. */
    static boolean exists(TestDatabase db, String qualified) throws SQLException {
        return count(db, "SELECT (to_regclass('" + qualified + "') IS NOT NULL)::int") == 1;
    }

    /** The file names recorded in {@code schema_evolution_manager.scripts}, with duplicates; empty before bootstrap. */
    static List<String> recorded(TestDatabase db) throws SQLException {
        if (!exists(db, SEM + ".scripts")) {
            return List.of();
        }
        return strings(db, "SELECT filename FROM " + SEM + ".scripts ORDER BY filename");
    }

    /**
     * The bootstrap entries recorded in {@code schema_evolution_manager.bootstrap_scripts}, in the order they ran; empty
     * before bootstrap. Bootstrap runs each entry in a transaction of its own with its row.
     */
    static List<String> bootstrapped(TestDatabase db) throws SQLException {
        if (!exists(db, SEM + ".bootstrap_scripts")) {
            return List.of();
        }
        return strings(db, "SELECT filename FROM " + SEM + ".bootstrap_scripts ORDER BY id");
    }

    /** Invalid indexes (a CREATE INDEX CONCURRENTLY that did not finish) in the user schemas. */
    static List<String> invalidIndexes(TestDatabase db) throws SQLException {
        return strings(
                db,
                "SELECT i.indexrelid::regclass::text FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                        + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " WHERE NOT i.indisvalid AND n.nspname NOT LIKE 'pg\\_%' ORDER BY 1");
    }

    /**
     * Ends the backends a killed client left behind in {@code db}. A backend notices its client is gone only when it
     * next talks to the socket: one running {@code pg_sleep} is terminated (its open transaction rolls back either
     * way, as the server would do once the sleep ends), every other one is left to finish its statement and go.
     */
    static void endOrphans(TestDatabase db) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            while (true) {
                s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database()"
                        + " AND pid <> pg_backend_pid() AND query ILIKE '%pg_sleep%' AND state = 'active'");
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname ="
                        + " current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'")) {
                    rs.next();
                    if (rs.getLong(1) == 0) {
                        return;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("backends of the killed client still alive after 60 s in " + db.name());
                }
                Thread.sleep(20);
            }
        }
    }

    // ---------------------------------------------------------------- the child JVM

    /** A started {@link ChaosChild}, its output lines collected as they come. */
    static final class Child {
        final Process process;
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        private final Thread reader;

        Child(String mode, TestDatabase db, Path input) throws IOException {
            String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder pb = new ProcessBuilder(
                            java,
                            "-XX:TieredStopAtLevel=1",
                            "-Xshare:auto",
                            "-cp",
                            cp,
                            ChaosChild.class.getName(),
                            mode,
                            db.jdbcUrl(),
                            db.user(),
                            input.toString())
                    .redirectErrorStream(true);
            if (db.password() != null) {
                pb.environment().put("SEM_CHAOS_PASSWORD", db.password());
            }
            process = pb.start();
            reader = new Thread(
                    () -> {
                        try (BufferedReader r = new BufferedReader(
                                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                            String line;
                            while ((line = r.readLine()) != null) {
                                synchronized (lines) {
                                    lines.add(line);
                                    lines.notifyAll();
                                }
                            }
                        } catch (IOException e) {
                            // The child was killed.
                        }
                    },
                    "sem-chaos-child-output");
            reader.setDaemon(true);
            reader.start();
        }

        /** Waits until the child printed {@code n} lines or ended; false if it ended first. */
        boolean awaitLines(int n) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            synchronized (lines) {
                while (lines.size() < n) {
                    if (!process.isAlive() && !reader.isAlive()) {
                        return false;
                    }
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("child printed only " + lines.size() + " lines in 120 s: " + lines);
                    }
                    lines.wait(10);
                }
            }
            return true;
        }

        /** SIGKILL; returns the exit code (137 when the kill landed, 0 when the child had finished first). */
        int kill9() throws Exception {
            process.destroyForcibly();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("child did not die");
            }
            reader.join(TimeUnit.SECONDS.toMillis(10));
            return process.exitValue();
        }

        /** Waits for a normal end; the exit code. */
        int await() throws Exception {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("child did not finish in 120 s: " + lines);
            }
            reader.join(TimeUnit.SECONDS.toMillis(10));
            return process.exitValue();
        }

        /** The last line printed, or empty. */
        String lastLine() {
            synchronized (lines) {
                return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
            }
        }
    }
}
