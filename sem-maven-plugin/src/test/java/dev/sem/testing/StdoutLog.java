package dev.sem.testing;

import dev.sem.EngineLog;

/**
 * The log of a child JVM that a test starts (and may kill): every line goes to stdout as it happens, warnings and
 * errors prefixed with {@code WARN} and {@code ERROR}, so that the parent can follow the run line by line.
 */
public final class StdoutLog implements EngineLog {

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
}
