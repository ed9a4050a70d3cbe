package dev.sem.apply;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.sem.EngineLog;
import dev.sem.SemException;
import dev.sem.db.ConnectionFactory;
import dev.sem.db.ConnectionSettings;
import dev.sem.packaging.Hashes;
import dev.sem.packaging.Manifest;
import dev.sem.script.ScriptFile;
import dev.sem.script.ScriptName;
import dev.sem.script.ScriptSet;
import dev.sem.script.TransactionMode;
import dev.sem.script.VersionFile;

/**
 * Applies the scripts of a base directory (a schema repository, or an unpacked distribution) to a database, the way
 * sem (Ruby) does, and better.
 *
 * <p>Run order — nothing is written to the database until every check has passed:
 *
 * <ol>
 *   <li>validate, without a connection, every candidate's name, {@code VERSION} and the manifest;
 *   <li>connect and take the apply lock ({@link ApplyLock});
 *   <li>read the history and find the pending scripts;
 *   <li>validate every pending script (encoding, attributes, lexing, meta-commands, statements that cannot run in a
 *       transaction) and every applied script's checksum, late scripts and resume state;
 *   <li>bootstrap the history schema (never in a dry run);
 *   <li>apply the scripts one by one, each with its record, in a clean session;
 *   <li>record {@code VERSION}; release the lock.
 * </ol>
 */
public final class Applier {

    private final ConnectionSettings settings;
    private final ConnectionFactory connections;
    private final HistoryStore history;
    private final EngineLog log;

    public Applier(ConnectionSettings settings, EngineLog log) {
        this(settings, new ConnectionFactory(settings), new HistoryAdapter(), log);
    }

