package dev.sem.pkg;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.sem.EngineLog;
import dev.sem.db.ConnectionSettings;
import dev.sem.testing.CollectingLog;
import dev.sem.testing.TestDatabase;
import dev.sem.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import static dev.sem.pkg.TestPackages.column;
import static dev.sem.pkg.TestPackages.deploy;
import static dev.sem.pkg.TestPackages.exec;
import static dev.sem.pkg.TestPackages.one;
import static dev.sem.pkg.TestPackages.pkg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The deployer's pgpm defects of spec §17, each a test named after the correct behaviour: 5 (two spellings), 8 (long
 * names notify), 15 (upsert by primary key), 16 (repeated moderate deploys), 17 and 18 (moderate on basic packages), 19
 * (no second active row, also with concurrent deploys), 20 (empty deploys flagged), 21 (unknown mode), 25 and 27
 * (unmatched or partial deploys fail), 31 (a table script runs once after {@code -f}), 34 (changed table scripts), 36
 * (DATABASE scope and the registry schema), 46 (host-less connection strings), 49 (escape semantics as declared), 53
 * (serialised deploys, lock_timeout without blocking others).
 */
@ExtendWith(TestPostgres.class)
class PackageDeployDefectsTest {

    private static final DeployOptions MODERATE = DeployOptions.defaults().withMode(DeployMode.MODERATE);

    @Test
    void defect5_aSecondSpellingOfARegisteredVersionIsRefused(TestDatabase db) throws Exception {
        deploy(db, pkg("api", "01_09_00").build());
        assertThatThrownBy(() -> deploy(db, pkg("api", "1_9_0").build()))
                .hasMessageContaining("Package api version 1.9.0 is already deployed as '01_09_00'");
        try (Connection c = db.connect()) {
            assertThat(column(c, "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'api%'"))
                    .containsExactly("api_01_09_00");
        }
    }

    @Test
    void defect8_aLongPackageNameDeploysAndNotifiesTheFixedChannel(TestDatabase db) throws Exception {
        String name = "a".repeat(45);
        try (Connection listener = db.connect()) {
            exec(listener, "LISTEN sem_package_events");
            DeployResult r = deploy(
                    db,
                    pkg(name, "1_0_0").functions("functions/f.sql", "SELECT 1;").build());
            assertThat(r.success()).isTrue();
            exec(listener, "SELECT 1");
            PGNotification[] got = listener.unwrap(PGConnection.class).getNotifications(5000);
            assertThat(got).extracting(PGNotification::getParameter).anyMatch(p -> p.contains(name + "_1_0_0"));
        }
    }

    @Test
    void defect15_anUnsafeRedeployLeavesOtherVersionsRowsUnchanged(TestDatabase db) throws Exception {
        deploy(db, pkg("top", "0_1_0").build());
        deploy(db, pkg("top", "0_2_0").build());
        deploy(db, pkg("top", "0_2_0").build(), DeployOptions.defaults().withMode(DeployMode.UNSAFE));
        try (Connection c = db.connect()) {
            assertThat(column(
                            c,
                            "SELECT version_text || ' ' || v_minor || ' ' || schema_name || ' ' || status"
                                    + " FROM sem_packages.packages ORDER BY id"))
                    .containsExactly("0_1_0 1 top_0_1_0 active", "0_2_0 2 top_0_2_0 active");
        }
    }

    @Test
    void defect16_nModerateDeploysLeaveNRenamedRowsOneActiveRowAndEverySchema(TestDatabase db) throws Exception {
        TestPackages p = pkg("mod", "1_0_0").tables("tables/1.sql", "CREATE TABLE t (x int);");
        deploy(db, p.build());
        for (int i = 0; i < 3; i++) {
            deploy(db, p.build(), MODERATE);
        }
        try (Connection c = db.connect()) {
            assertThat(column(
                            c,
                            "SELECT status || ' ' || coalesce(revision::text, '-') || ' ' || schema_name || ' '"
                                    + " || (to_regclass(quote_ident(schema_name) || '.t') IS NOT NULL)"
                                    + " FROM sem_packages.packages ORDER BY id"))
                    .containsExactly(
                            "renamed 0 mod_1_0_0_0 true",
                            "renamed 1 mod_1_0_0_1 true",
                            "renamed 2 mod_1_0_0_2 true",
                            "active - mod_1_0_0 true");
        }
    }

