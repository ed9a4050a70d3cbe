package dev.sem.fleet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.sem.EngineLog;
import dev.sem.pkg.DeployMode;
import dev.sem.pkg.DeployOptions;
import dev.sem.pkg.LoadedPackage;
import dev.sem.pkg.PackageLoader;
import dev.sem.pkg.QueryExecutor;
import dev.sem.testing.CollectingLog;
import dev.sem.testing.TestDatabase;
import dev.sem.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code deploy-package} and {@code execute} on a fleet of real databases. */
@ExtendWith(TestPostgres.class)
class FleetPackageAndExecuteTest {

    private static final int SIZE = 5;

    @TempDir
    Path tmp;

    private LoadedPackage pkg() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("orders_api"));
        Files.writeString(
                root.resolve("config.json"),
                "{\"name\": \"orders_api\", \"subclass\": \"versioned\", \"version\": \"1.0.0\","
                        + " \"functions_path\": \"functions\"}");
        Files.createDirectories(root.resolve("functions"));
        Files.writeString(
                root.resolve("functions/answer.sql"),
                "CREATE OR REPLACE FUNCTION answer() RETURNS int LANGUAGE sql AS $$ SELECT 42 $$;\n");
        return PackageLoader.load(root);
    }

    private static List<String> schemas(TestFleet fleet) throws Exception {
        List<String> out = new ArrayList<>();
        for (TestDatabase d : fleet.databases) {
            try (Connection c = d.connect();
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT string_agg(nspname, ',' ORDER BY nspname) FROM pg_namespace"
                            + " WHERE nspname LIKE 'orders_api%'")) {
                rs.next();
                out.add(String.valueOf(rs.getString(1)));
            }
        }
        return out;
    }

    @Test
    void aSafeDeployThatOneDatabaseWouldRefuseChangesNoDatabase(TestDatabase db) throws Exception {
        try (TestFleet fleet = new TestFleet(db.server()).create(SIZE)) {
            LoadedPackage pkg = pkg();
            DeployOptions options = DeployOptions.defaults().withLockWait(Duration.ofSeconds(5));
            // The third database already has the package: a safe deploy would refuse there.
            new dev.sem.pkg.PackageDeployer(fleet.settings(fleet.targets.get(2)), EngineLog.silent())
                    .deploy(pkg, options);
            CollectingLog log = new CollectingLog();

            FleetReport refused = new FleetRunner(log)
                    .run(
                            fleet.targets,
                            fleet::settings,
                            new PackageDeployOperation(pkg, options, List.of(), log),
                            new FleetOptions(2, true, false));

            assertThat(refused.failed()).isTrue();
            assertThat(refused.preflight().outcome()).isEqualTo(FleetReport.PreflightOutcome.REFUSED);
            assertThat(refused.targets().get(2).error()).startsWith("Schema orders_api_1_0_0 already exists");
            assertThat(schemas(fleet)).containsExactly("null", "null", "orders_api_1_0_0", "null", "null");

            FleetReport moderate = new FleetRunner(log)
                    .run(
                            fleet.targets,
                            fleet::settings,
                            new PackageDeployOperation(pkg, options.withMode(DeployMode.MODERATE), List.of(), log),
                            new FleetOptions(2, true, false));

            assertThat(moderate.failed()).isFalse();
            assertThat(moderate.totals().changed()).isEqualTo(SIZE);
            assertThat(schemas(fleet))
                    .containsExactly(
                            "orders_api_1_0_0",
                            "orders_api_1_0_0",
                            "orders_api_1_0_0,orders_api_1_0_0_0",
                            "orders_api_1_0_0",
                            "orders_api_1_0_0");
            assertThat(moderate.targets())
                    .allSatisfy(t -> assertThat(t.summary())
                            .isEqualTo("Deployed 1 files out of 1 into schema" + " orders_api_1_0_0"));
        }
    }

    @Test
    void aQueryRunsUntilZeroOnEveryDatabase(TestDatabase db) throws Exception {
        try (TestFleet fleet = new TestFleet(db.server()).create(SIZE)) {
            for (TestDatabase d : fleet.databases) {
                try (Connection c = d.connect();
                        Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE jobs AS SELECT g AS id FROM generate_series(1, 25) g");
                }
            }
            String batch = "WITH gone AS (DELETE FROM jobs WHERE id IN (SELECT id FROM jobs LIMIT 10) RETURNING 1)"
                    + " SELECT (SELECT count(*) FROM jobs) - (SELECT count(*) FROM gone)";
            FleetReport report = new FleetRunner(EngineLog.silent())
                    .run(
                            fleet.targets,
                            fleet::settings,
                            new ExecuteOperation(
                                    new QueryExecutor.Request(batch, true, 100, Duration.ZERO), EngineLog.silent()),
                            new FleetOptions(3, true, false));

            assertThat(report.failed()).isFalse();
            assertThat(report.targets())
                    .allSatisfy(t -> assertThat(t.summary()).isEqualTo("executed 3 time(s); last value 0"));
            for (TestDatabase d : fleet.databases) {
                try (Connection c = d.connect();
                        Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("SELECT count(*) FROM jobs")) {
                    rs.next();
                    assertThat(rs.getInt(1)).isZero();
                }
            }
        }
    }
}
