package dev.sem.pkg;

import java.sql.Connection;
import java.util.List;
import java.util.Set;

import dev.sem.testing.CollectingLog;
import dev.sem.testing.TestDatabase;
import dev.sem.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import static dev.sem.pkg.TestPackages.column;
import static dev.sem.pkg.TestPackages.deploy;
import static dev.sem.pkg.TestPackages.exec;
import static dev.sem.pkg.TestPackages.one;
import static dev.sem.pkg.TestPackages.pkg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(TestPostgres.class)
class PackageDeployerTest {

    /** Every category, each depending on the one before: only the §6.3 order deploys it. */
    static TestPackages shop(String version) {
        return pkg("shop", version)
                .types("types/money.sql", "CREATE TYPE amount AS (value numeric, currency text);")
                .tables("tables/001_orders.sql", "CREATE TABLE orders (id serial PRIMARY KEY, total amount);\n")
                .functions(
                        "functions/total.sql",
                        "CREATE OR REPLACE FUNCTION order_total(o orders) RETURNS numeric LANGUAGE sql AS $$ SELECT (o.total).value"
                                + " $$;\nCREATE OR REPLACE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW;"
                                + " END $$;")
                .views("views/totals.sql", "CREATE VIEW totals AS SELECT id, order_total(o) FROM orders o;")
                .triggers(
                        "triggers/touch.sql",
                        "CREATE TRIGGER touch BEFORE INSERT ON orders FOR EACH ROW EXECUTE FUNCTION touch();");
    }

    @Test
    void fullDeployRunsTheCategoriesInOrderAndRecordsRowEventTableScriptAndNotification(TestDatabase db)
            throws Exception {
        try (Connection listener = db.connect()) {
            exec(listener, "LISTEN sem_package_events; LISTEN \"deployment_events$$shop\"");
            DeployResult r = deploy(db, shop("01_02_00").build());

            assertThat(r.success()).isTrue();
            assertThat(r.schema()).isEqualTo("shop_01_02_00");
            assertThat(r.executed()).isEqualTo(5);
            assertThat(r.summary()).startsWith("Deployed 5 files out of 5");
            assertThat(r.files())
                    .extracting(DeployResult.FileOutcome::path)
                    .containsExactly(
                            "types/money.sql",
                            "tables/001_orders.sql",
                            "functions/total.sql",
                            "views/totals.sql",
                            "triggers/touch.sql");
            try (Connection c = db.connect()) {
                assertThat(one(c, "SELECT count(*) FROM shop_01_02_00.totals")).isEqualTo("0");
                assertThat(
                                column(
                                        c,
                                        "SELECT name || ' ' || version_text || ' ' || v_major || v_minor || v_patch"
                                                + " || ' [' || v_pre || '] ' || schema_name || ' ' || status FROM sem_packages.packages"))
                        .containsExactly("shop 01_02_00 120 [] shop_01_02_00 active");
                assertThat(column(
                                c,
                                "SELECT event || ' ' || mode || ' ' || outcome || ' '"
                                        + " || jsonb_array_length(files) FROM sem_packages.events"))
                        .containsExactly("deploy safe success 5");
                assertThat(column(c, "SELECT path || ' ' || sha256 FROM sem_packages.table_scripts"))
                        .containsExactly("tables/001_orders.sql "
                                + TestPackages.sha256("CREATE TABLE orders (id serial PRIMARY KEY, total amount);\n"));
            }
            exec(listener, "SELECT 1");
            PGNotification[] got = listener.unwrap(PGConnection.class).getNotifications(5000);
            assertThat(got)
                    .extracting(PGNotification::getName, PGNotification::getParameter)
                    .contains(org.assertj.core.groups.Tuple.tuple("deployment_events$$shop", "1_2_0"));
            String payload = java.util.Arrays.stream(got)
                    .filter(n -> n.getName().equals("sem_package_events"))
                    .findFirst()
                    .orElseThrow()
                    .getParameter();
            assertThat(tools.jackson.databind.json.JsonMapper.builder()
                            .build()
                            .readValue(
                                    payload,
                                    new tools.jackson.core.type.TypeReference<java.util.Map<String, Object>>() {}))
                    .containsExactlyInAnyOrderEntriesOf(java.util.Map.of(
                            "package",
                            "shop",
                            "version",
                            "01_02_00",
                            "schema",
                            "shop_01_02_00",
                            "event",
                            "deploy",
                            "event_id",
                            r.eventId().intValue()));
        }
    }

