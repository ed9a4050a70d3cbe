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
    private final boolean allToDebug;

    public TargetLog(EngineLog log, String label, boolean quiet) {
        this(log, "[" + label + "] ", quiet, false);
    }

    private TargetLog(EngineLog log, String prefix, boolean quiet, boolean allToDebug) {
        this.log = log;
        this.prefix = prefix;
        this.quiet = quiet;
        this.allToDebug = allToDebug;
    }

    /**
     * The log of a target's preflight: every line, warnings and errors included, goes to debug (prefixed with
     * {@code [label] preflight: }), since the run repeats the warnings and a failed preflight is reported once by the
     * fleet.
     */
    public static TargetLog preflight(EngineLog log, String label) {
        return new TargetLog(log, "[" + label + "] preflight: ", true, true);
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
        if (allToDebug) {
            log.debug(prefix + line);
        } else {
            log.warn(prefix + line);
        }
    }

    @Override
    public void warn(Message line) {
        if (allToDebug) {
            log.debug(prefix + line);
        } else {
            log.warn(Message.text(prefix).then(line));
        }
    }

    @Override
    public void error(String line) {
        if (allToDebug) {
            log.debug(prefix + line);
        } else {
            log.error(prefix + line);
        }
    }

    @Override
    public void debug(String line) {
        log.debug(prefix + line);
    }
}