    Applier(ConnectionSettings settings, ConnectionFactory connections, HistoryStore history, EngineLog log) {
        this.settings = settings;
        this.connections = connections;
        this.history = history;
        this.log = log;
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

    enum Goal {
        APPLY,
        BASELINE,
        STATUS;

        String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private ApplyReport run(Goal goal, Path baseDir, ApplyOptions options) {
        long started = System.nanoTime();
        Run run = new Run(goal, options);
        // 1. Everything that can be known without a database.
        Preflight pre = preflight(baseDir, options, run);
        boolean needsLock = !options.dryRun();
        try (Connection work = connections.open(goal.id());
                Connection side = connections.open(goal.id() + " lock")) {
            if (options.dryRun()) {
                try (Statement st = work.createStatement()) {
                    st.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
                }
            }
            ApplyLock lock = needsLock ? ApplyLock.acquire(side, options.lockWait(), log::info) : null;
            try {
                return execute(goal, baseDir, options, run, pre, work, side, started);
            } finally {
                if (lock != null) {
                    lock.close();
                }
            }
        } catch (SQLException e) {
            throw SemException.environment(
                    "Database error on " + settings.sanitizedUrl() + ": " + StatementRunner.serverMessage(e), e);
        }
    }

    /** What is known before connecting. */
    private record Preflight(List<ScriptFile> candidates, Optional<String> version) {}

    private Preflight preflight(Path baseDir, ApplyOptions options, Run run) {
        ScriptSet set = ScriptSet.scan(baseDir);
        set.warnings().forEach(run::warn);
        if (!set.invalidNames().isEmpty()) {
            StringBuilder msg = new StringBuilder("Invalid script names in ")
                    .append(baseDir.resolve("scripts"))
                    .append(" (nothing was applied): ");
            List<String> parts = new ArrayList<>();
            for (String name : set.invalidNames()) {
                parts.add(ScriptName.invalidMessage(name));
            }
            msg.append(String.join("; ", parts))
                    .append(". Rename them with mvn sem:add, or move them out of scripts/.");
            throw new SemException(msg.toString());
        }
        Optional<String> version = VersionFile.read(baseDir);
        version.ifPresent(VersionFile::validate);
        if (Manifest.verifyIfPresent(baseDir) == Manifest.Check.VERIFIED) {
            log.info("Verified " + Manifest.FILE_NAME + ": every script matches its SHA-256 and the chained hash");
        }
        return new Preflight(set.scripts(), version);
    }

    private ApplyReport execute(
            Goal goal,
            Path baseDir,
            ApplyOptions options,
            Run run,
            Preflight pre,
            Connection work,
            Connection side,
            long started)
            throws SQLException {
        // 3. History.
        boolean schemaExists = history.schemaExists(work);
        Set<String> applied = schemaExists ? history.applied(work) : Set.of();
        Map<String, HistoryStore.StoredChecksum> stored = schemaExists ? history.checksums(work) : Map.of();
        String newestApplied = applied.stream()
                .filter(ScriptName::isValid)
                .max(String::compareTo)
                .orElse(null);

        // 4. Validate everything before writing anything.
        ScriptLoader loader = new ScriptLoader(baseDir, options, predefinedVariables(), log);
        List<String> errors = new ArrayList<>();
        List<ApplyReport.ScriptResult> results = new ArrayList<>();
        Map<String, ScriptFile> byName = new LinkedHashMap<>();
        pre.candidates().forEach(f -> byName.put(f.name(), f));
        List<ChecksumCheck.Changed> changed = new ArrayList<>();
        List<HistoryStore.AppliedScript> adopt = new ArrayList<>();
        for (ScriptFile f : pre.candidates()) {
            if (!applied.contains(f.name())) {
                continue;
            }
            HistoryStore.StoredChecksum sc = stored.get(f.name());
            String sha = f.sha256();
            if (sc == null) {
                adopt.add(new HistoryStore.AppliedScript(
                        f.name(),
                        sha,
                        loader.normalized(f),
                        loader.normalizationVersion(),
                        null,
                        null,
                        options.actor(),
                        0,
                        "adopted"));
                results.add(result(f.name(), "previously-applied", sha, null, false));
                continue;
            }
            if (sc.sha256().equals(sha)) {
                results.add(result(f.name(), "previously-applied", sha, null, false));
                continue;
            }
            String normalized = loader.normalized(f);
            if (normalized.equals(sc.normalizedSha256())) {
                run.warn("File[./scripts/" + f.name() + "] changed after it was applied, but only in formatting"
                        + " (comments, whitespace, keyword case): applied " + sc.sha256() + ", now " + sha);
                results.add(result(f.name(), "previously-applied", sha, sc.sha256(), false));
                continue;
            }
            changed.add(new ChecksumCheck.Changed(f.name(), sc.sha256(), sha, normalized));
            results.add(result(f.name(), "changed", sha, sc.sha256(), false));
        }
        for (ChecksumCheck.Changed c : changed) {
            if (!options.acceptChanges().containsKey(c.name())) {
                errors.add("File[./scripts/" + c.name() + "] was changed after it was applied to this database:"
                        + " applied sha256 " + c.storedSha() + ", now " + c.currentSha()
                        + ". Restore the applied content and put the change in a new script (mvn sem:add), or"
                        + " accept it with -Dsem.accept=" + c.name() + " -Dsem.acceptReason=\"why\"");
            }
        }
        for (String accepted : options.acceptChanges().keySet()) {
            if (changed.stream().noneMatch(c -> c.name().equals(accepted))) {
                run.warn("-Dsem.accept=" + accepted + " has no effect: that script is not a changed, applied script");
            }
        }

        Map<String, List<HistoryStore.Progress>> progressByFile =
                schemaExists && goal != Goal.BASELINE ? history.progress(work) : Map.of();
        List<String> late = new ArrayList<>();
        List<PendingScript> pending = new ArrayList<>();
        for (ScriptFile f : pre.candidates()) {
            if (applied.contains(f.name())) {
                continue;
            }
            boolean isLate = newestApplied != null && f.name().compareTo(newestApplied) < 0;
            if (isLate) {
                late.add(f.name());
            }
            try {
                List<HistoryStore.Progress> progress = progressByFile.getOrDefault(f.name(), List.of());
                PendingScript p = loader.load(f, progress, isLate);
                checkResumable(p, errors);
                pending.add(p);
            } catch (SemException e) {
                errors.add(e.getMessage());
            }
        }
        if (!late.isEmpty()) {
            String msg = late.size() + " pending script(s) are older than " + newestApplied
                    + ", the newest applied script (merged late): " + String.join(", ", late);
            if (options.latePolicy() == ApplyOptions.LatePolicy.FAIL && goal != Goal.STATUS) {
                errors.add(msg + ". They would run after newer scripts; rename them with mvn sem:add, or run with"
                        + " -Dsem.latePolicy=warn to apply them anyway.");
            } else {
                run.warn(msg + "; applying them after the newer ones");
            }
        }
        if (goal == Goal.STATUS) {
            for (PendingScript p : pending) {
                results.add(new ApplyReport.ScriptResult(
                        p.name(), "pending", mode(p), p.statements().size(), null, null, p.sha256(), null, p.late()));
            }
            errors.forEach(run::warn);
            return run.report(
                    settings.sanitizedUrl(),
                    schemaExists ? history.latestVersion(work).orElse(null) : null,
                    null,
                    List.of(),
                    results,
                    started,
                    errors.isEmpty() ? null : errors.get(0));
        }
        if (!errors.isEmpty()) {
            throw new ValidationFailedException(errors);
        }

        // 5. Bootstrap.
        List<String> bootstrapped;
        if (options.dryRun()) {
            bootstrapped = new ArrayList<>();
            for (Map.Entry<String, String> e : history.pendingBootstrap(work)) {
                bootstrapped.add(e.getKey());
            }
            if (!bootstrapped.isEmpty()) {
                log.info("[DRY RUN] Would bootstrap " + String.join(", ", bootstrapped));
            }
        } else {
            bootstrapped = history.bootstrap(work, run::warn);
            storeAdoptedAndAccepted(work, adopt, changed, options, run);
        }

        // 6. Header, 7. scripts.
        String header = goal == Goal.BASELINE ? "Baselining schema for " : "Upgrading schema for ";
        log.info(header + settings.sanitizedUrl());
        String chain = schemaExists || !options.dryRun() ? history.lastChain(work) : Hashes.CHAIN_START;
        DryRunScript dry = options.dryRun() ? new DryRunScript(settings.sanitizedUrl(), options, history) : null;
        if (dry != null) {
            dry.bootstrap(history.pendingBootstrap(work));
        }
        int total = pending.size();
        int n = 0;
        List<ConnectionFactory.SessionSetting> sessionDefaults =
                options.dryRun() ? List.of() : connections.restoreSession(work);
        try (BlockerWatch watch = new BlockerWatch(side, backendPid(work), options.lockTimeout())) {
            StatementRunner runner = new StatementRunner(work);
            ScriptExecutor executor = new ScriptExecutor(runner, history, watch, options, log);
            for (PendingScript p : pending) {
                n++;
                String previousChain = chain;
                chain = Hashes.chain(chain, p.name(), p.sha256());
                HistoryStore.AppliedScript record = new HistoryStore.AppliedScript(
                        p.name(),
                        p.sha256(),
                        p.normalizedSha256(),
                        loader.normalizationVersion(),
                        chain,
                        options.artifact(),
                        options.actor(),
                        0,
                        goal == Goal.BASELINE ? "baseline" : "applied");
                if (options.dryRun()) {
                    log.info("[DRY RUN] " + (goal == Goal.BASELINE ? "Baselining " : "Applying ") + p.name());
                    log.info(p.displayPath());
                    log.info("");
                    if (goal == Goal.BASELINE) {
                        dry.baseline(record);
                    } else {
                        dry.script(p, record);
                    }
                    results.add(result(p, "pending", null, null));
                    continue;
                }
                if (goal == Goal.APPLY) {
                    // A clean session first: the previous script may have left a role or settings behind.
                    resetSession(work, sessionDefaults);
                }
                if (history.isRecorded(work, p.name())) {
                    chain = previousChain;
                    log.info("Skipping " + p.name() + ": recorded as applied meanwhile (by an earlier script)");
                    results.add(result(p, "skipped", null, null));
                    continue;
                }
                if (goal == Goal.BASELINE) {
                    runner.control("BEGIN");
                    history.recordApplied(work, record);
                    runner.control("COMMIT");
                    log.info("Baselining " + p.name());
                    results.add(result(p, "baselined", null, null));
                    continue;
                }
                try {
                    ScriptExecutor.Outcome outcome = executor.run(p, record);
                    log.info("Applying " + p.name() + " Done (" + n + "/" + total + ", " + outcome.durationMs() + " ms"
                            + (outcome.retries() > 0 ? ", " + outcome.retries() + " retries" : "") + ")");
                    results.add(result(p, "applied", outcome.durationMs(), outcome.retries()));
                } catch (ScriptFailedException e) {
                    failureBlock(p, e);
                    results.add(result(p, "failed", null, null));
                    run.report(
                            settings.sanitizedUrl(),
                            null,
                            null,
                            bootstrapped,
                            results,
                            started,
                            e.getMessage()); // kept for the mojo's report
                    throw new ApplyFailedException(e, run.lastReport);
                }
            }
        }
        if (total == 0) {
            log.info("  All scripts have been previously applied");
        }
        if (total > 0 && goal == Goal.APPLY && !options.dryRun()) {
            resetSession(work, sessionDefaults);
        }

        // 8. Version.
        String recorded = null;
        if (pre.version().isPresent()) {
            String v = pre.version().get();
            if (options.dryRun()) {
                if (dry != null) {
                    dry.version(v);
                }
            } else if (history.recordVersionIfChanged(work, v)) {
                recorded = v;
                log.info("  Recorded schema version " + v);
            }
        }
        String latest = options.dryRun()
                ? (schemaExists ? history.latestVersion(work).orElse(null) : null)
                : history.latestVersion(work).orElse(null);
        ApplyReport report =
                run.report(settings.sanitizedUrl(), latest, recorded, bootstrapped, results, started, null);
        return dry == null ? report : report.withDryRunSql(dry.text());
    }

    private void storeAdoptedAndAccepted(
            Connection work,
            List<HistoryStore.AppliedScript> adopt,
            List<ChecksumCheck.Changed> changed,
            ApplyOptions options,
            Run run)
            throws SQLException {
        for (HistoryStore.AppliedScript a : adopt) {
            history.storeChecksum(work, a);
        }
        if (!adopt.isEmpty()) {
            log.info("  Adopted the current checksum of " + adopt.size()
                    + " script(s) applied without one (by sem (Ruby) or before checksums were kept)");
        }
        for (ChecksumCheck.Changed c : changed) {
            String reason = options.acceptChanges().get(c.name());
            if (reason == null) {
                continue;
            }
            history.recordAcceptance(
                    work, c.name(), c.storedSha(), c.currentSha(), c.normalized(), reason, options.actor());
            run.warn("Accepted the changed content of " + c.name() + " (applied " + c.storedSha() + ", now "
                    + c.currentSha() + "): " + reason);
        }
    }

    private void checkResumable(PendingScript p, List<String> errors) {
        if (p.progress().isEmpty()) {
            return;
        }
        if (p.mode() == TransactionMode.SINGLE) {
            errors.add("File[" + p.displayPath() + "] was partly applied under transaction = none ("
                    + p.completedStatements()
                    + " statement(s) committed); keep -- sem.attribute.transaction = none so that it resumes");
            return;
        }
        for (HistoryStore.Progress row : p.progress()) {
            if (!"done".equals(row.status())) {
                continue;
            }
            if (row.index() >= p.statementHashes().size()
                    || !p.statementHashes().get(row.index()).equals(row.sha256())) {
                int line = row.index() < p.statements().size()
                        ? p.statements().get(row.index()).line()
                        : p.statements().isEmpty()
                                ? 1
                                : p.statements().get(p.statements().size() - 1).line();
                errors.add("File[" + p.displayPath() + "] line " + line + ": statement " + (row.index() + 1)
                        + " was already applied by an interrupted run and has changed since (or was removed);"
                        + " refusing to resume. Restore the applied statements; only the failed statement and those"
                        + " after it may change.");
                return;
            }
        }
        log.info("  " + p.name() + " was interrupted after " + p.completedStatements() + " of "
                + p.statements().size() + " statements; resuming at statement " + (p.completedStatements() + 1));
    }

    private void failureBlock(PendingScript p, ScriptFailedException e) {
        log.error("Applying " + p.name());
        log.error("ERROR applying script: " + p.displayPath());
        log.error("");
        if (e.details().isEmpty()) {
            log.error("  ==> There was no error output");
        }
        for (String d : e.details()) {
            for (String line : d.split("\n", -1)) {
                log.error("  " + line);
            }
        }
        log.error("");
        log.error("If this script has previously been applied to this database, you can record it as having been"
                + " applied by:");
        log.error("  psql --command \"insert into schema_evolution_manager.scripts (filename) values ('" + p.name()
                + "')\" " + settings.sanitizedUrl());
        log.error("");
    }

    /**
     * Gives the next script a clean session, as psql's fresh process per script would: {@code DISCARD ALL}, then the
     * session settings psql would show (computed once per connection).
     */
    private void resetSession(Connection work, List<ConnectionFactory.SessionSetting> defaults) throws SQLException {
        try (Statement st = work.createStatement()) {
            st.execute("DISCARD ALL");
        }
        connections.reapplySession(work, defaults);
    }

    private static int backendPid(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                var rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private Map<String, String> predefinedVariables() {
        Map<String, String> vars = new HashMap<>();
        vars.put("DBNAME", settings.database());
        vars.put("USER", settings.user());
        vars.put("HOST", settings.host());
        vars.put("PORT", String.valueOf(settings.port()));
        return vars;
    }

    private static String mode(PendingScript p) {
        return p.mode() == TransactionMode.NONE ? "none" : "single";
    }

    private static ApplyReport.ScriptResult result(
            String name, String status, String sha, String stored, boolean late) {
        return new ApplyReport.ScriptResult(name, status, null, null, null, null, sha, stored, late);
    }

    private static ApplyReport.ScriptResult result(PendingScript p, String status, Long ms, Integer retries) {
        return new ApplyReport.ScriptResult(
                p.name(), status, mode(p), p.statements().size(), ms, retries, p.sha256(), null, p.late());
    }

    /** Collects warnings and builds the report. */
    private final class Run {
        private final Goal goal;
        private final ApplyOptions options;
        private final List<String> warnings = new ArrayList<>();
        private ApplyReport lastReport;

        Run(Goal goal, ApplyOptions options) {
            this.goal = goal;
            this.options = options;
        }

        void warn(String message) {
            warnings.add(message);
            log.warn(message);
        }

        ApplyReport report(
                String target,
                String latest,
                String recorded,
                List<String> bootstrap,
                List<ApplyReport.ScriptResult> scripts,
                long started,
                String error) {
            lastReport = new ApplyReport(
                    goal.id(),
                    target,
                    options.dryRun(),
                    latest,
                    recorded,
                    List.copyOf(bootstrap),
                    List.copyOf(scripts),
                    List.copyOf(warnings),
                    (System.nanoTime() - started) / 1_000_000,
                    error,
                    null);
            return lastReport;
        }
    }

    /** Pending and applied scripts failed validation; nothing was applied. */
    public static final class ValidationFailedException extends SemException {
        private static final long serialVersionUID = 1L;
        private final List<String> problems;

        ValidationFailedException(List<String> problems) {
            super(
                    problems.size() == 1
                            ? problems.get(0) + " (nothing was applied)"
                            : problems.size() + " problems found before applying anything: "
                                    + String.join(" | ", problems));
            this.problems = List.copyOf(problems);
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
            super(cause.getMessage(), cause);
            this.report = report;
        }

        public ApplyReport report() {
            return report;
        }

        public ScriptFailedException failure() {
            return (ScriptFailedException) getCause();
        }
    }

    /** Checksum comparison of applied scripts. */
    static final class ChecksumCheck {
        private ChecksumCheck() {}

        /** An applied script whose content differs from what was applied, beyond formatting. */
        record Changed(String name, String storedSha, String currentSha, String normalized) {}
    }
}