    @Test
    void defect17_aModerateDeployOfABasicPackageAfterAVersionBumpRenamesAndRecordsTheOldSchema(TestDatabase db)
            throws Exception {
        deploy(
                db,
                pkg("util", "1_0_0")
                        .basic()
                        .tables("tables/1.sql", "CREATE TABLE t (v int);")
                        .build());
        DeployResult r = deploy(
                db,
                pkg("util", "1_1_0")
                        .basic()
                        .tables("tables/1.sql", "CREATE TABLE t (v int);")
                        .build(),
                MODERATE);
        assertThat(r.success()).isTrue();
        try (Connection c = db.connect()) {
            assertThat(column(
                            c,
                            "SELECT version_text || ' ' || status || ' ' || schema_name"
                                    + " FROM sem_packages.packages ORDER BY id"))
                    .containsExactly("1_0_0 renamed util_0", "1_1_0 active util");
            assertThat(one(c, "SELECT count(*) FROM pg_namespace WHERE nspname IN ('util', 'util_0')"))
                    .isEqualTo("2");
        }
    }

    @Test
    void defect18_aModerateDeployOfTheSameBasicVersionRunsTheTableScriptsInTheNewSchema(TestDatabase db)
            throws Exception {
        TestPackages p = pkg("base", "1_0_0").basic().tables("tables/1.sql", "CREATE TABLE t (v int);");
        deploy(db, p.build());
        DeployResult r = deploy(db, p.build(), MODERATE);
        assertThat(r.files()).extracting(DeployResult.FileOutcome::status).containsExactly("executed");
        try (Connection c = db.connect()) {
            assertThat(one(c, "SELECT to_regclass('base.t') IS NOT NULL")).isEqualTo("t");
            assertThat(column(
                            c,
                            "SELECT status || ' ' || coalesce(revision::text, '-')"
                                    + " FROM sem_packages.packages ORDER BY id"))
                    .containsExactly("renamed 0", "active -");
        }
    }

    @Test
    void defect19_aSecondActiveRowIsImpossibleDirectlyAndThroughConcurrentDeploys(TestDatabase db) throws Exception {
        TestPackages p = pkg("twice", "1_0_0").functions("functions/f.sql", "SELECT pg_sleep(0.3);");
        List<String> outcomes = concurrently(db, p.build(), DeployOptions.defaults(), 2);
        assertThat(outcomes).containsExactlyInAnyOrder("ok", "Schema twice_1_0_0 already exists");
        try (Connection c = db.connect()) {
            assertThat(one(c, "SELECT count(*) FROM sem_packages.packages WHERE status = 'active'"))
                    .isEqualTo("1");
            assertThatThrownBy(
                            () -> exec(
                                    c,
                                    "INSERT INTO sem_packages.packages (name, subclass, scope, version_text,"
                                            + " v_major, v_minor, v_patch, schema_name, schema_instance)"
                                            + " VALUES ('twice', 'versioned', 'SCHEMA', '01_0_0', 1, 0, 0, 'twice_01_0_0', 99)"))
                    .hasMessageContaining("packages_active_version");
        }
        List<String> moderate = concurrently(db, p.build(), MODERATE, 2);
        assertThat(moderate).containsExactly("ok", "ok");
        try (Connection c = db.connect()) {
            assertThat(one(c, "SELECT count(*) FROM sem_packages.packages WHERE status = 'active'"))
                    .isEqualTo("1");
            assertThat(one(c, "SELECT string_agg(revision::text, ',' ORDER BY revision) FROM sem_packages.packages"))
                    .isEqualTo("0,1");
        }
    }

