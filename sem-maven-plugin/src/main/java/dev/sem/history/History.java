package dev.sem.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.sem.script.Hashes;
import dev.sem.script.ScriptName;

/**
 * Reads and writes the sem history: sem's own tables ({@code scripts}, {@code versions}, {@code bootstrap_scripts})
 * exactly as sem (Ruby) does, and the Java-only {@code sem_java_*} side tables.
 *
 * <p>Every method runs plain statements on the given connection and never changes its autocommit mode, so a caller
 * can record a script inside the script's own transaction (spec §11 #4). All values are bound; the only identifiers
 * are the constant, quoted names of the history tables. Readers of a table that does not exist (yet) return an empty
 * result instead of failing, as sem (Ruby) does when the schema is absent.
 */
public final class History {

    /** The history schema of sem. */
    public static final String SCHEMA = "schema_evolution_manager";

    private static final String Q = "\"schema_evolution_manager\".";
    private static final String SCRIPTS = Q + "\"scripts\"";
    private static final String BOOTSTRAP_SCRIPTS = Q + "\"bootstrap_scripts\"";
    private static final String VERSIONS = Q + "\"versions\"";
    private static final String CHECKSUMS = Q + "\"sem_java_script_checksums\"";
    private static final String ACCEPTANCES = Q + "\"sem_java_checksum_acceptances\"";
    private static final String PROGRESS = Q + "\"sem_java_script_progress\"";

    private History() {}

    // ---------------------------------------------------------------- names

    /**
     * Checks a name before it is recorded.
     *
     * @throws InvalidScriptNameException {@code Invalid filename[<f>]. Must be like: 20120503-173242.sql}
     */
    public static void checkScriptName(String filename) {
        if (!ScriptName.isValid(filename)) {
            throw new InvalidScriptNameException(filename);
        }
    }

