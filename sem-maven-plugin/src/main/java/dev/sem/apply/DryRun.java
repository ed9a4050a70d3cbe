package dev.sem.apply;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import dev.sem.history.Bootstrap;
import dev.sem.history.BootstrapEntry;
import dev.sem.history.ChecksumOrigin;
import dev.sem.history.History;
import dev.sem.script.Hashes;

/**
 * A dry run of {@code apply} or {@code baseline}: on a read-only session, prints what would run and writes it as a
 * file psql could execute. Nothing is written to the database.
 */
final class DryRun {

    private final Run run;
    private final Path baseDir;

    /** @param baseDir the base directory, whose {@code scripts/} the plan includes with {@code \i} for psql scripts */
    DryRun(Run run, Path baseDir) {
        this.run = run;
        this.baseDir = baseDir;
    }

    ApplyReport execute(Plan plan) throws SQLException {
        boolean baseline = run.goal == Goal.BASELINE;
        List<BootstrapEntry> bootstrap = Bootstrap.plan(run.work).entries();
        List<String> bootstrapped = new ArrayList<>();
        bootstrap.forEach(e -> bootstrapped.add(e.name()));
        if (!bootstrapped.isEmpty()) {
            run.log.info("[DRY RUN] Would bootstrap " + String.join(", ", bootstrapped));
        }
        run.log.info((baseline ? "Baselining schema for " : "Upgrading schema for ") + run.target());
        String chain = History.lastChain(run.work);
        DryRunScript dry = new DryRunScript(run.target(), run.options, baseDir);
        bootstrap.forEach(dry::bootstrap);
        for (PendingScript p : plan.pending()) {
            chain = Hashes.chain(chain, p.name(), p.script().sha256());
            run.log.info("[DRY RUN] " + (baseline ? "Baselining " : "Applying ") + p.name());
            run.log.info(p.script().displayPath());
            run.log.info("");
            if (baseline) {
                dry.baseline(run.record(p, chain, ChecksumOrigin.BASELINE));
            } else {
                dry.script(p, run.record(p, chain, ChecksumOrigin.APPLIED));
            }
            run.result(p, ScriptOutcome.PENDING, null, null);
        }
        if (plan.pending().isEmpty()) {
            run.log.info("  All scripts have been previously applied");
        }
        plan.version().ifPresent(dry::version);
        return run.report(run.latestVersion(), null, bootstrapped, null).withDryRunSql(dry.sql());
    }
}
