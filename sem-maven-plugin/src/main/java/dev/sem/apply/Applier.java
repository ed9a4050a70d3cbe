package dev.sem.apply;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.sem.EngineLog;
import dev.sem.Message;
import dev.sem.SemException;
import dev.sem.db.ConnectionFactory;
import dev.sem.db.ConnectionSettings;
import dev.sem.db.SessionProbe;
import dev.sem.script.Script;
import dev.sem.script.ScriptReader;
import dev.sem.sql.ScriptParser;

/**
 * Applies the scripts of a base directory (a schema repository, or an unpacked distribution) to a database, the way
 * sem (Ruby) does, and better.
 *
 * <p>Run order — nothing is written to the database until every check has passed:
 *
 * <ol>
 *   <li>validate, without a connection, every candidate's name, {@code VERSION}, the manifest
 *       ({@link Plan.Preflight}) and every {@code \i}/{@code \ir} (inside the base directory, regular files);
 *   <li>connect, check that the connection keeps its session (no pooler in transaction mode, {@link SessionProbe}),
 *       and take the apply lock ({@link ApplyLock}; not for status and dry runs);
 *   <li>read the history, validate every pending script and every applied script's checksum, late scripts and resume
 *       state ({@link Plan});
 *   <li>run the use case: {@link ApplyRun}, {@link BaselineRun}, {@link StatusRun} or {@link DryRun}.
 * </ol>
 */
public final class Applier {

    private final ConnectionSettings settings;
    private final ConnectionFactory connections;
    private final EngineLog log;
    private final boolean throwaway;

    public Applier(ConnectionSettings settings, EngineLog log) {
        this(settings, log, false);
    }

    private Applier(ConnectionSettings settings, EngineLog log, boolean throwaway) {
        this.settings = settings;
        this.connections = new ConnectionFactory(settings);
        this.log = log;
        this.throwaway = throwaway;
    }

    /**
     * An applier for a throwaway database (verification): a failed script is reported with the advice to fix it and
     * verify again, not with how to record it as applied.
     */
    public static Applier onThrowawayDatabase(ConnectionSettings settings, EngineLog log) {
        return new Applier(settings, log, true);
    }

    /** Applies every pending script of {@code baseDir}. */
    public ApplyReport apply(Path baseDir, ApplyOptions options) {
        return run(Goal.APPLY, baseDir, options);
    }

    /** Records every pending script as applied without running it (sem-baseline). */
    public ApplyReport baseline(Path baseDir, ApplyOptions options) {
        return run(Goal.BASELINE, baseDir, options);
    }

    /** Reports applied, pending, changed and late scripts; changes nothing. */
    public ApplyReport status(Path baseDir, ApplyOptions options) {
        return run(Goal.STATUS, baseDir, options.withDryRun(true));
    }

    private ApplyReport run(Goal goal, Path baseDir, ApplyOptions options) {
        long started = System.nanoTime();
        List<String> early = new ArrayList<>();
        Plan.Preflight pre = Plan.Preflight.of(baseDir, log, w -> {
            early.add(w);
            log.warn(w);
        });
        checkIncludes(pre, options);
        try (Connection work = connections.open(goal.id());
                Connection side = connections.open(goal.id() + " lock")) {
            SessionProbe.requireOwnSession(work, side, settings.sanitizedUrl());
            Run run = new Run(goal, settings, connections, options, log, work, side, started, early, throwaway);
            if (options.dryRun()) {
                try (Statement st = work.createStatement()) {
                    st.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
                }
                return execute(run, pre);
            }
            ApplyLock lock = ApplyLock.acquire(side, options.lockWait(), log::info);
            try {
                return execute(run, pre);
            } finally {
                lock.close();
            }
        } catch (SQLException e) {
            if (StatementRunner.connectionLostState(e)) {
                throw SemException.environment(
                        "The connection to the server was lost while working on " + settings.sanitizedUrl()
                                + StatementRunner.serverGoodbye(e)
                                + "; the server may have restarted or the backend was terminated. The scripts"
                                + " reported as applied are recorded: run again to continue.",
                        e);
            }
            throw SemException.environment(
                    "Database error on " + settings.sanitizedUrl() + ": " + StatementRunner.serverMessage(e), e);
        }
    }

    /**
     * Refuses, before connecting, a {@code \i} or {@code \ir} leaving the base directory or naming a directory, FIFO,
     * socket or device, in any script (applied or not: which are applied is known only once connected). The variables
     * are those known without a connection; the scripts are read in full, with the server's, after connecting.
     */
    private void checkIncludes(Plan.Preflight pre, ApplyOptions options) {
        Map<String, String> known = new HashMap<>(ScriptParser.psqlClientVariables());
        known.put("DBNAME", settings.database());
        known.put("USER", settings.user());
        known.put("HOST", settings.host());
        known.put("PORT", String.valueOf(settings.port()));
        ScriptReader reader = new ScriptReader(pre.baseDir(), options.readOptions(known), log);
        for (Script script : pre.candidates()) {
            try {
                reader.checkIncludes(script);
            } catch (SemException e) {
                throw new SemException(e.message().then(" (nothing was applied)"));
            }
        }
    }

    private static ApplyReport execute(Run run, Plan.Preflight pre) throws SQLException {
        Plan plan = Plan.read(run, pre);
        if (run.goal == Goal.STATUS) {
            return new StatusRun(run).execute(plan);
        }
        List<Message> errors = new ArrayList<>(plan.errors());
        if (run.goal == Goal.APPLY) {
            errors.addAll(PsqlExecutor.check(run, plan.pending()));
        }
        if (!errors.isEmpty()) {
            throw new ValidationFailedException(errors);
        }
        if (run.options.dryRun()) {
            return new DryRun(run, pre.baseDir()).execute(plan);
        }
        return run.goal == Goal.BASELINE
                ? new BaselineRun(run).execute(plan)
                : new ApplyRun(run, pre.baseDir()).execute(plan);
    }

    /** Pending and applied scripts failed validation; nothing was applied. */
    public static final class ValidationFailedException extends SemException {
        private static final long serialVersionUID = 1L;
        private final List<String> problems;

        ValidationFailedException(List<Message> problems) {
            super(summary(problems));
            this.problems = problems.stream().map(Message::toString).toList();
        }

        private static Message summary(List<Message> problems) {
            if (problems.size() == 1) {
                return problems.get(0).then(" (nothing was applied)");
            }
            Message summary = Message.text(problems.size() + " problems found before applying anything: ");
            for (int i = 0; i < problems.size(); i++) {
                summary = summary.then(i == 0 ? "" : " | ").then(problems.get(i));
            }
            return summary;
        }

        public List<String> problems() {
            return problems;
        }
    }

    /** A script failed; the report says what had been applied before it. */
    public static final class ApplyFailedException extends SemException {
        private static final long serialVersionUID = 1L;
        private final transient ApplyReport report;

        ApplyFailedException(ScriptFailedException cause, ApplyReport report) {
            super(cause.message(), cause, cause.isUserError());
            this.report = report;
        }

        public ApplyReport report() {
            return report;
        }
    }
}