    @Test
    void safeModeNeverTouchesAnExistingSchema(TestDatabase db) throws Exception {
        deploy(db, shop("1_0_0").build());
        assertThatThrownBy(() -> deploy(db, shop("1_0_0").build()))
                .isInstanceOf(PackageDeployer.DeployFailedException.class)
                .hasMessageContaining("Schema shop_1_0_0 already exists. It won't be overridden in safe mode");
        try (Connection c = db.connect()) {
            assertThat(one(c, "SELECT count(*) FROM sem_packages.events")).isEqualTo("1");
        }
    }

    @Test
    void aSyntaxErrorInTheSecondFunctionFileLeavesNoSchemaAndNoRegistryRow(TestDatabase db) throws Exception {
        LoadedPackage broken = pkg("broken", "1_0_0")
                .functions("functions/a.sql", "CREATE FUNCTION a() RETURNS int LANGUAGE sql AS 'SELECT 1';")
                .functions(
                        "functions/b.sql",
                        "-- second\nCREATE FUNCTION b() RETURNS int\n  LANGUAGE sql AS 'SELECT 1'" + " garbage;")
                .build();
        assertThatThrownBy(() -> deploy(db, broken))
                .isInstanceOf(PackageDeployer.DeployFailedException.class)
                .hasMessageContaining("File[functions/b.sql] line 3:")
                .hasMessageContaining("syntax error at or near \"garbage\"");
        try (Connection c = db.connect()) {
            assertThat(one(c, "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'broken%'"))
                    .isEqualTo("0");
            assertThat(one(c, "SELECT count(*) FROM pg_namespace WHERE nspname = 'sem_packages'"))
                    .isEqualTo("0");
        }
    }

    @Test
    void aDryRunPrintsThePlanAndChangesNothing(TestDatabase db) throws Exception {
        CollectingLog log = new CollectingLog();
        DeployResult r = new PackageDeployer(TestPackages.settings(db), log)
                .deploy(
                        shop("1_0_0").usage("pg_monitor").build(),
                        DeployOptions.defaults().withDryRun(true));
        assertThat(r.dryRun()).isTrue();
        assertThat(r.plan().schemaAction()).isEqualTo(DeployPlan.SchemaAction.CREATE);
        assertThat(dev.sem.report.JsonReports.toJson(r).replaceAll("\\s+", ""))
                .contains("\"schemaAction\":\"CREATE\"", "\"dryRun\":true", "\"path\":\"tables/001_orders.sql\"");
        assertThat(r.plan().grants()).contains("GRANT USAGE ON SCHEMA \"shop_1_0_0\" TO \"pg_monitor\"");
        assertThat(log.lines)
                .contains(
                        "INFO   schema: CREATE SCHEMA \"shop_1_0_0\"", "INFO   run tables tables/001_orders.sql (new)");
        try (Connection c = db.connect()) {
            assertThat(one(c, "SELECT count(*) FROM pg_namespace WHERE nspname IN ('shop_1_0_0', 'sem_packages')"))
                    .isEqualTo("0");
        }
    }

    @Test
    void moderateRenamesToTheSmallestFreeRevisionAndRunsTheTableScriptsInTheNewSchema(TestDatabase db)
            throws Exception {
        deploy(db, shop("1_0_0").build());
        try (Connection c = db.connect()) {
            exec(c, "CREATE SCHEMA shop_1_0_0_1"); // a foreign schema: revision 1 is taken
            exec(c, "INSERT INTO shop_1_0_0.orders (total) VALUES (row(1, 'EUR'))");
        }
        DeployResult r =
                deploy(db, shop("1_0_0").build(), DeployOptions.defaults().withMode(DeployMode.MODERATE));
        assertThat(r.plan().renamedTo()).isEqualTo("shop_1_0_0_0");
        deploy(db, shop("1_0_0").build(), DeployOptions.defaults().withMode(DeployMode.MODERATE));
        try (Connection c = db.connect()) {
            assertThat(one(c, "SELECT count(*) FROM shop_1_0_0_0.orders")).isEqualTo("1");
            assertThat(one(c, "SELECT count(*) FROM shop_1_0_0.orders")).isEqualTo("0");
            assertThat(column(
                            c,
                            "SELECT status || ' ' || coalesce(revision::text, '-') || ' ' || schema_name"
                                    + " FROM sem_packages.packages ORDER BY id"))
                    .containsExactly("renamed 0 shop_1_0_0_0", "renamed 2 shop_1_0_0_2", "active - shop_1_0_0");
            assertThat(column(c, "SELECT count(*) FROM sem_packages.table_scripts"))
                    .containsExactly("3");
            assertThat(column(c, "SELECT event FROM sem_packages.events ORDER BY id"))
                    .containsExactly("deploy", "rename", "deploy", "rename", "deploy");
        }
    }

