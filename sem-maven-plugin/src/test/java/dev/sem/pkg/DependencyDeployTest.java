package dev.sem.pkg;

import java.sql.Connection;
import java.util.List;

import dev.sem.pkg.DependencyDeployer.Outcome;
import dev.sem.pkg.PackageDependencies.Provided;
import dev.sem.testing.CollectingLog;
import dev.sem.testing.TestDatabase;
import dev.sem.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.sem.pkg.TestPackages.column;
import static dev.sem.pkg.TestPackages.deploy;
import static dev.sem.pkg.TestPackages.pkg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(TestPostgres.class)
class DependencyDeployTest {

    /** main depends on b, b depends on c. */
    private static final LoadedPackage MAIN = pkg("orders_api", "1_0_0")
            .dep("b", "1_x")
            .functions("functions/api.sql", "CREATE FUNCTION api() RETURNS int LANGUAGE sql AS $$ SELECT 3 $$;")
            .build();

    private static final Provided B = new Provided(
            "com.example:b:1.0.0",
            pkg("b", "1_0_0")
                    .dep("c", ">=1_0_0")
                    .functions("functions/b.sql", "CREATE FUNCTION b() RETURNS int LANGUAGE sql AS $$ SELECT 2 $$;")
                    .build());

    private static final Provided C = new Provided(
            "com.example:c:1.0.0",
            pkg("c", "1_0_0")
                    .tables("tables/001_c.sql", "CREATE TABLE c (id int);")
                    .functions("functions/c.sql", "CREATE FUNCTION c() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;")
                    .build());

    private static List<Outcome> deployDependencies(TestDatabase db, CollectingLog log) {
        List<Provided> ordered = PackageDependencies.order(MAIN, List.of(B, C));
        return new DependencyDeployer(TestPackages.settings(db), log).deploy(MAIN, ordered, DeployOptions.defaults());
    }

    private static List<String> summary(List<Outcome> outcomes) {
        return outcomes.stream()
                .map(o ->
                        o.name() + " " + o.version() + " " + o.coordinates() + " " + o.status() + " " + o.requirements()
                                + " " + (o.result() == null ? "-" : o.result().schema()))
                .toList();
    }