    /** 64 lower-case hex digits (a loop: this runs for every stored checksum of every run). */
    private static boolean isSha256Hex(String value) {
        if (value.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = value.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    static void checkSha256(String what, String value, boolean nullable) {
        if (value == null ? !nullable : !isSha256Hex(value)) {
            throw new IllegalArgumentException(what + " must be 64 lower-case hex digits, not " + value);
        }
    }

    // ---------------------------------------------------------------- sem's tables

    /** Whether the schema {@code schema_evolution_manager} exists. */
    public static boolean schemaExists(Connection connection) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = ?)")) {
            ps.setString(1, SCHEMA);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** The names recorded in {@code scripts}, in byte order; empty when the table does not exist. */
    public static Set<String> appliedScripts(Connection connection) throws SQLException {
        if (!tableExists(connection, "scripts")) {
            return Set.of();
        }
        return names(connection, "SELECT \"filename\" FROM " + SCRIPTS + " ORDER BY \"filename\" COLLATE \"C\"");
    }

    /** The names recorded in {@code bootstrap_scripts}, in the order they were recorded; empty when absent. */
    public static Set<String> bootstrapEntries(Connection connection) throws SQLException {
        if (!tableExists(connection, "bootstrap_scripts")) {
            return Set.of();
        }
        return names(connection, "SELECT \"filename\" FROM " + BOOTSTRAP_SCRIPTS + " ORDER BY \"id\"");
    }

    /**
     * Whether a script is recorded now: the re-check sem (Ruby) makes just before running each script (spec §4.1
     * item 4). {@code false} when the table does not exist.
     */
    public static boolean isRecorded(Connection connection, String filename) throws SQLException {
        if (!tableExists(connection, "scripts")) {
            return false;
        }
        try (PreparedStatement ps =
                connection.prepareStatement("SELECT EXISTS (SELECT 1 FROM " + SCRIPTS + " WHERE \"filename\" = ?)")) {
            ps.setString(1, filename);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /**
     * Records a script as sem (Ruby) does: {@code insert … select … where not exists}, after checking its name.
     *
     * @return {@code true} if a row was inserted, {@code false} if the name was already recorded
     * @throws InvalidScriptNameException if the name does not match the pattern
     */
    public static boolean recordScript(Connection connection, String filename) throws SQLException {
        checkScriptName(filename);
        return recordName(connection, SCRIPTS, filename);
    }

    static boolean recordBootstrapEntry(Connection connection, String filename) throws SQLException {
        checkScriptName(filename);
        return recordName(connection, BOOTSTRAP_SCRIPTS, filename);
    }

    private static boolean recordName(Connection connection, String table, String filename) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO " + table + " (\"filename\")"
                + " SELECT CAST(? AS varchar) WHERE NOT EXISTS (SELECT 1 FROM " + table + " WHERE \"filename\" = ?)")) {
            ps.setString(1, filename);
            ps.setString(2, filename);
            return ps.executeUpdate() == 1;
        }
    }

    /** The deployed version: {@code version} of the row with the highest {@code id}; empty without one. */
    public static Optional<String> latestVersion(Connection connection) throws SQLException {
        if (!tableExists(connection, "versions")) {
            return Optional.empty();
        }
        try (PreparedStatement ps = connection.prepareStatement(
                        "SELECT \"version\" FROM " + VERSIONS + " ORDER BY \"id\" DESC LIMIT 1");
                ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
    }

    /**
     * Inserts a row into {@code versions} unless {@code version} equals the latest one (one statement). The caller has
     * validated the value (spec §8.2).
     *
     * @return {@code true} if a row was inserted
     */
    public static boolean recordVersionIfChanged(Connection connection, String version) throws SQLException {
        if (version == null || version.isBlank()) {
            throw new IllegalArgumentException("Version cannot be blank");
        }
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO " + VERSIONS + " (\"version\")"
                + " SELECT CAST(? AS varchar) WHERE CAST(? AS varchar) IS DISTINCT FROM"
                + " (SELECT \"version\" FROM " + VERSIONS + " ORDER BY \"id\" DESC LIMIT 1)")) {
            ps.setString(1, version);
            ps.setString(2, version);
            return ps.executeUpdate() == 1;
        }
    }

    // ---------------------------------------------------------------- checksums

    /**
     * Records an applied (or baselined) script in sem's {@code scripts} table and its checksums in ours, in the
     * caller's transaction.
     */
    public static void recordApplied(Connection connection, StoredChecksum checksum) throws SQLException {
        recordApplied(connection, checksum, false);
    }

    /**
     * {@link #recordApplied(Connection, StoredChecksum)} followed by {@code COMMIT}, in one round trip: the last step of
     * a script that runs in one transaction.
     */
    public static void recordAppliedAndCommit(Connection connection, StoredChecksum checksum) throws SQLException {
        recordApplied(connection, checksum, true);
    }

    /** Both rows in one statement (the script's row as sem (Ruby) writes it, then ours), then a commit if asked. */
    private static void recordApplied(Connection connection, StoredChecksum checksum, boolean commit)
            throws SQLException {
        checkScriptName(checksum.filename());
        String sql = "WITH \"script\" AS (INSERT INTO " + SCRIPTS + " (\"filename\") SELECT CAST(? AS varchar)"
                + " WHERE NOT EXISTS (SELECT 1 FROM " + SCRIPTS + " WHERE \"filename\" = ?))"
                + " INSERT INTO " + CHECKSUMS + " (\"filename\", \"sha256\", \"normalized_sha256\","
                + " \"normalization_version\", \"chain\", \"origin\", \"artifact\", \"applied_by\", \"duration_ms\")"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (\"filename\") DO NOTHING"
                + (commit ? "; COMMIT" : "");
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, checksum.filename());
            ps.setString(2, checksum.filename());
            bindChecksum(ps, 3, checksum);
            ps.execute();
        }
    }

    /**
     * The query that tells, in the history that exists, whether the file name bound to its one parameter is recorded
     * as applied: one boolean column.
     */
    public static String isRecordedQuery() {
        return "SELECT EXISTS (SELECT 1 FROM " + SCRIPTS + " WHERE \"filename\" = ?)";
    }

    /** The chain value of the script applied last that has one, or {@link Hashes#CHAIN_START} when none has. */
    public static String lastChain(Connection connection) throws SQLException {
        if (!tableExists(connection, "scripts") || !tableExists(connection, "sem_java_script_checksums")) {
            return Hashes.CHAIN_START;
        }
        try (PreparedStatement ps = connection.prepareStatement("SELECT k.\"chain\" FROM " + SCRIPTS + " s JOIN "
                        + CHECKSUMS + " k ON k.\"filename\" = s.\"filename\""
                        + " WHERE k.\"chain\" IS NOT NULL ORDER BY s.\"id\" DESC LIMIT 1");
                ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : Hashes.CHAIN_START;
        }
    }

