package dev.sem;

/** Where the engine reports progress. Mojos adapt it to Maven's log; tests collect the lines. */
public interface EngineLog {

    void info(String line);

    void warn(String line);

    /** A warning that names options; a front end spells them its own way. */
    default void warn(Message line) {
        warn(line.toString());
    }

    void error(String line);

    default void debug(String line) {}

    /** A log that drops everything. */
    static EngineLog silent() {
        return new EngineLog() {
            @Override
            public void info(String line) {}

            @Override
            public void warn(String line) {}

            @Override
            public void error(String line) {}
        };
    }
}