    private static List<String> active(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            return column(
                    c,
                    "SELECT name || ' ' || version_text || ' ' || schema_name || ' ' || status FROM"
                            + " sem_packages.packages ORDER BY id");
        }
    }

    @Test
    void nothingDeployedDeploysTheDependenciesBottomUpThenTheMainDeploySucceeds(TestDatabase db) throws Exception {
        CollectingLog log = new CollectingLog();

        List<Outcome> outcomes = deployDependencies(db, log);

        assertThat(summary(outcomes))
                .containsExactly(
                        "c 1.0.0 com.example:c:1.0.0 deployed [>=1_0_0] c_1_0_0",
                        "b 1.0.0 com.example:b:1.0.0 deployed [1_x] b_1_0_0");
        assertThat(outcomes).allSatisfy(o -> assertThat(o.result().success()).isTrue());
        assertThat(log.lines)
                .filteredOn(l -> l.contains("ependency"))
                .containsExactly(
                        "INFO Deploying dependency 1/2: c 1.0.0 (com.example:c:1.0.0)",
                        "INFO Deploying dependency 2/2: b 1.0.0 (com.example:b:1.0.0)");

        DeployResult main = deploy(db, MAIN);

        assertThat(main.success()).isTrue();
        assertThat(main.plan().dependencies())
                .extracting(d -> d.name() + " " + d.requirement() + " " + d.version())
                .containsExactly("b 1_x 1_0_0", "c >=1_0_0 1_0_0");
        assertThat(active(db))
                .containsExactly(
                        "c 1_0_0 c_1_0_0 active", "b 1_0_0 b_1_0_0 active", "orders_api 1_0_0 orders_api_1_0_0 active");
    }

    @Test
    void aSecondRunFindsBothDependenciesAlreadyDeployed(TestDatabase db) throws Exception {
        deployDependencies(db, new CollectingLog());
        deploy(db, MAIN);
        CollectingLog log = new CollectingLog();

        List<Outcome> outcomes = deployDependencies(db, log);

        assertThat(summary(outcomes))
                .containsExactly(
                        "c 1.0.0 com.example:c:1.0.0 already-deployed [>=1_0_0] -",
                        "b 1.0.0 com.example:b:1.0.0 already-deployed [1_x] -");
        assertThat(log.lines)
                .containsExactly(
                        "INFO c 1.0.0 is already deployed (satisfies >=1_0_0)",
                        "INFO b 1.0.0 is already deployed (satisfies 1_x)");
        assertThat(active(db))
                .containsExactly(
                        "c 1_0_0 c_1_0_0 active", "b 1_0_0 b_1_0_0 active", "orders_api 1_0_0 orders_api_1_0_0 active");
    }

    @Test
    void aDeployedVersionThatDoesNotSatisfyGetsTheProvidedVersionBesideIt(TestDatabase db) throws Exception {
        deploy(
                db,
                pkg("c", "0_9_0")
                        .tables("tables/001_c.sql", "CREATE TABLE c (id int);")
                        .build());
        CollectingLog log = new CollectingLog();

        List<Outcome> outcomes = deployDependencies(db, log);

        assertThat(summary(outcomes))
                .containsExactly(
                        "c 1.0.0 com.example:c:1.0.0 deployed [>=1_0_0] c_1_0_0",
                        "b 1.0.0 com.example:b:1.0.0 deployed [1_x] b_1_0_0");
        assertThat(deploy(db, MAIN).success()).isTrue();
        assertThat(active(db))
                .containsExactly(
                        "c 0_9_0 c_0_9_0 active",
                        "c 1_0_0 c_1_0_0 active",
                        "b 1_0_0 b_1_0_0 active",
                        "orders_api 1_0_0 orders_api_1_0_0 active");
        try (Connection c = db.connect()) {
            assertThat(column(
                            c,
                            "SELECT dependency_name || ' ' || requirement || ' ' || resolved_version FROM"
                                    + " sem_packages.dependencies ORDER BY package_id, position"))
                    .containsExactly("c >=1_0_0 1_0_0", "b 1_x 1_0_0");
        }
    }

    @Test
    void everyRequirementOnADependencyMustBeSatisfiedToSkipIt(TestDatabase db) throws Exception {
        deploy(db, pkg("c", "2_0_0").build());
        LoadedPackage main =
                pkg("orders_api", "1_0_0").dep("b", "1").dep("c", "<2").build();
        List<Provided> ordered = PackageDependencies.order(main, List.of(B, C));
        CollectingLog log = new CollectingLog();

        List<Outcome> outcomes =
                new DependencyDeployer(TestPackages.settings(db), log).deploy(main, ordered, DeployOptions.defaults());

        assertThat(summary(outcomes))
                .containsExactly(
                        "c 1.0.0 com.example:c:1.0.0 deployed [<2, >=1_0_0] c_1_0_0",
                        "b 1.0.0 com.example:b:1.0.0 deployed [1] b_1_0_0");
        assertThat(deploy(db, main).success()).isTrue();
    }

    @Test
    void withoutDeployingTheDependenciesTheMainDeployStillFailsWithThePgpmError(TestDatabase db) {
        assertThatThrownBy(() -> deploy(db, MAIN))
                .isInstanceOf(PackageDeployer.DeployFailedException.class)
                .hasMessage("There are unresolved dependencies. Deploy the following package(s) and try again:\n"
                        + "b: 1_x");
    }

    @Test
    void aFailingDependencyDeployStopsTheRunAndKeepsTheOnesBeforeIt(TestDatabase db) throws Exception {
        Provided broken = new Provided(
                "com.example:b:1.0.0",
                pkg("b", "1_0_0")
                        .dep("c", ">=1_0_0")
                        .functions("functions/b.sql", "CREATE FUNCTION b( RETURNS int;")
                        .build());
        List<Provided> ordered = PackageDependencies.order(MAIN, List.of(broken, C));

        assertThatThrownBy(() -> new DependencyDeployer(TestPackages.settings(db), new CollectingLog())
                        .deploy(MAIN, ordered, DeployOptions.defaults()))
                .isInstanceOf(PackageDeployer.DeployFailedException.class)
                .hasMessageContaining("functions/b.sql");
        assertThat(active(db)).containsExactly("c 1_0_0 c_1_0_0 active");
    }

    @Test
    void aDryRunWithoutRegistryReportsBothAsWouldDeployAndChangesNothing(TestDatabase db) throws Exception {
        CollectingLog log = new CollectingLog();
        List<Provided> ordered = PackageDependencies.order(MAIN, List.of(B, C));

        List<Outcome> outcomes = new DependencyDeployer(TestPackages.settings(db), log)
                .deploy(MAIN, ordered, DeployOptions.defaults().withDryRun(true));

        assertThat(summary(outcomes))
                .containsExactly(
                        "c 1.0.0 com.example:c:1.0.0 would-deploy [>=1_0_0] -",
                        "b 1.0.0 com.example:b:1.0.0 would-deploy [1_x] -");
        assertThat(log.lines)
                .containsExactly(
                        "INFO Dry run: would deploy dependency 1/2: c 1.0.0 (com.example:c:1.0.0)",
                        "INFO Dry run: would deploy dependency 2/2: b 1.0.0 (com.example:b:1.0.0)");
        try (Connection c = db.connect()) {
            assertThat(column(c, "SELECT nspname FROM pg_namespace WHERE nspname IN ('sem_packages', 'c_1_0_0')"))
                    .isEmpty();
        }
    }

    @Test
    void aDryRunSkipsWhatTheRegistrySatisfies(TestDatabase db) throws Exception {
        deploy(db, C.pkg());
        CollectingLog log = new CollectingLog();
        List<Provided> ordered = PackageDependencies.order(MAIN, List.of(B, C));

        List<Outcome> outcomes = new DependencyDeployer(TestPackages.settings(db), log)
                .deploy(MAIN, ordered, DeployOptions.defaults().withDryRun(true));

        assertThat(summary(outcomes))
                .containsExactly(
                        "c 1.0.0 com.example:c:1.0.0 already-deployed [>=1_0_0] -",
                        "b 1.0.0 com.example:b:1.0.0 would-deploy [1_x] -");
        assertThat(active(db)).containsExactly("c 1_0_0 c_1_0_0 active");
    }
}
