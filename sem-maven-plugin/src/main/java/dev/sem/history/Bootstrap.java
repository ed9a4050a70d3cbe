package dev.sem.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Creates and upgrades the sem history schema {@code schema_evolution_manager} (spec §3.2).
 *
 * <p>Runs, in name order, every entry of {@link #entries()} whose name is not in {@code bootstrap_scripts}: first the
 * three upstream entries of sem (Ruby) 0.9.58, then the Java-only ones. Each entry runs in one transaction together
 * with its {@code bootstrap_scripts} row. Before anything runs, the schema's state is checked:
 *
 * <ul>
 *   <li>schema absent, or present but empty: fresh, every entry runs;
 *   <li>objects but no {@code bootstrap_scripts} table, or one of sem's three tables with other columns: {@link
 *       BootstrapException}, nothing is changed;
 *   <li>rows in {@code bootstrap_scripts} this tool does not know (a newer sem (Ruby)): warnings, and it goes on.
 * </ul>
 *
 * <p>Not thread-safe with respect to other runs: the caller holds the apply lock.
 */
public final class Bootstrap {

    /** sem (Ruby) 0.9.58: the schema, {@code scripts} and {@code bootstrap_scripts}. */
    public static final String SCHEMA_ENTRY = "20130318-105434.sql";

    /** sem (Ruby) 0.9.58: the 12 helper functions. */
    public static final String HELPERS_ENTRY = "20130318-105456.sql";

    /** sem (Ruby) 0.9.58: the {@code versions} table. */
    public static final String VERSIONS_ENTRY = "20260717-000000.sql";

    /** Java-only: the 12 helper functions re-created with the quoting rule of spec §3.3. */
    public static final String HARDENED_HELPERS_ENTRY = "20261121-090000.sql";

    /** Java-only: the {@code sem_java_*} side tables (checksums, acceptances, per-statement progress). */
    public static final String SIDE_TABLES_ENTRY = "20261121-090100.sql";

    private static final List<BootstrapEntry> ENTRIES = List.of(
            new BootstrapEntry(
                    SCHEMA_ENTRY,
                    BootstrapSql.SCHEMA_AND_TABLES,
                    true,
                    "schema schema_evolution_manager with tables scripts and bootstrap_scripts"),
            new BootstrapEntry(HELPERS_ENTRY, BootstrapSql.HARDENED_HELPERS, true, "the 12 helper functions"),
            new BootstrapEntry(VERSIONS_ENTRY, BootstrapSql.VERSIONS, true, "table versions"),
            new BootstrapEntry(
                    HARDENED_HELPERS_ENTRY,
                    BootstrapSql.HARDENED_HELPERS,
                    false,
                    "the 12 helper functions re-created with quoted identifiers"),
            new BootstrapEntry(
                    SIDE_TABLES_ENTRY,
                    BootstrapSql.SIDE_TABLES,
                    false,
                    "side tables sem_java_script_checksums, sem_java_checksum_acceptances, sem_java_script_progress"));

    private static final String BOOTSTRAP_TABLE = "bootstrap_scripts";

    /** The columns of sem's tables: name → type as {@code format_type} prints it; all are NOT NULL. */
    private static final Map<String, Map<String, String>> SEM_TABLES = semTables();

    private Bootstrap() {}

    /** Every entry, upstream first, in the order they run. */
    public static List<BootstrapEntry> entries() {
        return ENTRIES;
    }

    /**
     * What {@link #run} would do, without writing anything: the pending entries and the warnings. On an autocommit
     * connection the catalog is read in a read-only transaction that is rolled back afterwards; inside a caller's
     * transaction it only runs queries and leaves the transaction alone.
     *
     * @throws BootstrapException if the schema is in a state that {@link #run} would refuse
     */
    public static BootstrapResult plan(Connection connection) throws SQLException {
        if (!connection.getAutoCommit()) {
            State state = inspect(connection);
            return new BootstrapResult(state.pending(), state.warnings());
        }
        connection.setAutoCommit(false);
        try {
            try (Statement s = connection.createStatement()) {
                s.execute("SET TRANSACTION READ ONLY");
            }
            State state = inspect(connection);
            return new BootstrapResult(state.pending(), state.warnings());
        } finally {
            connection.rollback();
            connection.setAutoCommit(true);
        }
    }

