package dev.sem.fleet;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

import dev.sem.EngineLog;
import dev.sem.SemException;
import dev.sem.apply.Applier;
import dev.sem.apply.ApplyOptions;
import dev.sem.apply.ApplyReport;
import dev.sem.apply.ScriptOutcome;
import dev.sem.db.ConnectionFactory;
import dev.sem.db.ConnectionSettings;

/**
 * {@code status} on a fleet: the preflight connects; the run is {@link Applier#status}, summarized as
 * {@code N pending, M changed}. A target with a changed applied script fails, as {@code sem:status} does.
 */
public final class StatusOperation implements FleetOperation {

    private final Path baseDir;
    private final ApplyOptions options;
    private final EngineLog log;
    private final boolean quiet;

    public StatusOperation(Path baseDir, ApplyOptions options, EngineLog log) {
        this(baseDir, options, log, true);
    }

    public StatusOperation(Path baseDir, ApplyOptions options, EngineLog log, boolean quiet) {
        this.baseDir = baseDir;
        this.options = options;
        this.log = log;
        this.quiet = quiet;
    }

    @Override
    public String goal() {
        return "status";
    }

    @Override
    public void preflight(Target target, ConnectionSettings settings) {
        try (Connection c = new ConnectionFactory(settings).open("status preflight")) {
            c.isValid(5);
        } catch (SQLException e) {
            throw SemException.environment(
                    "Could not close the preflight connection to " + settings.sanitizedUrl() + ": "
                            + settings.redact(e.getMessage()),
                    null);
        }
    }

    @Override
    public Outcome run(Target target, ConnectionSettings settings) {
        ApplyReport report = new Applier(settings, new TargetLog(log, target.label(), quiet)).status(baseDir, options);
        int pending = report.withStatus(ScriptOutcome.PENDING).size();
        var changed = report.withStatus(ScriptOutcome.CHANGED);
        if (report.statusFailure().isPresent()) {
            throw new OperationFailedException(
                    new SemException(changed.size() + " applied script(s) changed: " + ApplyOperation.names(changed)),
                    0,
                    report);
        }
        return new Outcome(false, 0, pending + " pending, " + changed.size() + " changed", report);
    }
}
