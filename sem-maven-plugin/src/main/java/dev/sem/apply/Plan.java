package dev.sem.apply;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import dev.sem.EngineLog;
import dev.sem.Message;
import dev.sem.Option;
import dev.sem.SemException;
import dev.sem.db.ConnectionSettings;
import dev.sem.history.ChecksumOrigin;
import dev.sem.history.History;
import dev.sem.history.ProgressStatus;
import dev.sem.history.StatementProgress;
import dev.sem.history.StoredChecksum;
import dev.sem.packaging.Manifest;
import dev.sem.script.Script;
import dev.sem.script.ScriptName;
import dev.sem.script.ScriptReader;
import dev.sem.script.ScriptSet;
import dev.sem.script.TransactionMode;
import dev.sem.script.VersionFile;
import dev.sem.sql.Normalizer;
import dev.sem.sql.ScriptParser;

/**
 * What a run will do, known before anything is written: the scripts found, the history read, the applied scripts
 * compared with their stored checksums, and the pending scripts read and checked. Every use case (apply, baseline,
 * status, dry run) works from one.
 *
 * @param schemaExists whether the history schema existed
 * @param pending the scripts to run, in order
 * @param changed applied scripts whose content changed beyond formatting
 * @param adopt checksums to store for applied scripts that have none (applied by sem (Ruby))
 * @param errors every reason not to apply, each naming its file
 * @param version the {@code VERSION} to record, if any
 */