    /**
     * Runs the pending entries, each in its own transaction with its {@code bootstrap_scripts} row.
     *
     * @param connection an autocommit connection; left in autocommit mode, with its session settings unchanged
     * @return the entries that ran and the warnings
     * @throws BootstrapException if the schema is in a state sem did not leave (then nothing is changed), or an entry
     *     fails (then that entry is rolled back and not recorded; entries before it stay)
     */
    public static BootstrapResult run(Connection connection) throws SQLException {
        if (!connection.getAutoCommit()) {
            throw new IllegalStateException("Bootstrap.run needs a connection in autocommit mode");
        }
        State state = inspect(connection);
        List<BootstrapEntry> ran = new ArrayList<>();
        for (BootstrapEntry entry : state.pending()) {
            runEntry(connection, entry);
            ran.add(entry);
        }
        return new BootstrapResult(ran, state.warnings());
    }

    private static void runEntry(Connection connection, BootstrapEntry entry) throws SQLException {
        connection.setAutoCommit(false);
        try {
            try (Statement s = connection.createStatement()) {
                s.execute(entry.sql());
            }
            History.recordBootstrapEntry(connection, entry.name());
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw new BootstrapException(
                    "Bootstrap entry " + entry.name() + " (" + entry.description() + ") failed and was not recorded: "
                            + oneLine(e),
                    e);
        } catch (RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /** The server's message and hint, on one line. */
    static String oneLine(SQLException e) {
        if (e instanceof PSQLException pe && pe.getServerErrorMessage() != null) {
            ServerErrorMessage m = pe.getServerErrorMessage();
            String text = m.getMessage() + (m.getSQLState() == null ? "" : " [SQLSTATE " + m.getSQLState() + "]");
            if (m.getHint() != null) {
                text += " " + m.getHint();
            }
            return text.replaceAll("\\s*\\R\\s*", " ");
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replaceAll("\\s*\\R\\s*", " ");
    }

    private record State(List<BootstrapEntry> pending, List<String> warnings) {}

    private static State inspect(Connection connection) throws SQLException {
        Long objects = schemaObjectCount(connection);
        if (objects == null || objects == 0) {
            // Absent, or pre-created empty (for example by an administrator to set grants): fresh.
            return new State(ENTRIES, List.of());
        }
        Map<String, TableShape> tables = semTableShapes(connection);
        if (!tables.containsKey(BOOTSTRAP_TABLE)) {
            throw new BootstrapException("Schema " + History.SCHEMA + " contains " + objects
                    + " object(s) but no bootstrap_scripts table, so sem did not create it:"
                    + " move those objects to another schema or drop the schema, then run again");
        }
        for (Map.Entry<String, TableShape> table : tables.entrySet()) {
            Map<String, String> expected = SEM_TABLES.get(table.getKey());
            TableShape actual = table.getValue();
            if (!actual.isTable() || !actual.columns().equals(expectedShape(expected))) {
                throw new BootstrapException("Table " + History.SCHEMA + "." + table.getKey() + " has "
                        + (actual.isTable() ? "columns " + describe(actual.columns()) : "relkind " + actual.relkind())
                        + " but sem expects the table " + describe(expectedShape(expected))
                        + ": restore sem's definition or rename that relation, then run again");
            }
        }
        Set<String> recorded = History.bootstrapEntries(connection);
        if (recorded.contains(SCHEMA_ENTRY) && !tables.containsKey("scripts")) {
            throw new BootstrapException("Bootstrap entry " + SCHEMA_ENTRY + " is recorded but table "
                    + History.SCHEMA + ".scripts is missing: restore it (or delete that bootstrap_scripts row),"
                    + " then run again");
        }
        if (recorded.contains(VERSIONS_ENTRY) && !tables.containsKey("versions")) {
            throw new BootstrapException("Bootstrap entry " + VERSIONS_ENTRY + " is recorded but table "
                    + History.SCHEMA + ".versions is missing: restore it (or delete that bootstrap_scripts row),"
                    + " then run again");
        }
        List<BootstrapEntry> pending = new ArrayList<>();
        Set<String> known = new LinkedHashSet<>();
        for (BootstrapEntry entry : ENTRIES) {
            known.add(entry.name());
            if (!recorded.contains(entry.name())) {
                pending.add(entry);
            }
        }
        List<String> warnings = new ArrayList<>();
        for (String name : recorded) {
            if (!known.contains(name)) {
                warnings.add("Unknown bootstrap entry " + name + " in " + History.SCHEMA + "." + BOOTSTRAP_TABLE
                        + " (probably from a newer sem (Ruby)); ignored");
            }
        }
        return new State(pending, warnings);
    }

    /** The number of objects in the schema, or {@code null} when the schema does not exist. */
    private static Long schemaObjectCount(Connection connection) throws SQLException {
        String sql = """
                SELECT (SELECT count(*) FROM pg_catalog.pg_class WHERE relnamespace = n.oid)
                     + (SELECT count(*) FROM pg_catalog.pg_proc WHERE pronamespace = n.oid)
                     + (SELECT count(*) FROM pg_catalog.pg_type WHERE typnamespace = n.oid)
                     + (SELECT count(*) FROM pg_catalog.pg_depend
                         WHERE refclassid = 'pg_catalog.pg_namespace'::regclass AND refobjid = n.oid)
                  FROM pg_catalog.pg_namespace n
                 WHERE n.nspname = ?
                """;
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, History.SCHEMA);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    private record TableShape(String relkind, Map<String, String> columns) {
        boolean isTable() {
            return relkind.equals("r") || relkind.equals("p");
        }
    }

    private static Map<String, TableShape> semTableShapes(Connection connection) throws SQLException {
        String sql = """
                SELECT c.relname, c.relkind::text, a.attname,
                       pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull
                  FROM pg_catalog.pg_class c
                  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                  LEFT JOIN pg_catalog.pg_attribute a
                    ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                 WHERE n.nspname = ? AND c.relname = ANY (?)
                 ORDER BY c.relname, a.attnum
                """;
        Map<String, TableShape> shapes = new TreeMap<>();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, History.SCHEMA);
            ps.setArray(2, connection.createArrayOf("text", SEM_TABLES.keySet().toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String table = rs.getString(1);
                    TableShape shape = shapes.get(table);
                    if (shape == null) {
                        shape = new TableShape(rs.getString(2), new LinkedHashMap<>());
                        shapes.put(table, shape);
                    }
                    String column = rs.getString(3);
                    if (column != null) {
                        shape.columns().put(column, rs.getString(4) + (rs.getBoolean(5) ? " not null" : " null"));
                    }
                }
            }
        }
        return shapes;
    }

    private static Map<String, String> expectedShape(Map<String, String> columns) {
        Map<String, String> shape = new LinkedHashMap<>();
        columns.forEach((name, type) -> shape.put(name, type + " not null"));
        return shape;
    }

    private static String describe(Map<String, String> columns) {
        List<String> parts = new ArrayList<>();
        columns.forEach((name, type) -> parts.add(name + " " + type));
        return "(" + String.join(", ", parts) + ")";
    }

    private static Map<String, Map<String, String>> semTables() {
        Map<String, Map<String, String>> tables = new LinkedHashMap<>();
        for (String table : List.of("scripts", BOOTSTRAP_TABLE, "versions")) {
            Map<String, String> columns = new LinkedHashMap<>();
            columns.put("id", "bigint");
            columns.put(table.equals("versions") ? "version" : "filename", "character varying(100)");
            columns.put("created_at", "timestamp with time zone");
            tables.put(table, Collections.unmodifiableMap(columns));
        }
        return Collections.unmodifiableMap(tables);
    }
}
