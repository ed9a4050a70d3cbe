package dev.sem.apply;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What the apply engine reads from and writes to the history schema. Every call uses the given connection. */
interface HistoryStore {

    /** A stored checksum of an applied script; {@code normalizedSha256} and {@code chain} may be null. */
    record StoredChecksum(String filename, String sha256, String normalizedSha256, String normalizationVersion) {}

    /** What is recorded with a newly applied script. */
    record AppliedScript(
            String filename,
            String sha256,
            String normalizedSha256,
            String normalizationVersion,
            String chain,
            String artifact,
            String appliedBy,
            long durationMs,
            String origin) {}

    /** Per-statement progress of a {@code transaction = none} script. */
    record Progress(int index, String sha256, String status) {}

    boolean schemaExists(Connection c) throws SQLException;

    Set<String> applied(Connection c) throws SQLException;

    boolean isRecorded(Connection c, String filename) throws SQLException;

    Map<String, StoredChecksum> checksums(Connection c) throws SQLException;

    /** The chain value of the script applied last, or 64 zeros when none has one. */
    String lastChain(Connection c) throws SQLException;

    Optional<String> latestVersion(Connection c) throws SQLException;

    boolean recordVersionIfChanged(Connection c, String version) throws SQLException;

    /** Records the script in sem's table and its checksum in ours, in the caller's transaction. */
    void recordApplied(Connection c, AppliedScript script) throws SQLException;

    /** Stores (adopts or replaces) the checksum of an already applied script. */
    void storeChecksum(Connection c, AppliedScript script) throws SQLException;

    /** Records an accepted change (who, why, both hashes) and replaces the stored checksums with the new ones. */
    void recordAcceptance(
            Connection c,
            String filename,
            String oldSha,
            String newSha,
            String newNormalizedSha,
            String reason,
            String actor)
            throws SQLException;

    /** Progress rows of every partly applied script, by file name (one query). */
    Map<String, List<Progress>> progress(Connection c) throws SQLException;

    void markStatement(
            Connection c,
            String filename,
            int index,
            String sha256,
            String status,
            Long durationMs,
            int retries,
            String sqlState,
            String message)
            throws SQLException;

    /** SQL with literal values that records an applied script, for the dry-run file. */
    String recordAppliedSql(AppliedScript script);

    /** SQL with a literal value that records a version when it differs from the latest, for the dry-run file. */
    String recordVersionSql(String version);

    /** SQL with a literal value that records a bootstrap entry, for the dry-run file. */
    String recordBootstrapSql(String entry);

    /** The bootstrap entries not yet recorded, with their SQL (for dry runs). */
    List<Map.Entry<String, String>> pendingBootstrap(Connection c) throws SQLException;

    /** Runs the bootstrap entries not yet recorded; returns their names and warnings. */
    List<String> bootstrap(Connection c, java.util.function.Consumer<String> warnings) throws SQLException;
}
