package dev.sem.apply;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import dev.sem.history.Bootstrap;
import dev.sem.history.BootstrapEntry;
import dev.sem.history.BootstrapResult;
import dev.sem.history.ChecksumAcceptance;
import dev.sem.history.ChecksumOrigin;
import dev.sem.history.History;
import dev.sem.history.ProgressStatus;
import dev.sem.history.StatementProgress;

/** {@link HistoryStore} on the sem-compatible history schema of {@code dev.sem.history}. */
final class HistoryAdapter implements HistoryStore {

    private static final String Q = "\"schema_evolution_manager\".";

    @Override
    public boolean schemaExists(Connection c) throws SQLException {
        return History.schemaExists(c);
    }

    @Override
    public Set<String> applied(Connection c) throws SQLException {
        return History.appliedScripts(c);
    }

    @Override
    public boolean isRecorded(Connection c, String filename) throws SQLException {
        return History.isRecorded(c, filename);
    }

    @Override
    public Map<String, StoredChecksum> checksums(Connection c) throws SQLException {
        Map<String, StoredChecksum> out = new HashMap<>();
        for (dev.sem.history.StoredChecksum s : History.storedChecksums(c).values()) {
            out.put(s.filename(), new StoredChecksum(s.filename(), s.sha256(), s.normalizedSha256(), version(s)));
        }
        return out;
    }

    private static String version(dev.sem.history.StoredChecksum s) {
        return s.normalizationVersion() == null ? null : "n" + s.normalizationVersion();
    }

    private static Integer versionNumber(String v) {
        if (v == null) {
            return null;
        }
        return Integer.valueOf(v.replaceAll("[^0-9]", ""));
    }

