package dev.sem.fleet;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import dev.sem.EngineLog;
import dev.sem.SemException;
import dev.sem.apply.Applier;
import dev.sem.apply.ApplyOptions;
import dev.sem.apply.ApplyReport;
import dev.sem.apply.ScriptOutcome;
import dev.sem.db.ConnectionSettings;

/**
 * {@code apply} on a fleet: the preflight is a status run (connects, reads the history, compares every applied
 * script's checksum, reads every pending script; changes nothing); the run is {@link Applier#apply}.
 */
public final class ApplyOperation implements FleetOperation {

    private final Path baseDir;
    private final ApplyOptions options;
    private final EngineLog log;
    private final boolean quiet;

    /** Each target's own log lines go to debug, prefixed with its label (for parallel runs). */
    public ApplyOperation(Path baseDir, ApplyOptions options, EngineLog log) {
        this(baseDir, options, log, true);
    }

    /**
     * @param quiet whether each target's info lines go to debug (when several targets run at once); either way they
     *     are prefixed with the target's label
     */
    public ApplyOperation(Path baseDir, ApplyOptions options, EngineLog log, boolean quiet) {
        this.baseDir = baseDir;
        this.options = options;
        this.log = log;
        this.quiet = quiet;
    }

    @Override
    public String goal() {
        return "apply";
    }

    @Override
    public void preflight(Target target, ConnectionSettings settings) {
        ApplyReport status = new Applier(settings, TargetLog.preflight(log, target.label())).status(baseDir, options);
        List<String> changed = status.withStatus(ScriptOutcome.CHANGED).stream()
                .map(ApplyReport.ScriptResult::name)
                .filter(name -> !options.acceptChanges().containsKey(name))
                .toList();
        // The run would refuse these with a long message per script; the fleet wants one line.
        if (!changed.isEmpty()) {
            throw new SemException(changed.size() + " applied script(s) changed: " + String.join(", ", changed));
        }
        if (status.error() != null) {
            throw new SemException(status.error());
        }
    }

    @Override
    public Outcome run(Target target, ConnectionSettings settings) {
        ApplyReport report;
        try {
            report = new Applier(settings, new TargetLog(log, target.label(), quiet)).apply(baseDir, options);
        } catch (Applier.ApplyFailedException e) {
            throw new OperationFailedException(
                    e, e.report().withStatus(ScriptOutcome.APPLIED).size(), e.report());
        }
        if (options.dryRun()) {
            int pending = report.withStatus(ScriptOutcome.PENDING).size();
            return new Outcome(false, 0, pending == 0 ? "up to date" : "would apply " + scripts(pending), report);
        }
        int applied = report.withStatus(ScriptOutcome.APPLIED).size();
        return new Outcome(applied > 0, applied, applied == 0 ? "up to date" : "applied " + scripts(applied), report);
    }

    static String scripts(int n) {
        return n + (n == 1 ? " script" : " scripts");
    }

    static String names(List<ApplyReport.ScriptResult> scripts) {
        return scripts.stream().map(ApplyReport.ScriptResult::name).collect(Collectors.joining(", "));
    }
}
