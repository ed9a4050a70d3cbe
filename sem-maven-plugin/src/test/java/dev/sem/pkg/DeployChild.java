package dev.sem.pkg;

import java.util.List;

import dev.sem.EngineLog;
import dev.sem.db.ConnectionSettings;
import dev.sem.pkg.PackageDependencies.Provided;
import dev.sem.testing.StdoutLog;

/**
 * Deploys a fixed package with one dependency as {@code sem:deploy-package} does (the missing dependencies first, then
 * the package), in a separate JVM for the chaos tests. Args: JDBC URL, user, lock wait in seconds; the password, if
 * any, comes from the environment variable {@code SEM_TEST_PASSWORD}. Prints the engine's log to stdout and exits 0
 * on success; a failure exits non-zero with its stack trace.
 *
 * <p>The package {@code chaos_app 1_0_0} depends on {@code chaos_base 1_x} ({@code chaos_base 1_0_0}: a table script
 * and a function). The dependency is deployed in safe mode as every dependency is; the package in overwrite mode, so
 * that deploying the same version again is not an error.
 */
public final class DeployChild {

    private DeployChild() {}

    /** The package. */
    public static LoadedPackage app() {
        return TestPackages.pkg("chaos_app", "1_0_0")
                .dep("chaos_base", "1_x")
                .tables("tables/001_events.sql", "CREATE TABLE events (id int);\n")
                .functions(
                        "functions/answer.sql",
                        "CREATE OR REPLACE FUNCTION answer() RETURNS int LANGUAGE sql AS $$ SELECT 42 $$;")
                .build();
    }

    /** Its dependency, as the artifact resolver would provide it. */
    public static Provided base() {
        return new Provided(
                "com.example:chaos_base:1.0.0",
                TestPackages.pkg("chaos_base", "1_0_0")
                        .tables("tables/001_hits.sql", "CREATE TABLE hits (id int);\n")
                        .functions(
                                "functions/one.sql",
                                "CREATE FUNCTION one() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;")
                        .build());
    }

    /** Deploys the dependency when missing, then the package; returns the package's result. */
    public static DeployResult deploy(ConnectionSettings settings, DeployOptions options, EngineLog log) {
        LoadedPackage app = app();
        List<Provided> ordered = PackageDependencies.order(app, List.of(base()));
        new DependencyDeployer(settings, log).deploy(app, ordered, options);
        return new PackageDeployer(settings, log).deploy(app, options.withMode(DeployMode.OVERWRITE));
    }

    public static void main(String[] args) {
        ConnectionSettings.Builder b = ConnectionSettings.builder(args[0])
                .defaultUser(args[1])
                .env(java.util.Map.of())
                .userHome(null);
        String password = System.getenv("SEM_TEST_PASSWORD");
        if (password != null) {
            b.password(password, "the test");
        }
        EngineLog out = new StdoutLog();
        DeployResult r = deploy(
                b.build(),
                DeployOptions.defaults().withLockWait(java.time.Duration.ofSeconds(Long.parseLong(args[2]))),
                out);
        System.out.println("RESULT " + r.summary());
    }
}
