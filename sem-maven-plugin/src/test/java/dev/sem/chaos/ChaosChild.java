package dev.sem.chaos;

import java.nio.file.Path;

import dev.sem.EngineLog;
import dev.sem.apply.Applier;
import dev.sem.apply.ApplyOptions;
import dev.sem.apply.TestConnections;
import dev.sem.pkg.DeployOptions;
import dev.sem.pkg.PackageDeployer;
import dev.sem.pkg.PackageLoader;
import dev.sem.testing.StdoutLog;

/**
 * The deploying JVM the chaos tests kill with SIGKILL. Args: {@code apply|deploy}, JDBC URL, user, then the
 * distribution directory (apply) or the package directory (deploy); the password, if any, comes from the environment
 * variable {@code SEM_CHAOS_PASSWORD} (never on the command line). Every engine log line goes to stdout as it happens,
 * between a {@code [child] started} and a {@code [child] done} line, so that the parent can kill after the Nth line.
 */
public final class ChaosChild {

    /** The first line, printed before connecting. */
    static final String STARTED = "[child] started";

    /** The last line, printed after the run returned. */
    static final String DONE = "[child] done";

    private ChaosChild() {}

    public static void main(String[] args) {
        var settings = TestConnections.settings(args[1], args[2], System.getenv("SEM_CHAOS_PASSWORD"));
        EngineLog out = new StdoutLog();
        System.out.println(STARTED);
        switch (args[0]) {
            case "apply" -> new Applier(settings, out).apply(Path.of(args[3]), ApplyOptions.defaults());
            case "deploy" ->
                new PackageDeployer(settings, out)
                        .deploy(PackageLoader.load(Path.of(args[3])), DeployOptions.defaults());
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
        System.out.println(DONE);
    }
}