    @Test
    void unsafeDropsAndRecreatesReusingTheRowWithANewSchemaInstance(TestDatabase db) throws Exception {
        deploy(db, shop("1_0_0").build());
        long instance;
        try (Connection c = db.connect()) {
            instance = Long.parseLong(one(c, "SELECT schema_instance FROM sem_packages.packages"));
        }
        DeployResult r =
                deploy(db, shop("1_0_0").build(), DeployOptions.defaults().withMode(DeployMode.UNSAFE));
        assertThat(r.plan().schemaAction()).isEqualTo(DeployPlan.SchemaAction.DROP_AND_CREATE);
        assertThat(r.files())
                .filteredOn(f -> f.category().equals("tables"))
                .extracting(DeployResult.FileOutcome::status)
                .containsExactly("executed");
        try (Connection c = db.connect()) {
            assertThat(column(c, "SELECT id || ' ' || (schema_instance > " + instance + ") FROM sem_packages.packages"))
                    .containsExactly(r.packageId() + " true");
        }
    }

    @Test
    void unsafeRefusesACascadeThatDropsObjectsOutsideTheSchemaUnlessAllowed(TestDatabase db) throws Exception {
        deploy(db, shop("1_0_0").build());
        try (Connection c = db.connect()) {
            exec(c, "CREATE VIEW public.report AS SELECT * FROM shop_1_0_0.orders");
        }
        DeployOptions unsafe = DeployOptions.defaults().withMode(DeployMode.UNSAFE);
        DeployResult dry = deploy(db, shop("1_0_0").build(), unsafe.withDryRun(true));
        assertThat(dry.plan().cascadeVictims()).containsExactly("view report");
        assertThatThrownBy(() -> deploy(db, shop("1_0_0").build(), unsafe))
                .hasMessageContaining("would also drop objects outside the schema: view report");
        deploy(db, shop("1_0_0").build(), unsafe.withAllowCascadeOutside(true));
        try (Connection c = db.connect()) {
            assertThat(one(c, "SELECT to_regclass('public.report')")).isNull();
        }
    }

    @Test
    void overwriteRunsOverTheExistingSchemaAndSkipsLoggedTableScripts(TestDatabase db) throws Exception {
        TestPackages code = pkg("api", "1_0_0")
                .tables("tables/1.sql", "CREATE TABLE t (x int);")
                .functions("functions/f.sql", "CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';");
        deploy(db, code.build());
        DeployResult r = deploy(db, code.build(), DeployOptions.defaults().withMode(DeployMode.OVERWRITE));
        assertThat(r.files())
                .extracting(f -> f.path() + " " + f.status() + " " + f.reason())
                .containsExactly("tables/1.sql skipped already executed", "functions/f.sql executed null");
        assertThat(r.plan().grants()).isEmpty();
    }

    @Test
    void overwriteWithTypeFilesIsRefusedBeforeConnectingUnlessAllowed(TestDatabase db) {
        DeployOptions o = DeployOptions.defaults().withMode(DeployMode.OVERWRITE);
        assertThatThrownBy(() -> new PackageDeployer(
                                TestPackages.settings(db).url() == null
                                        ? null
                                        : dev.sem.db.ConnectionSettings.builder("postgres://nowhere.invalid:1/x")
                                                .env(java.util.Map.of())
                                                .build(),
                                dev.sem.EngineLog.silent())
                        .deploy(shop("1_0_0").build(), o))
                .isInstanceOf(PackageException.class)
                .isNotInstanceOf(PackageDeployer.DeployFailedException.class)
                .hasMessageContaining("overwrite mode cannot replace");
    }

