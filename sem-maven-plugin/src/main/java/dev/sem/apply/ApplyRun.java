package dev.sem.apply;

import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.Supplier;

import dev.sem.ShellWords;
import dev.sem.db.ConnectionFactory;
import dev.sem.history.ChecksumOrigin;
import dev.sem.history.History;
import dev.sem.history.StoredChecksum;
import dev.sem.script.Hashes;

/** {@code apply}: runs every pending script of a plan, each with its record, in a clean session. */
final class ApplyRun {

    private final Run run;
    private final Path baseDir;

    /** @param baseDir the base directory, whose {@code scripts/} psql reads for {@code sem.executor = psql} scripts */
    ApplyRun(Run run, Path baseDir) {
        this.run = run;
        this.baseDir = baseDir;
    }

    ApplyReport execute(Plan plan) throws SQLException {
        List<String> bootstrapped = HistoryWrites.prepare(run, plan);
        run.log.info("Upgrading schema for " + run.target());
        String chain = History.lastChain(run.work);
        List<ConnectionFactory.SessionSetting> sessionDefaults = run.connections.restoreSession(run.work);
        int total = plan.pending().size();
        int n = 0;
        try (BlockerWatch watch = new BlockerWatch(run.side, backendPid(), run.options.lockTimeout())) {
            StatementRunner runner = new StatementRunner(run.work);
            ScriptExecutor executor = new ScriptExecutor(runner, watch, run.options, run.log);
            PsqlExecutor psql = new PsqlExecutor(run, baseDir);
            for (PendingScript p : plan.pending()) {
                n++;
                // A clean session first: the previous script may have left a role or settings behind.
                if (ScriptExecutor.preparesSession(p)) {
                    run.discardSession();
                } else {
                    run.resetSession(sessionDefaults);
                    if (History.isRecorded(run.work, p.name())) {
                        skipped(p);
                        continue;
                    }
                }
                String next = Hashes.chain(chain, p.name(), p.script().sha256());
                // Built when the script is recorded: a large script's normalized checksum is computed meanwhile.
                Supplier<StoredChecksum> record = () -> run.record(p, next, ChecksumOrigin.APPLIED);
                try {
                    ScriptExecutor.Outcome outcome = p.script().runsWithPsql()
                            ? psql.run(p, record.get())
                            : executor.run(p, record, sessionDefaults);
                    if (outcome.skipped()) {
                        skipped(p);
                        continue;
                    }
                    run.log.info("Applying " + p.name() + " Done (" + n + "/" + total + ", " + outcome.durationMs()
                            + " ms" + (outcome.retries() > 0 ? ", " + outcome.retries() + " retries" : "") + ")");
                    run.result(p, ScriptOutcome.APPLIED, outcome.durationMs(), outcome.retries());
                    chain = next;
                } catch (ScriptFailedException e) {
                    failureBlock(p, e);
                    run.result(p, ScriptOutcome.FAILED, null, null);
                    throw new Applier.ApplyFailedException(e, run.report(null, null, bootstrapped, e.getMessage()));
                }
            }
        }
        if (total == 0) {
            run.log.info("  All scripts have been previously applied");
        } else {
            run.resetSession(sessionDefaults);
        }
        String recorded = HistoryWrites.recordVersion(run, plan);
        return run.report(run.latestVersion(), recorded, bootstrapped, null);
    }

    private void skipped(PendingScript p) {
        run.log.info("Skipping " + p.name() + ": recorded as applied meanwhile (by an earlier script)");
        run.result(p, ScriptOutcome.SKIPPED, null, null);
    }

    private void failureBlock(PendingScript p, ScriptFailedException e) {
        run.log.error("Applying " + p.name());
        run.log.error("ERROR applying script: " + p.script().displayPath());
        run.log.error("");
        if (e.details().isEmpty()) {
            run.log.error("  ==> There was no error output");
        }
        for (String d : e.details()) {
            for (String line : d.split("\n", -1)) {
                run.log.error("  " + line);
            }
        }
        run.log.error("");
        if (run.throwaway) {
            run.log.error("This database is a throwaway one, so there is nothing to record: fix the script, then run"
                    + " mvn sem:verify again.");
        } else {
            run.log.error("If this script has previously been applied to this database, you can record it as having"
                    + " been applied by:");
            run.log.error("  " + recordByHand(p.name(), run.settings.libpqUri()));
        }
        run.log.error("");
    }

    /**
     * The psql command that records {@code script} as applied on the database at {@code libpqUri}, as a shell runs it:
     * the URI is quoted when it holds a character the shell would read.
     */
    static String recordByHand(String script, String libpqUri) {
        return "psql --command \"insert into schema_evolution_manager.scripts (filename) values ('" + script + "')\" "
                + ShellWords.quote(libpqUri);
    }

    private int backendPid() throws SQLException {
        try (Statement st = run.work.createStatement();
                var rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
