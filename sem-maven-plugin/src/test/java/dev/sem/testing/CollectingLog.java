package dev.sem.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.sem.EngineLog;

/** An engine log that keeps every line, prefixed with its level ({@code INFO}, {@code WARN}, {@code ERROR}, …). */
public final class CollectingLog implements EngineLog {

    /** The lines so far, in order. */
    public final List<String> lines = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void info(String line) {
        lines.add("INFO " + line);
    }

    @Override
    public void warn(String line) {
        lines.add("WARN " + line);
    }

    @Override
    public void error(String line) {
        lines.add("ERROR " + line);
    }

    @Override
    public void debug(String line) {
        lines.add("DEBUG " + line);
    }

    /** Every line so far, joined by newlines. */
    public String text() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }
}