    @Test
    void singleFileDeployNeedsTheSchemaAndRunsOnlyTheListedFiles(TestDatabase db) throws Exception {
        DeployOptions f = DeployOptions.defaults().withFiles(List.of("functions/total.sql"));
        assertThatThrownBy(() -> deploy(db, shop("1_0_0").build(), f.withAllowTypesInFileDeploy(true)))
                .hasMessageContaining("Can't deploy scripts to schema shop_1_0_0: the schema doesn't exist");
        deploy(db, shop("1_0_0").build());
        assertThatThrownBy(() -> deploy(db, shop("1_0_0").build(), f.withFiles(List.of("types/money.sql"))))
                .isInstanceOf(PackageException.class)
                .hasMessageContaining("Type files are not deployed by a single-file deploy");
        assertThatThrownBy(() -> deploy(db, shop("1_0_0").build(), f.withFiles(List.of("total.sql"))))
                .hasMessageContaining("Cannot deploy the requested files, nothing was deployed: 'total.sql'");
        DeployResult r = deploy(db, shop("1_0_0").build(), f.withMode(DeployMode.UNSAFE));
        assertThat(r.files()).extracting(DeployResult.FileOutcome::path).containsExactly("functions/total.sql");
        assertThat(r.plan().schemaAction()).isEqualTo(DeployPlan.SchemaAction.KEEP);
    }

    @Test
    void autoCommitIsOnlyForSingleFilesInSafeModeAndListsTheStatementsCommittedBeforeAFailure(TestDatabase db)
            throws Exception {
        assertThatThrownBy(() -> deploy(
                        db, shop("1_0_0").build(), DeployOptions.defaults().withAutoCommit(true)))
                .hasMessageContaining("Auto-commit deploys are allowed only for single-file deploys in safe mode");
        LoadedPackage p = pkg("ix", "1_0_0")
                .tables("tables/1.sql", "CREATE TABLE t (x int);")
                .functions("functions/idx.sql", "CREATE INDEX CONCURRENTLY t_x ON t (x);\nSELECT 1;\nSELECT 1/0;")
                .functions("functions/ok.sql", "CREATE INDEX CONCURRENTLY t_x2 ON t (x);")
                .build();
        assertThatThrownBy(() -> deploy(db, p)).hasMessageContaining("CREATE INDEX CONCURRENTLY cannot run inside");
        deploy(
                db,
                pkg("ix", "1_0_0")
                        .tables("tables/1.sql", "CREATE TABLE t (x int);")
                        .build());
        DeployOptions auto = DeployOptions.defaults().withAutoCommit(true);
        DeployResult ok = deploy(db, p, auto.withFiles(List.of("functions/ok.sql")));
        assertThat(ok.success()).isTrue();
        assertThatThrownBy(() -> deploy(db, p, auto.withFiles(List.of("functions/idx.sql"))))
                .isInstanceOfSatisfying(
                        PackageDeployer.DeployFailedException.class,
                        e -> assertThat(e.result().committedStatements())
                                .containsExactly("functions/idx.sql:1", "functions/idx.sql:2"))
                .hasMessageContaining("division by zero");
        try (Connection c = db.connect()) {
            assertThat(column(c, "SELECT indexname FROM pg_indexes WHERE schemaname = 'ix_1_0_0' ORDER BY 1"))
                    .containsExactly("t_x", "t_x2");
            assertThat(column(c, "SELECT outcome FROM sem_packages.events ORDER BY id"))
                    .containsExactly("success", "success", "partial");
            assertThat(one(c, "SELECT files::text FROM sem_packages.events WHERE outcome = 'partial'"))
                    .isEqualTo("[{\"committedStatements\": [\"functions/idx.sql:1\", \"functions/idx.sql:2\"]}]");
        }
    }

    @Test
    void everyUnresolvedDependencyIsReportedTransitivelyBeforeAnyChange(TestDatabase db) throws Exception {
        deploy(db, pkg("low", "0_1_0").build());
        deploy(db, pkg("mid", "1_0_0").dep("low", "0_1").build());
        LoadedPackage top = pkg("top", "1_0_0")
                .dep("mid", ">=1")
                .dep("util", "2_x")
                .dep("low", ">0_5_0")
                .build();
        deploy(db, pkg("top", "1_0_0").dep("mid", ">=1").build());
        try (Connection c = db.connect()) {
            exec(c, "UPDATE sem_packages.packages SET status = 'dropped' WHERE name = 'low'");
        }
        assertThatThrownBy(() -> deploy(db, top, DeployOptions.defaults().withMode(DeployMode.MODERATE)))
                .hasMessage("There are unresolved dependencies. Deploy the following package(s) and try again:\n"
                        + "util: 2_x\nlow: >0_5_0\nlow: 0_1 (required by mid 1_0_0)");
    }

