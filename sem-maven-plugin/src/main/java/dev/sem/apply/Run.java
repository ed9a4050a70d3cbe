package dev.sem.apply;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import dev.sem.EngineLog;
import dev.sem.Message;
import dev.sem.db.ConnectionFactory;
import dev.sem.db.ConnectionSettings;
import dev.sem.history.ChecksumOrigin;
import dev.sem.history.History;
import dev.sem.history.StoredChecksum;
import dev.sem.script.TransactionMode;
import dev.sem.sql.Normalizer;

/**
 * One run of a goal on one database: what every use case shares (the connections, the options, the log), the warnings
 * given so far, and the report.
 */
final class Run {

    final Goal goal;
    final ConnectionSettings settings;
    final ConnectionFactory connections;
    final ApplyOptions options;
    final EngineLog log;
    final Connection work;
    final Connection side;
    /** Whether the database is a throwaway one (verification), where recording a script by hand makes no sense. */
    final boolean throwaway;

    private final long started;
    private final List<String> warnings = new ArrayList<>();
    private final List<ApplyReport.ScriptResult> results = new ArrayList<>();

    Run(
            Goal goal,
            ConnectionSettings settings,
            ConnectionFactory connections,
            ApplyOptions options,
            EngineLog log,
            Connection work,
            Connection side,
            long started,
            List<String> warningsSoFar,
            boolean throwaway) {
        this.goal = goal;
        this.settings = settings;
        this.connections = connections;
        this.options = options;
        this.log = log;
        this.work = work;
        this.side = side;
        this.throwaway = throwaway;
        this.started = started;
        this.warnings.addAll(warningsSoFar);
    }

    void warn(String message) {
        warnings.add(message);
        log.warn(message);
    }

    /** A warning that names options: the report keeps the engine's text, the log spells the options its own way. */
    void warn(Message message) {
        warnings.add(message.toString());
        log.warn(message);
    }

    String target() {
        return settings.sanitizedUrl();
    }

    void result(ApplyReport.ScriptResult result) {
        results.add(result);
    }

    /** The result of a script that is only compared with history. */
    static ApplyReport.ScriptResult result(String name, ScriptOutcome status, String sha, String stored) {
        return new ApplyReport.ScriptResult(name, status, null, null, null, null, sha, stored, false);
    }

    /** The result of a pending script. */
    void result(PendingScript p, ScriptOutcome status, Long ms, Integer retries) {
        results.add(new ApplyReport.ScriptResult(
                p.name(),
                status,
                p.script().mode() == TransactionMode.NONE ? "none" : "single",
                p.statements().size(),
                ms,
                retries,
                p.script().sha256(),
                null,
                p.late()));
    }

    /** The checksum row recorded with a pending script. */
    StoredChecksum record(PendingScript p, String chain, ChecksumOrigin origin) {
        return new StoredChecksum(
                p.name(),
                p.script().sha256(),
                p.script().normalizedSha256(),
                Normalizer.VERSION_NUMBER,
                chain,
                origin,
                options.artifact(),
                options.actor(),
                0L,
                null);
    }

    /** The deployed version now. */
    String latestVersion() throws SQLException {
        return History.latestVersion(work).orElse(null);
    }

    /**
     * Gives the next script a clean session, as psql's fresh process per script would: {@code DISCARD ALL}, then the
     * session settings psql would show (computed once per connection).
     */
    void resetSession(List<ConnectionFactory.SessionSetting> defaults) throws SQLException {
        discardSession();
        connections.reapplySession(work, defaults);
    }

    /** {@code DISCARD ALL} only: the settings psql would show are restored by the caller. */
    void discardSession() throws SQLException {
        try (Statement st = work.createStatement()) {
            st.execute("DISCARD ALL");
        }
    }

    ApplyReport report(String latest, String recorded, List<String> bootstrap, String error) {
        return new ApplyReport(
                goal,
                target(),
                options.dryRun(),
                latest,
                recorded,
                List.copyOf(bootstrap),
                List.copyOf(results),
                List.copyOf(warnings),
                (System.nanoTime() - started) / 1_000_000,
                error,
                null);
    }
}
