package dev.sem.apply;

import java.sql.SQLException;
import java.util.List;

import dev.sem.history.ChecksumOrigin;
import dev.sem.history.History;
import dev.sem.script.Hashes;

/** {@code baseline}: records every pending script of a plan as applied without running it (sem-baseline). */
final class BaselineRun {

    private final Run run;

    BaselineRun(Run run) {
        this.run = run;
    }

    ApplyReport execute(Plan plan) throws SQLException {
        List<String> bootstrapped = HistoryWrites.prepare(run, plan);
        run.log.info("Baselining schema for " + run.target());
        String chain = History.lastChain(run.work);
        StatementRunner runner = new StatementRunner(run.work);
        for (PendingScript p : plan.pending()) {
            if (History.isRecorded(run.work, p.name())) {
                run.log.info("Skipping " + p.name() + ": recorded as applied meanwhile (by an earlier script)");
                run.result(p, ScriptOutcome.SKIPPED, null, null);
                continue;
            }
            chain = Hashes.chain(chain, p.name(), p.script().sha256());
            runner.control("BEGIN");
            History.recordApplied(run.work, run.record(p, chain, ChecksumOrigin.BASELINE));
            runner.control("COMMIT");
            run.log.info("Baselining " + p.name());
            run.result(p, ScriptOutcome.BASELINED, null, null);
        }
        if (plan.pending().isEmpty()) {
            run.log.info("  All scripts have been previously applied");
        }
        String recorded = HistoryWrites.recordVersion(run, plan);
        return run.report(run.latestVersion(), recorded, bootstrapped, null);
    }
}