    /** Runs {@code n} deploys at once; each outcome is "ok" or the first sentence of its error. */
    private static List<String> concurrently(TestDatabase db, LoadedPackage p, DeployOptions o, int n)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<String>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Callable<String> task = () -> {
                    start.await();
                    try {
                        deploy(db, p, o);
                        return "ok";
                    } catch (PackageException e) {
                        return e.getMessage().substring(0, e.getMessage().indexOf('.'));
                    }
                };
                futures.add(pool.submit(task));
            }
            start.countDown();
            List<String> out = new ArrayList<>();
            for (Future<String> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void defect20_aDeployOfNoFilesIsRecordedAsAnEmptyEvent(TestDatabase db) throws Exception {
        deploy(db, pkg("nothing", "1_0_0").build());
        try (Connection c = db.connect()) {
            assertThat(column(c, "SELECT outcome FROM sem_packages.events")).containsExactly("empty");
        }
    }

    @Test
    void defect21_anUnknownModeIsRejectedBeforeConnecting() {
        assertThatThrownBy(() -> DeployValidation.parseMode("foo"))
                .isInstanceOf(PackageException.class)
                .hasMessage("Unknown deploy mode 'foo': use safe (the default), moderate, unsafe or overwrite");
        assertThat(DeployValidation.parseMode("Moderate")).isEqualTo(DeployMode.MODERATE);
    }

    @Test
    void defects25and27_unmatchedFilesAndPartialDeploysFail(TestDatabase db) throws Exception {
        deploy(
                db,
                pkg("part", "1_0_0")
                        .tables("tables/1.sql", "CREATE TABLE t (x int);")
                        .build());
        LoadedPackage p = pkg("part", "1_0_0")
                .tables("tables/1.sql", "CREATE TABLE t (x int);")
                .functions("functions/f.sql", "INSERT INTO t VALUES (1);\nINSERT INTO t VALUES (1/0);")
                .build();
        assertThatThrownBy(() -> deploy(db, p, DeployOptions.defaults().withFiles(List.of("f.sql"))))
                .isInstanceOf(PackageException.class)
                .hasMessageContaining("nothing was deployed");
        assertThatThrownBy(() -> deploy(
                        db,
                        p,
                        DeployOptions.defaults()
                                .withFiles(List.of("functions/f.sql"))
                                .withAutoCommit(true)))
                .isInstanceOfSatisfying(
                        PackageDeployer.DeployFailedException.class,
                        e -> assertThat(e.result().success()).isFalse());
    }

    @Test
    void defect31_aTableScriptDeployedWithFileThenByAFullDeployRunsOnce(TestDatabase db) throws Exception {
        deploy(
                db,
                pkg("once", "1_0_0")
                        .tables("tables/001.sql", "CREATE TABLE t (x int);")
                        .build());
        TestPackages v2 = pkg("once", "1_0_0")
                .tables("tables/001.sql", "CREATE TABLE t (x int);")
                .tables("tables/002.sql", "INSERT INTO t VALUES (2);");
        deploy(db, v2.build(), DeployOptions.defaults().withFiles(List.of("./tables/../tables/002.sql")));
        DeployResult full = deploy(db, v2.build(), DeployOptions.defaults().withMode(DeployMode.OVERWRITE));
        assertThat(full.files()).extracting(DeployResult.FileOutcome::status).containsExactly("skipped", "skipped");
        try (Connection c = db.connect()) {
            assertThat(one(c, "SELECT count(*) FROM once_1_0_0.t")).isEqualTo("1");
        }
    }

    @Test
    void defect34_aChangedTableScriptIsAWarningAndInStrictModeAnError(TestDatabase db) throws Exception {
        deploy(
                db,
                pkg("chg", "1_0_0")
                        .tables("tables/1.sql", "CREATE TABLE t (x int);")
                        .build());
        LoadedPackage edited = pkg("chg", "1_0_0")
                .tables("tables/1.sql", "CREATE TABLE t (x bigint);")
                .build();
        CollectingLog log = new CollectingLog();
        DeployOptions overwrite = DeployOptions.defaults().withMode(DeployMode.OVERWRITE);
        new PackageDeployer(TestPackages.settings(db), log).deploy(edited, overwrite);
        assertThat(log.lines).anyMatch(l -> l.startsWith("WARN Table script tables/1.sql changed since it was"));
        assertThatThrownBy(() -> deploy(db, edited, overwrite.withStrict(true)))
                .hasMessageContaining("Table script tables/1.sql changed since it was executed");
    }

    @Test
    void defect36_databaseScopeCodeRunsWithTheDefaultSearchPathAndNothingLandsInTheRegistrySchema(TestDatabase db)
            throws Exception {
        deploy(db, pkg("lib", "1_0_0").build());
        DeployResult r = deploy(
                db,
                pkg("data", "1_0_0")
                        .database()
                        .dep("lib", "1")
                        .tables("tables/1.sql", "CREATE TABLE data_log (x int);")
                        .functions(
                                "functions/f.sql", "CREATE FUNCTION data_f() RETURNS int LANGUAGE sql AS 'SELECT 1';")
                        .build());
        assertThat(r.schema()).isNull();
        try (Connection c = db.connect()) {
            assertThat(one(c, "SELECT pronamespace::regnamespace FROM pg_proc WHERE proname = 'data_f'"))
                    .isEqualTo("public");
            assertThat(one(c, "SELECT relnamespace::regnamespace FROM pg_class WHERE relname = 'data_log'"))
                    .isEqualTo("public");
            assertThat(one(c, "SELECT schema_instance FROM sem_packages.table_scripts"))
                    .isEqualTo("0");
        }
    }

    @Test
    void defect46_aDeployOverAHostlessKeyValueStringReportsSuccess(TestDatabase db) throws Exception {
        String url = db.jdbcUrl(); // jdbc:postgresql://host:port/name
        String hostPort = url.substring("jdbc:postgresql://".length(), url.lastIndexOf('/'));
        String host = hostPort.substring(0, hostPort.lastIndexOf(':'));
        String port = hostPort.substring(hostPort.lastIndexOf(':') + 1);
        ConnectionSettings s = ConnectionSettings.builder(
                        "port=" + port + " dbname=" + db.name() + " user=" + db.user())
                .password(db.password(), "the test")
                .env(java.util.Map.of("PGHOST", host))
                .userHome(null)
                .build();
        DeployResult r = new PackageDeployer(s, EngineLog.silent())
                .deploy(
                        pkg("nohost", "1_0_0")
                                .functions("functions/f.sql", "SELECT 1;")
                                .build(),
                        DeployOptions.defaults());
        assertThat(r.success()).isTrue();
        assertThat(r.target()).isEqualTo("port=" + port + " dbname=" + db.name() + " user=" + db.user());
    }

    @Test
    void defect49_aBackslashLiteralMeansWhatTheDescriptorDeclares(TestDatabase db, @TempDir Path dir) throws Exception {
        for (String scs : new String[] {"off", "on", null}) {
            Path root = Files.createDirectories(dir.resolve("esc_" + scs));
            Files.createDirectories(root.resolve("tables"));
            Files.writeString(root.resolve("tables/1.sql"), "CREATE TABLE t AS SELECT 'a\\nb'::text AS v;\n");
            Files.writeString(
                    root.resolve("config.json"),
                    "{\"name\": \"esc_" + scs + "\", \"subclass\": \"basic\","
                            + " \"version\": \"1_0_0\", \"tables_path\": \"tables\""
                            + (scs == null ? "" : ", \"standard_conforming_strings\": \"" + scs + "\"") + "}");
        }
        deploy(db, PackageLoader.load(dir.resolve("esc_off")));
        deploy(db, PackageLoader.load(dir.resolve("esc_on")));
        assertThatThrownBy(() -> PackageLoader.load(dir.resolve("esc_null")))
                .isInstanceOf(PackageException.class)
                .hasMessageContaining("tables/1.sql:1");
        try (Connection c = db.connect()) {
            assertThat(one(c, "SELECT v FROM esc_off.t")).isEqualTo("a\nb");
            assertThat(one(c, "SELECT v FROM esc_on.t")).isEqualTo("a\\nb");
        }
    }

    @Test
    void defect53_aDeployBlockedByALongTransactionFailsAfterLockTimeoutWithoutBlockingOthers(TestDatabase db)
            throws Exception {
        deploy(
                db,
                pkg("busy", "1_0_0")
                        .tables("tables/1.sql", "CREATE TABLE t (x int);")
                        .build());
        LoadedPackage alter = pkg("busy", "1_0_0")
                .tables("tables/1.sql", "CREATE TABLE t (x int);")
                .functions("functions/f.sql", "ALTER TABLE t ADD COLUMN y int;")
                .build();
        try (Connection holder = db.connect();
                Connection reader = db.connect()) {
            holder.setAutoCommit(false);
            exec(holder, "SELECT * FROM busy_1_0_0.t");
            String holderPid = one(holder, "SELECT pg_backend_pid()");
            long start = System.nanoTime();
            assertThatThrownBy(() -> deploy(
                            db,
                            alter,
                            DeployOptions.defaults()
                                    .withMode(DeployMode.OVERWRITE)
                                    .withLockTimeout(Duration.ofMillis(200), 1)))
                    .isInstanceOf(PackageDeployer.DeployFailedException.class)
                    .hasMessageContaining("File[functions/f.sql] line 1")
                    .hasMessageContaining("lock timeout")
                    .hasMessageContaining("Gave up after 2 attempt(s)")
                    .hasMessageContaining("blocked by pid " + holderPid + " (");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
            exec(reader, "SET lock_timeout = '100ms'");
            assertThat(one(reader, "SELECT count(*) FROM busy_1_0_0.t")).isEqualTo("0");
            holder.rollback();
        }
    }
}
