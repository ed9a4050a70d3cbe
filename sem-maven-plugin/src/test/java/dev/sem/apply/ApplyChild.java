package dev.sem.apply;

import java.nio.file.Path;
import java.time.Duration;

import dev.sem.EngineLog;
import dev.sem.testing.StdoutLog;

/**
 * Runs an apply in a separate JVM, so that a test can kill it with SIGKILL mid-script, or run several at once. Args:
 * url, user, base dir, and optionally the lock wait in seconds; the password, if any, comes from the environment
 * variable {@code SEM_TEST_PASSWORD}.
 */
public final class ApplyChild {

    private ApplyChild() {}

    public static void main(String[] args) {
        var settings = TestConnections.settings(args[0], args[1], System.getenv("SEM_TEST_PASSWORD"));
        EngineLog out = new StdoutLog();
        ApplyOptions options = ApplyOptions.defaults();
        if (args.length > 3) {
            options = options.withLockWait(Duration.ofSeconds(Long.parseLong(args[3])));
        }
        new Applier(settings, out).apply(Path.of(args[2]), options);
    }
}