    @Test
    void resolvedDependenciesAreStoredWithRequirementAndVersion(TestDatabase db) throws Exception {
        deploy(db, pkg("low", "0_1_0").build());
        deploy(db, pkg("low", "0_2_0").build());
        deploy(db, pkg("top", "1_0_0").dep("low", "<0_2").build());
        try (Connection c = db.connect()) {
            assertThat(column(
                            c,
                            "SELECT dependency_name || ' ' || requirement || ' ' || resolved_version"
                                    + " FROM sem_packages.dependencies"))
                    .containsExactly("low <0_2 0_1_0");
        }
    }

    @Test
    void aMissingRoleIsAnErrorBeforeAnyChange(TestDatabase db) throws Exception {
        assertThatThrownBy(() -> deploy(
                        db, shop("1_0_0").owner("nobody here").usage("ghost").build()))
                .hasMessageContaining("Role(s) \"nobody here\", \"ghost\" do not exist");
        try (Connection c = db.connect()) {
            assertThat(one(c, "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'shop%'"))
                    .isEqualTo("0");
        }
    }

    @Test
    void tableScriptsRunInNaturalOrderAndRerunOnlyWhenNamed(TestDatabase db) throws Exception {
        TestPackages p = pkg("nat", "1_0_0")
                .tables("tables/10.sql", "INSERT INTO log VALUES ('10');")
                .tables("tables/9.sql", "CREATE TABLE IF NOT EXISTS log (v text); INSERT INTO log VALUES ('9');");
        DeployResult r = deploy(db, p.build());
        assertThat(r.files())
                .extracting(DeployResult.FileOutcome::path)
                .containsExactly("tables/9.sql", "tables/10.sql");
        deploy(
                db,
                p.build(),
                DeployOptions.defaults().withMode(DeployMode.OVERWRITE).withRerunTableScripts(Set.of("tables/10.sql")));
        try (Connection c = db.connect()) {
            assertThat(column(c, "SELECT v FROM nat_1_0_0.log")).containsExactly("9", "10", "10");
        }
    }

    @Test
    void logOnlyRecordsTableScriptsWithoutRunningThem(TestDatabase db) throws Exception {
        TestPackages p = pkg("base", "1_0_0").tables("tables/1.sql", "SELECT 1/0;");
        DeployResult r = deploy(db, p.build(), DeployOptions.defaults().withLogOnlyTableScripts(true));
        assertThat(r.files()).extracting(DeployResult.FileOutcome::status).containsExactly("logged");
        DeployResult again = deploy(db, p.build(), DeployOptions.defaults().withMode(DeployMode.OVERWRITE));
        assertThat(again.files()).extracting(DeployResult.FileOutcome::status).containsExactly("skipped");
    }

    @Test
    void theVcsReferenceDefaultsToGitHeadOfThePackageRoot(
            TestDatabase db, @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        String head;
        try (org.eclipse.jgit.api.Git git =
                org.eclipse.jgit.api.Git.init().setDirectory(dir.toFile()).call()) {
            java.nio.file.Files.writeString(dir.resolve("config.json"), "{}");
            git.add().addFilepattern("config.json").call();
            head = git.commit()
                    .setMessage("init")
                    .setAuthor("t", "t@example.com")
                    .setCommitter("t", "t@example.com")
                    .setSign(false)
                    .call()
                    .getName();
        }
        deploy(
                db,
                pkg("vcs", "1_0_0").root(dir).build(),
                DeployOptions.defaults().withIssue("OPS-1", "http://i/1"));
        try (Connection c = db.connect()) {
            assertThat(one(c, "SELECT vcs_ref || ' ' || issue_ref || ' ' || issue_link FROM sem_packages.events"))
                    .isEqualTo(head + " OPS-1 http://i/1");
        }
    }

    @Test
    void objectsTheDeployCreatesOutsideTheSchemaAreReported(TestDatabase db) {
        DeployResult r = deploy(
                db,
                pkg("side", "1_0_0")
                        .tables("tables/1.sql", "CREATE TABLE t (x int);\nCREATE TABLE public.side_log (x int);")
                        .build());
        assertThat(r.warnings())
                .containsExactly("The deploy created or altered table side_log outside schema"
                        + " side_1_0_0; grants and owner of §13 do not cover it");
    }
}
