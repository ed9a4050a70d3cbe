package dev.sem.fleet;

import dev.sem.EngineLog;
import dev.sem.Message;

/**
 * The log of one target in a fleet run: every line is prefixed with {@code [label] }; when several targets run at
 * once ({@code quiet}), info lines go to debug so that the fleet's progress lines stay readable. Warnings and errors
 * are always kept.
 */
public final class TargetLog implements EngineLog {

    private final EngineLog log;
    private final String prefix;
    private final boolean quiet;

    public TargetLog(EngineLog log, String label, boolean quiet) {
        this.log = log;
        this.prefix = "[" + label + "] ";
        this.quiet = quiet;
    }

    @Override
    public void info(String line) {
        if (quiet) {
            log.debug(prefix + line);
        } else {
            log.info(prefix + line);
        }
    }

    @Override
    public void warn(String line) {
        log.warn(prefix + line);
    }

    @Override
    public void warn(Message line) {
        log.warn(Message.text(prefix).then(line));
    }

    @Override
    public void error(String line) {
        log.error(prefix + line);
    }

    @Override
    public void debug(String line) {
        log.debug(prefix + line);
    }
}