record Plan(
        boolean schemaExists,
        List<PendingScript> pending,
        List<Changed> changed,
        List<StoredChecksum> adopt,
        List<Message> errors,
        Optional<String> version) {

    /** An applied script whose content differs from what was applied, beyond formatting. */
    record Changed(String name, String storedSha, String currentSha, String normalized) {}

    /** What is known before connecting: the candidates and {@code VERSION}, all validated. */
    record Preflight(Path baseDir, List<Script> candidates, Optional<String> version) {

        /**
         * Validates, without a connection, every candidate's name, {@code VERSION} and the manifest.
         *
         * @param warn receives the warnings about ignored files
         */
        static Preflight of(Path baseDir, EngineLog log, Consumer<String> warn) {
            ScriptSet set = ScriptSet.scan(baseDir);
            set.warnings().forEach(warn);
            set.invalidNamesMessage().ifPresent(message -> {
                throw new SemException(message.then(" (nothing was applied)"));
            });
            Optional<String> version = VersionFile.read(baseDir);
            version.ifPresent(VersionFile::validate);
            if (Manifest.verifyIfPresent(baseDir) == Manifest.Check.VERIFIED) {
                log.info("Verified " + Manifest.FILE_NAME + ": every script matches its SHA-256 and the chained hash");
            }
            return new Preflight(baseDir, set.scripts(), version);
        }
    }

    /** Reads the history and checks every script against it; adds the applied scripts' results to the run. */
    static Plan read(Run run, Preflight pre) throws SQLException {
        boolean schemaExists = History.schemaExists(run.work);
        Set<String> applied = schemaExists ? History.appliedScripts(run.work) : Set.of();
        ScriptReader reader = new ScriptReader(pre.baseDir(), run.options.readOptions(predefined(run)), run.log);
        List<Message> errors = new ArrayList<>();
        List<Changed> changed = new ArrayList<>();
        List<StoredChecksum> adopt = new ArrayList<>();
        compareApplied(run, pre.candidates(), applied, reader, changed, adopt);
        checkAccepted(run, changed, errors);
        Map<String, List<StatementProgress>> progress =
                schemaExists && run.goal != Goal.BASELINE ? History.unfinishedProgress(run.work) : Map.of();
        List<PendingScript> pending = readPending(run, pre.candidates(), applied, progress, reader, errors);
        return new Plan(
                schemaExists, List.copyOf(pending), List.copyOf(changed), List.copyOf(adopt), errors, pre.version());
    }

    private static void compareApplied(
            Run run,
            List<Script> candidates,
            Set<String> applied,
            ScriptReader reader,
            List<Changed> changed,
            List<StoredChecksum> adopt)
            throws SQLException {
        Map<String, StoredChecksum> stored = applied.isEmpty() ? Map.of() : History.storedChecksums(run.work);
        for (Script script : candidates) {
            if (!applied.contains(script.name())) {
                continue;
            }
            StoredChecksum sc = stored.get(script.name());
            String sha = script.sha256();
            if (sc == null) {
                adopt.add(new StoredChecksum(
                        script.name(),
                        sha,
                        reader.normalizedSha256(script),
                        Normalizer.VERSION_NUMBER,
                        null,
                        ChecksumOrigin.ADOPTED,
                        null,
                        run.options.actor(),
                        0L,
                        null));
                run.result(Run.result(script.name(), ScriptOutcome.PREVIOUSLY_APPLIED, sha, null));
            } else if (sc.sha256().equals(sha)) {
                run.result(Run.result(script.name(), ScriptOutcome.PREVIOUSLY_APPLIED, sha, null));
            } else {
                String normalized = reader.normalizedSha256(script);
                if (normalized.equals(sc.normalizedSha256())) {
                    run.warn("File[" + script.displayPath() + "] changed after it was applied, but only in formatting"
                            + " (comments, whitespace, keyword case): applied " + sc.sha256() + ", now " + sha);
                    run.result(Run.result(script.name(), ScriptOutcome.PREVIOUSLY_APPLIED, sha, sc.sha256()));
                } else {
                    changed.add(new Changed(script.name(), sc.sha256(), sha, normalized));
                    run.result(Run.result(script.name(), ScriptOutcome.CHANGED, sha, sc.sha256()));
                }
            }
        }
    }

    /**
     * How to accept a changed script: set accept and acceptReason, on apply or baseline (status has no such options;
     * a throwaway database of verify has nobody to accept for).
     */
    private static Message acceptHint(Run run, String name) {
        return Message.text(", or accept it with ")
                .then(Option.ACCEPT, name)
                .then(" ")
                .then(Option.ACCEPT_REASON, "\"why\"")
                .then(run.goal == Goal.STATUS ? " when you run sem:apply" : "");
    }

    private static void checkAccepted(Run run, List<Changed> changed, List<Message> errors) {
        Map<String, String> accepted = run.options.acceptChanges();
        for (Changed c : changed) {
            if (!accepted.containsKey(c.name())) {
                errors.add(Message.text("File[" + Script.displayPath(c.name()) + "] was changed after it was"
                                + " applied to this database: applied sha256 " + c.storedSha() + ", now "
                                + c.currentSha() + ". Restore the applied content and put the change in a new script"
                                + " (mvn sem:add ")
                        .then(Option.DESCRIPTION, "\"what it changes\"")
                        .then(" starts one)")
                        .then(run.throwaway ? Message.text("") : acceptHint(run, c.name())));
            }
        }
        for (String name : accepted.keySet()) {
            if (changed.stream().noneMatch(c -> c.name().equals(name))) {
                run.warn(Message.text("")
                        .then(Option.ACCEPT, name)
                        .then(" has no effect: that script is not a changed, applied script"));
            }
        }
    }

    private static List<PendingScript> readPending(
            Run run,
            List<Script> candidates,
            Set<String> applied,
            Map<String, List<StatementProgress>> progress,
            ScriptReader reader,
            List<Message> errors) {
        String newestApplied = applied.stream()
                .filter(ScriptName::isValid)
                .max(String::compareTo)
                .orElse(null);
        List<String> late = new ArrayList<>();
        List<PendingScript> pending = new ArrayList<>();
        for (Script script : candidates) {
            if (applied.contains(script.name())) {
                continue;
            }
            boolean isLate = newestApplied != null && script.name().compareTo(newestApplied) < 0;
            if (isLate) {
                late.add(script.name());
            }
            try {
                PendingScript p =
                        new PendingScript(reader.read(script), progress.getOrDefault(script.name(), List.of()), isLate);
                checkResumable(run, p, errors);
                pending.add(p);
            } catch (SemException e) {
                errors.add(e.message());
            }
        }
        if (!late.isEmpty()) {
            String msg = late.size() + " pending script(s) are older than " + newestApplied
                    + ", the newest applied script (merged late): " + String.join(", ", late);
            if (run.options.latePolicy() == ApplyOptions.LatePolicy.FAIL && run.goal != Goal.STATUS) {
                errors.add(Message.text(msg + ". They would run after newer scripts; give them new names with ")
                        .then(ScriptName.addCommands(late))
                        .then(", or run with ")
                        .then(Option.LATE_POLICY, "warn")
                        .then(" to apply them anyway."));
            } else {
                run.warn(msg + "; applying them after the newer ones");
            }
        }
        return pending;
    }

    private static void checkResumable(Run run, PendingScript p, List<Message> errors) {
        if (p.progress().isEmpty()) {
            return;
        }
        String display = p.script().displayPath();
        if (p.script().mode() == TransactionMode.SINGLE) {
            errors.add(Message.text(
                    "File[" + display + "] was partly applied under transaction = none (" + p.completedStatements()
                            + " statement(s) committed); keep -- sem.attribute.transaction = none so that it resumes"));
            return;
        }
        List<String> hashes = p.script().statementHashes();
        for (StatementProgress row : p.progress()) {
            if (row.status() != ProgressStatus.APPLIED) {
                continue;
            }
            int i = row.statementIndex() - 1;
            if (i >= hashes.size() || !hashes.get(i).equals(row.statementSha256())) {
                int line = i < p.statements().size()
                        ? p.statements().get(i).line()
                        : p.statements().isEmpty()
                                ? 1
                                : p.statements().get(p.statements().size() - 1).line();
                errors.add(Message.text("File[" + display + "] line " + line + ": statement " + row.statementIndex()
                        + " was already applied by an interrupted run and has changed since (or was removed);"
                        + " refusing to resume. Restore the applied statements; only the failed statement and those"
                        + " after it may change."));
                return;
            }
        }
        run.log.info("  " + p.name() + " was interrupted after " + p.completedStatements() + " of "
                + p.statements().size() + " statements; resuming at statement " + (p.completedStatements() + 1));
    }

    /**
     * psql's predefined variables for the connected session: DBNAME, USER, HOST, PORT, SERVER_VERSION_NUM,
     * SERVER_VERSION_NAME and ENCODING as psql sets them, and the client version variables of the psql sem emulates
     * (see {@link ScriptParser#psqlClientVariables()}).
     */
    private static Map<String, String> predefined(Run run) throws SQLException {
        ConnectionSettings settings = run.settings;
        Map<String, String> vars = new HashMap<>(ScriptParser.psqlClientVariables());
        vars.put("DBNAME", settings.database());
        vars.put("USER", settings.user());
        vars.put("HOST", settings.host());
        vars.put("PORT", String.valueOf(settings.port()));
        try (Statement st = run.work.createStatement();
                ResultSet rs = st.executeQuery("SELECT current_setting('server_version_num'),"
                        + " current_setting('server_version'), current_setting('client_encoding')")) {
            rs.next();
            // psql: PQserverVersion() and the server_version the server reports; ENCODING is the client encoding.
            vars.put("SERVER_VERSION_NUM", rs.getString(1));
            vars.put("SERVER_VERSION_NAME", rs.getString(2));
            vars.put("ENCODING", rs.getString(3));
        }
        return vars;
    }
}