    /** Every stored checksum, by file name in byte order; empty when the side table does not exist. */
    public static Map<String, StoredChecksum> storedChecksums(Connection connection) throws SQLException {
        if (!tableExists(connection, "sem_java_script_checksums")) {
            return Map.of();
        }
        String sql = "SELECT \"filename\", \"sha256\", \"normalized_sha256\", \"normalization_version\", \"chain\","
                + " \"origin\", \"artifact\", \"applied_by\", \"duration_ms\", \"recorded_at\" FROM " + CHECKSUMS
                + " ORDER BY \"filename\" COLLATE \"C\"";
        Map<String, StoredChecksum> result = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                StoredChecksum c = new StoredChecksum(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getObject(4, Integer.class),
                        rs.getString(5),
                        ChecksumOrigin.fromDb(rs.getString(6)),
                        rs.getString(7),
                        rs.getString(8),
                        rs.getObject(9, Long.class),
                        rs.getObject(10, OffsetDateTime.class));
                result.put(c.filename(), c);
            }
        }
        return Collections.unmodifiableMap(result);
    }

    /**
     * Stores the checksums of a script, unless the script already has a row (a stored checksum is never overwritten
     * silently; see {@link #recordAcceptance}).
     *
     * @return {@code true} if a row was inserted
     */
    public static boolean recordChecksum(Connection connection, StoredChecksum checksum) throws SQLException {
        checkScriptName(checksum.filename());
        String sql = "INSERT INTO " + CHECKSUMS + " (\"filename\", \"sha256\", \"normalized_sha256\","
                + " \"normalization_version\", \"chain\", \"origin\", \"artifact\", \"applied_by\", \"duration_ms\")"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (\"filename\") DO NOTHING";
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            bindChecksum(ps, 1, checksum);
            return ps.executeUpdate() == 1;
        }
    }

    /** Binds the nine values of a checksum row, from parameter {@code first} on. */
    private static void bindChecksum(PreparedStatement ps, int first, StoredChecksum checksum) throws SQLException {
        ps.setString(first, checksum.filename());
        ps.setString(first + 1, checksum.sha256());
        ps.setString(first + 2, checksum.normalizedSha256());
        setInteger(ps, first + 3, checksum.normalizationVersion());
        ps.setString(first + 4, checksum.chain());
        ps.setString(first + 5, checksum.origin().dbValue());
        ps.setString(first + 6, checksum.artifact());
        ps.setString(first + 7, checksum.appliedBy());
        setLong(ps, first + 8, checksum.durationMs());
    }

    /**
     * Records an accepted change and, in the same statement, replaces the stored checksums of the script by the new
     * ones if they still equal {@link ChecksumAcceptance#oldSha256()}. The stored chain value is kept: it documents
     * the history as it was applied.
     *
     * @return {@code true} if the stored checksum was replaced; {@code false} if the script had no stored checksum or
     *     another one (the acceptance is recorded either way)
     */
    public static boolean recordAcceptance(Connection connection, ChecksumAcceptance acceptance) throws SQLException {
        checkScriptName(acceptance.filename());
        String sql = "WITH accepted AS ("
                + " INSERT INTO " + ACCEPTANCES + " (\"filename\", \"old_sha256\", \"new_sha256\","
                + " \"old_normalized_sha256\", \"new_normalized_sha256\", \"normalization_version\", \"reason\","
                + " \"accepted_by\") VALUES (?, ?, ?, ?, ?, ?, ?, COALESCE(?, CAST(current_user AS text)))"
                + " RETURNING \"filename\", \"old_sha256\", \"new_sha256\", \"new_normalized_sha256\","
                + " \"normalization_version\")"
                + " UPDATE " + CHECKSUMS + " AS c SET \"sha256\" = a.\"new_sha256\","
                + " \"normalized_sha256\" = a.\"new_normalized_sha256\","
                + " \"normalization_version\" = a.\"normalization_version\""
                + " FROM accepted a WHERE c.\"filename\" = a.\"filename\" AND c.\"sha256\" = a.\"old_sha256\"";
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, acceptance.filename());
            ps.setString(2, acceptance.oldSha256());
            ps.setString(3, acceptance.newSha256());
            ps.setString(4, acceptance.oldNormalizedSha256());
            ps.setString(5, acceptance.newNormalizedSha256());
            setInteger(ps, 6, acceptance.normalizationVersion());
            ps.setString(7, acceptance.reason());
            ps.setString(8, acceptance.acceptedBy());
            return ps.executeUpdate() == 1;
        }
    }

    /** The accepted changes of one script, oldest first; empty when the side table does not exist. */
    public static List<ChecksumAcceptance> acceptances(Connection connection, String filename) throws SQLException {
        if (!tableExists(connection, "sem_java_checksum_acceptances")) {
            return List.of();
        }
        String sql = "SELECT \"filename\", \"old_sha256\", \"new_sha256\", \"old_normalized_sha256\","
                + " \"new_normalized_sha256\", \"normalization_version\", \"reason\", \"accepted_by\","
                + " \"accepted_at\" FROM " + ACCEPTANCES + " WHERE \"filename\" = ? ORDER BY \"id\"";
        List<ChecksumAcceptance> result = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, filename);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(new ChecksumAcceptance(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getObject(6, Integer.class),
                            rs.getString(7),
                            rs.getString(8),
                            rs.getObject(9, OffsetDateTime.class)));
                }
            }
        }
        return List.copyOf(result);
    }

    // ---------------------------------------------------------------- per-statement progress

    /**
     * The progress rows of every script that is not recorded in {@code scripts} (partly applied by an interrupted
     * run), by file name, each by statement index (one query); empty when the side table is absent.
     */
    public static Map<String, List<StatementProgress>> unfinishedProgress(Connection connection) throws SQLException {
        if (!tableExists(connection, "sem_java_script_progress")) {
            return Map.of();
        }
        String sql = PROGRESS_COLUMNS + " FROM " + PROGRESS + " p WHERE NOT EXISTS (SELECT 1 FROM " + SCRIPTS
                + " s WHERE s.\"filename\" = p.\"filename\") ORDER BY \"filename\", \"statement_index\"";
        Map<String, List<StatementProgress>> result = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                StatementProgress row = progressRow(rs);
                result.computeIfAbsent(row.filename(), k -> new ArrayList<>()).add(row);
            }
        }
        return Collections.unmodifiableMap(result);
    }

    /** The progress rows of one script, by statement index; empty when none or when the side table is absent. */
    public static List<StatementProgress> progress(Connection connection, String filename) throws SQLException {
        if (!tableExists(connection, "sem_java_script_progress")) {
            return List.of();
        }
        String sql = PROGRESS_COLUMNS + " FROM " + PROGRESS + " WHERE \"filename\" = ? ORDER BY \"statement_index\"";
        List<StatementProgress> result = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, filename);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(progressRow(rs));
                }
            }
        }
        return List.copyOf(result);
    }

    /** Inserts or replaces the progress row of one statement ({@code recorded_at} becomes now). */
    public static void recordProgress(Connection connection, StatementProgress progress) throws SQLException {
        checkScriptName(progress.filename());
        String sql = "INSERT INTO " + PROGRESS + " (\"filename\", \"statement_index\", \"statement_sha256\","
                + " \"status\", \"duration_ms\", \"retries\", \"sqlstate\", \"message\", \"statement_count\","
                + " \"file_sha256\", \"artifact\") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (\"filename\", \"statement_index\") DO UPDATE SET"
                + " \"statement_sha256\" = EXCLUDED.\"statement_sha256\", \"status\" = EXCLUDED.\"status\","
                + " \"duration_ms\" = EXCLUDED.\"duration_ms\", \"retries\" = EXCLUDED.\"retries\","
                + " \"sqlstate\" = EXCLUDED.\"sqlstate\", \"message\" = EXCLUDED.\"message\","
                + " \"statement_count\" = EXCLUDED.\"statement_count\", \"file_sha256\" = EXCLUDED.\"file_sha256\","
                + " \"artifact\" = EXCLUDED.\"artifact\", \"recorded_at\" = now()";
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, progress.filename());
            ps.setInt(2, progress.statementIndex());
            ps.setString(3, progress.statementSha256());
            ps.setString(4, progress.status().dbValue());
            setLong(ps, 5, progress.durationMs());
            ps.setInt(6, progress.retries());
            ps.setString(7, progress.sqlstate());
            ps.setString(8, progress.message());
            setInteger(ps, 9, progress.statementCount());
            ps.setString(10, progress.fileSha256());
            ps.setString(11, progress.artifact());
            ps.executeUpdate();
        }
    }

    private static final String PROGRESS_COLUMNS = "SELECT \"filename\", \"statement_index\", \"statement_sha256\","
            + " \"status\", \"duration_ms\", \"retries\", \"sqlstate\", \"message\", \"statement_count\","
            + " \"file_sha256\", \"artifact\", \"recorded_at\"";

    private static StatementProgress progressRow(ResultSet rs) throws SQLException {
        return new StatementProgress(
                rs.getString(1),
                rs.getInt(2),
                rs.getString(3),
                ProgressStatus.fromDb(rs.getString(4)),
                rs.getObject(5, Long.class),
                rs.getInt(6),
                rs.getString(7),
                rs.getString(8),
                rs.getObject(9, Integer.class),
                rs.getString(10),
                rs.getString(11),
                rs.getObject(12, OffsetDateTime.class));
    }

    // ---------------------------------------------------------------- helpers

    /** Whether {@code schema_evolution_manager.<table>} exists (any relation kind). */
    static boolean tableExists(Connection connection, String table) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_class c"
                + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ?)")) {
            ps.setString(1, SCHEMA);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static Set<String> names(Connection connection, String sql) throws SQLException {
        Set<String> result = new LinkedHashSet<>();
        try (PreparedStatement ps = connection.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                result.add(rs.getString(1));
            }
        }
        return Collections.unmodifiableSet(result);
    }

    private static void setInteger(PreparedStatement ps, int index, Integer value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setInt(index, value);
        }
    }

    private static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value);
        }
    }
}