    @Override
    public String lastChain(Connection c) throws SQLException {
        if (!History.schemaExists(c) || !sideTablesExist(c)) {
            return dev.sem.packaging.Hashes.CHAIN_START;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT k.\"chain\" FROM " + Q + "\"scripts\" s JOIN " + Q
                        + "\"sem_java_script_checksums\" k ON k.\"filename\" = s.\"filename\""
                        + " WHERE k.\"chain\" IS NOT NULL ORDER BY s.\"id\" DESC LIMIT 1");
                ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : dev.sem.packaging.Hashes.CHAIN_START;
        }
    }

    private static boolean sideTablesExist(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                        "SELECT to_regclass('schema_evolution_manager.sem_java_script_progress') IS NOT NULL");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    @Override
    public Optional<String> latestVersion(Connection c) throws SQLException {
        return History.latestVersion(c);
    }

    @Override
    public boolean recordVersionIfChanged(Connection c, String version) throws SQLException {
        return History.recordVersionIfChanged(c, version);
    }

    @Override
    public void recordApplied(Connection c, AppliedScript script) throws SQLException {
        History.recordScript(c, script.filename());
        History.recordChecksum(c, toStored(script));
    }

    @Override
    public void storeChecksum(Connection c, AppliedScript script) throws SQLException {
        History.recordChecksum(c, toStored(script));
    }

    private static dev.sem.history.StoredChecksum toStored(AppliedScript s) {
        return new dev.sem.history.StoredChecksum(
                s.filename(),
                s.sha256(),
                s.normalizedSha256(),
                s.normalizedSha256() == null ? null : versionNumber(s.normalizationVersion()),
                s.chain(),
                ChecksumOrigin.valueOf(s.origin().toUpperCase(Locale.ROOT)),
                s.artifact(),
                s.appliedBy(),
                s.durationMs(),
                null);
    }

    @Override
    public void recordAcceptance(
            Connection c,
            String filename,
            String oldSha,
            String newSha,
            String newNormalizedSha,
            String reason,
            String actor)
            throws SQLException {
        History.recordAcceptance(
                c,
                new ChecksumAcceptance(
                        filename,
                        oldSha,
                        newSha,
                        null,
                        newNormalizedSha,
                        newNormalizedSha == null ? null : versionNumber(dev.sem.sql.Normalizer.VERSION),
                        reason,
                        actor,
                        null));
    }

    @Override
    public Map<String, List<Progress>> progress(Connection c) throws SQLException {
        if (!sideTablesExist(c)) {
            return Map.of();
        }
        Map<String, List<Progress>> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT \"filename\", \"statement_index\", \"statement_sha256\","
                        + " \"status\" FROM " + Q + "\"sem_java_script_progress\" p WHERE NOT EXISTS (SELECT 1 FROM "
                        + Q + "\"scripts\" s WHERE s.\"filename\" = p.\"filename\")"
                        + " ORDER BY \"filename\", \"statement_index\"");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String status = rs.getString(4);
                out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                        .add(new Progress(
                                rs.getInt(2) - 1, rs.getString(3), "applied".equals(status) ? "done" : status));
            }
        }
        return out;
    }

    @Override
    public void markStatement(
            Connection c,
            String filename,
            int index,
            String sha256,
            String status,
            Long durationMs,
            int retries,
            String sqlState,
            String message)
            throws SQLException {
        ProgressStatus s = switch (status) {
            case "done" -> ProgressStatus.APPLIED;
            case "running" -> ProgressStatus.RUNNING;
            default -> ProgressStatus.FAILED;
        };
        History.recordProgress(
                c,
                new StatementProgress(
                        filename,
                        index + 1,
                        sha256,
                        s,
                        durationMs,
                        retries,
                        sqlState,
                        message,
                        null,
                        null,
                        null,
                        null));
    }

    @Override
    public String recordAppliedSql(AppliedScript s) {
        return "INSERT INTO " + Q + "\"scripts\" (\"filename\") SELECT " + literal(s.filename())
                + " WHERE NOT EXISTS (SELECT 1 FROM " + Q + "\"scripts\" WHERE \"filename\" = " + literal(s.filename())
                + ");\nINSERT INTO " + Q + "\"sem_java_script_checksums\" (\"filename\", \"sha256\","
                + " \"normalized_sha256\", \"normalization_version\", \"chain\", \"origin\", \"artifact\","
                + " \"applied_by\") VALUES (" + literal(s.filename()) + ", " + literal(s.sha256()) + ", "
                + literal(s.normalizedSha256()) + ", "
                + (s.normalizedSha256() == null ? "NULL" : String.valueOf(versionNumber(s.normalizationVersion())))
                + ", " + literal(s.chain()) + ", " + literal(s.origin()) + ", " + literal(s.artifact()) + ", "
                + literal(s.appliedBy()) + ") ON CONFLICT (\"filename\") DO NOTHING";
    }

    @Override
    public String recordVersionSql(String version) {
        return "INSERT INTO " + Q + "\"versions\" (\"version\") SELECT " + literal(version) + " WHERE "
                + literal(version) + " IS DISTINCT FROM (SELECT \"version\" FROM " + Q
                + "\"versions\" ORDER BY \"id\" DESC LIMIT 1)";
    }

    @Override
    public String recordBootstrapSql(String entry) {
        return "INSERT INTO " + Q + "\"bootstrap_scripts\" (\"filename\") SELECT " + literal(entry)
                + " WHERE NOT EXISTS (SELECT 1 FROM " + Q + "\"bootstrap_scripts\" WHERE \"filename\" = "
                + literal(entry) + ")";
    }

    /** A SQL string literal (standard_conforming_strings = on), or NULL. */
    static String literal(String value) {
        return value == null ? "NULL" : "'" + value.replace("'", "''") + "'";
    }

    @Override
    public List<Map.Entry<String, String>> pendingBootstrap(Connection c) throws SQLException {
        BootstrapResult plan = Bootstrap.plan(c);
        List<Map.Entry<String, String>> out = new ArrayList<>();
        for (BootstrapEntry e : plan.entries()) {
            out.add(new AbstractMap.SimpleImmutableEntry<>(e.name(), e.sql()));
        }
        return out;
    }

    @Override
    public List<String> bootstrap(Connection c, Consumer<String> warnings) throws SQLException {
        BootstrapResult result = Bootstrap.run(c);
        result.warnings().forEach(warnings);
        return result.entryNames();
    }
}
