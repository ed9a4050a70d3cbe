package dev.sem.apply;

import java.nio.file.Path;

import dev.sem.EngineLog;

/** Runs an apply in a separate JVM, so that a test can kill it with SIGKILL mid-script. Args: url, user, base dir. */
public final class ApplyChild {

    private ApplyChild() {}

    public static void main(String[] args) {
        var settings = TestConnections.settings(args[0], args[1], null);
        EngineLog out = new EngineLog() {
            @Override
            public void info(String line) {
                System.out.println(line);
            }

            @Override
            public void warn(String line) {
                System.out.println("WARN " + line);
            }

            @Override
            public void error(String line) {
                System.out.println("ERROR " + line);
            }
        };
        new Applier(settings, out).apply(Path.of(args[2]), ApplyOptions.defaults());
    }
}
