package dev.sem.apply;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.sem.EngineLog;
import dev.sem.sql.SqlStatement;
import dev.sem.sql.StatementKind;

/**
 * What an interrupted or timed-out {@code CREATE INDEX CONCURRENTLY} leaves behind: the index it names, whether that
 * index is valid, and dropping an INVALID one (concurrently) so that the statement can run again.
 */
final class ConcurrentIndexes {

    private static final Pattern CIC_NAME = Pattern.compile(
            "^\\s*create\\s+(unique\\s+)?index\\s+concurrently\\s+(if\\s+not\\s+exists\\s+)?(\"(?:[^\"]|\"\")+\"|[a-z_][a-z0-9_$]*)"
                    + "\\s+on\\s+(only\\s+)?((\"(?:[^\"]|\"\")+\"|[a-z_][a-z0-9_$]*)\\.)?",
            Pattern.CASE_INSENSITIVE);

    private final StatementRunner runner;
    private final EngineLog log;

    ConcurrentIndexes(StatementRunner runner, EngineLog log) {
        this.runner = runner;
        this.log = log;
    }

    /** The (possibly schema-qualified, quoted) index name a CIC creates, or null. */
    static String nameCreatedBy(SqlStatement statement) {
        if (statement.kind() != StatementKind.NON_TRANSACTIONAL) {
            return null;
        }
        Matcher m = CIC_NAME.matcher(statement.sql());
        if (!m.find()) {
            return null;
        }
        String name = m.group(3);
        String schema = m.group(6);
        return schema == null ? name : schema + "." + name;
    }

    /** Whether the index is valid; null when it does not exist or cannot be read. */
    Boolean validity(String qualifiedName) {
        try (PreparedStatement ps = runner.connection()
                .prepareStatement("SELECT i.indisvalid FROM pg_index i WHERE i.indexrelid = to_regclass(?)")) {
            ps.setString(1, qualifiedName);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getBoolean(1) : null;
            }
        } catch (SQLException e) {
            return null;
        }
    }

    /** Drops the index concurrently, if it exists; a failure is a warning (the retry reports what matters). */
    void dropConcurrently(String qualifiedName) {
        try (PreparedStatement ps = runner.connection()
                .prepareStatement("SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c"
                        + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = to_regclass(?)")) {
            ps.setString(1, qualifiedName);
            String quoted;
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return;
                }
                quoted = rs.getString(1);
            }
            runner.control("DROP INDEX CONCURRENTLY IF EXISTS " + quoted);
        } catch (SQLException e) {
            log.warn("  could not drop the INVALID index " + qualifiedName + ": " + e.getMessage());
        }
    }

    /** A CIC that timed out may leave an INVALID index behind; drop it before retrying. */
    void dropInvalidLeftBy(SqlStatement statement) {
        String name = nameCreatedBy(statement);
        if (name != null && Boolean.FALSE.equals(validity(name))) {
            dropConcurrently(name);
        }
    }
}
