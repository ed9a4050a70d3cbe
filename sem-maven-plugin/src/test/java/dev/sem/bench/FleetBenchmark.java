package dev.sem.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.sem.EngineLog;
import dev.sem.apply.Applier;
import dev.sem.apply.ApplyOptions;
import dev.sem.apply.ApplyReport;
import dev.sem.apply.TestConnections;
import dev.sem.fleet.ApplyOperation;
import dev.sem.fleet.FleetOptions;
import dev.sem.fleet.FleetReport;
import dev.sem.fleet.FleetRunner;
import dev.sem.fleet.Target;
import dev.sem.testing.PostgresServer;
import dev.sem.testing.TestDatabase;
import dev.sem.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Applies 20 small scripts to 100 databases with a fleet run (parallelism 8), and the same work on 100 other fresh
 * databases one by one; prints the ideal time (the sum of the single-database times divided by the parallelism), the
 * fleet's wall time and their ratio. Not part of the default test run:
 *
 * <pre>./mvnw -B -pl sem-maven-plugin test -Dtest=FleetBenchmark -Dsem.bench.databases=100 -Dsem.bench.scripts=20
 *     -Dsem.bench.parallelism=8 -Dsurefire.failIfNoSpecifiedTests=false</pre>
 *
 * <p>The figures are printed, never asserted: speed is shown, not tested. All runs share one server (and the
 * machine's cores), so the ideal is only reached when the server has cores to spare.
 */
class FleetBenchmark {

    @TempDir
    Path tmp;

    @Test
    void fleetAgainstOneDatabaseAtATime() throws Exception {
        int databases = Integer.getInteger("sem.bench.databases", 100);
        int scripts = Integer.getInteger("sem.bench.scripts", 20);
        int parallelism = Integer.getInteger("sem.bench.parallelism", 8);
        Path base = tmp.resolve("repo");
        Files.createDirectories(base.resolve("scripts"));
        for (int i = 0; i < scripts; i++) {
            Files.writeString(
                    base.resolve("scripts").resolve(String.format("20260101-%06d.sql", i)),
                    "create table t_" + i + " (id bigint primary key, name text not null);\n" + "insert into t_" + i
                            + " (id, name) values (1, 'row " + i + "');\n");
        }
        PostgresServer server = TestPostgres.server();
        List<TestDatabase> alone = new ArrayList<>();
        List<TestDatabase> fleet = new ArrayList<>();
        try {
            for (int i = 0; i < databases; i++) {
                alone.add(server.createDatabase());
                fleet.add(server.createDatabase());
            }
            long sumAlone = 0;
            for (TestDatabase db : alone) {
                long t0 = System.nanoTime();
                ApplyReport r = new Applier(TestConnections.settings(db), EngineLog.silent())
                        .apply(base, ApplyOptions.defaults());
                sumAlone += (System.nanoTime() - t0) / 1_000_000;
                assertThat(r.withStatus("applied")).hasSize(scripts);
            }
            String[] hp = server.hostAndPort().split(":");
            List<Target> targets = new ArrayList<>();
            for (TestDatabase db : fleet) {
                targets.add(new Target(null, hp[0], Integer.parseInt(hp[1]), db.name(), null, null, "bench"));
            }
            long t0 = System.nanoTime();
            FleetReport report = new FleetRunner(EngineLog.silent())
                    .run(
                            targets,
                            t -> TestConnections.settings(server.jdbcUrl(t.dbname()), server.user(), server.password()),
                            new ApplyOperation(base, ApplyOptions.defaults(), EngineLog.silent()),
                            new FleetOptions(parallelism, true, false));
            long wall = (System.nanoTime() - t0) / 1_000_000;
            assertThat(report.failed()).isFalse();
            assertThat(report.totals().changes()).isEqualTo(databases * scripts);
            double ideal = (double) sumAlone / parallelism;
            System.out.printf(
                    Locale.ROOT,
                    "[sem-bench] fleet: %d databases x %d scripts, PostgreSQL %d, %d cores: one at a time %d ms in all"
                            + " (%.0f ms each); ideal at parallelism %d %.0f ms; fleet wall %d ms (preflight %d ms of it;"
                            + " sum of target runs %d ms); ratio %.2fx (run phase alone %.2fx)%n",
                    databases,
                    scripts,
                    server.major(),
                    Runtime.getRuntime().availableProcessors(),
                    sumAlone,
                    (double) sumAlone / databases,
                    parallelism,
                    ideal,
                    wall,
                    report.preflight().durationMillis(),
                    report.sumOfTargetMillis(),
                    wall / ideal,
                    (wall - report.preflight().durationMillis()) / ideal);
        } finally {
            for (TestDatabase db : alone) {
                server.dropDatabase(db.name());
            }
            for (TestDatabase db : fleet) {
                server.dropDatabase(db.name());
            }
        }
    }
}
