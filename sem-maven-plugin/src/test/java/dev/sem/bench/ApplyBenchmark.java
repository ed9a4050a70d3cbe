package dev.sem.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import dev.sem.EngineLog;
import dev.sem.apply.Applier;
import dev.sem.apply.ApplyOptions;
import dev.sem.apply.ApplyReport;
import dev.sem.apply.TestConnections;
import dev.sem.testing.PostgresServer;
import dev.sem.testing.TestDatabase;
import dev.sem.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Applies 1,000 small scripts with sem and, in the same run and on the same server, the same SQL concatenated with
 * {@code psql --single-transaction}; prints the medians and the ratio. Not part of the default test run:
 *
 * <pre>./mvnw -B -pl sem-maven-plugin test -Dtest=ApplyBenchmark -Dsem.bench.scripts=1000 -Dsem.bench.rounds=5</pre>
 *
 * <p>Needs {@code psql} on the PATH. The figure is printed, never asserted: speed is shown, not tested.
 */
class ApplyBenchmark {

    @TempDir
    Path tmp;

    @Test
    void thousandSmallScriptsAgainstPsql() throws Exception {
        int scripts = Integer.getInteger("sem.bench.scripts", 1000);
        int rounds = Integer.getInteger("sem.bench.rounds", 5);
        // ddl: each script creates and fills a table; dml: each script inserts one row into a shared table.
        String kind = System.getProperty("sem.bench.kind", "ddl");
        Path base = tmp.resolve("repo");
        Files.createDirectories(base.resolve("scripts"));
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < scripts; i++) {
            String sql = "create table t_" + i + " (id bigint primary key, name text not null);\n" + "insert into t_"
                    + i + " (id, name) values (1, 'row " + i + "');\n";
            Files.writeString(base.resolve("scripts").resolve(String.format("20260101-%06d.sql", i)), sql);
            all.append(sql);
        }
        Path concatenated = tmp.resolve("all.sql");
        Files.writeString(concatenated, all.toString());
        PostgresServer server = TestPostgres.server();

        List<Long> psqlMs = new ArrayList<>();
        List<Long> semMs = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            TestDatabase forPsql = server.createDatabase();
            TestDatabase forSem = server.createDatabase();
            try {
                if (!kind.equals("ddl")) {
                    for (TestDatabase d : List.of(forPsql, forSem)) {
                        try (var c = d.connect();
                                var st = c.createStatement()) {
                            st.execute("create table bench_rows (id bigint primary key, name text not null)");
                        }
                    }
                }
                psqlMs.add(psql(forPsql, concatenated));
                long t0 = System.nanoTime();
                ApplyReport r = new Applier(TestConnections.settings(forSem), EngineLog.silent())
                        .apply(base, ApplyOptions.defaults());
                semMs.add((System.nanoTime() - t0) / 1_000_000);
                assertThat(r.withStatus("applied")).hasSize(scripts);
            } finally {
                server.dropDatabase(forPsql.name());
                server.dropDatabase(forSem.name());
            }
        }
        long psql = median(psqlMs);
        long sem = median(semMs);
        System.out.printf(
                Locale.ROOT,
                "[sem-bench] %d %s scripts, PostgreSQL %d, %d rounds: psql --single-transaction median %d ms %s;"
                        + " sem apply median %d ms %s; ratio %.2fx%n",
                scripts,
                kind,
                server.major(),
                rounds,
                psql,
                psqlMs,
                sem,
                semMs,
                (double) sem / psql);
    }

    private static long psql(TestDatabase db, Path file) throws IOException, InterruptedException {
        String[] hostPort = db.server().hostAndPort().split(":");
        ProcessBuilder pb = new ProcessBuilder(
                        "psql",
                        "-X",
                        "-q",
                        "-v",
                        "ON_ERROR_STOP=1",
                        "--single-transaction",
                        "-h",
                        hostPort[0],
                        "-p",
                        hostPort[1],
                        "-U",
                        db.user(),
                        "-d",
                        db.name(),
                        "-f",
                        file.toString())
                .redirectErrorStream(true);
        if (db.password() != null) {
            pb.environment().put("PGPASSWORD", db.password());
        }
        long t0 = System.nanoTime();
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        int rc = p.waitFor();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        if (rc != 0) {
            throw new IllegalStateException("psql failed (" + rc + "): " + out);
        }
        return ms;
    }

    private static long median(List<Long> values) {
        long[] sorted = values.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
