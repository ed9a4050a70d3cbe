package dev.sem.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import dev.sem.ContainedFiles;
import dev.sem.SemException;
import dev.sem.db.ConnectionFactory;
import dev.sem.db.ConnectionSettings;
import dev.sem.db.DatabaseUrl;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A targets file: the {@code connection_sets} of pgpm's global config (spec §3.2), read from a JSON file. Other
 * top-level keys (pgpm's {@code email}, {@code issue-tracker}) are ignored. Everything is validated when the file is
 * read; RESDB queries run only in {@link #select(Selection, Function)}. The file holds no passwords: credentials are
 * resolved per host as for a single database.
 */
public final class TargetFile {

    /** The port of an entry without one. */
    public static final int DEFAULT_PORT = 5432;

    static final String NO_PASSWORDS =
            "no passwords in the targets file; use settings.xml servers, PGPASSWORD or ~/.pgpass";

    private static final String COLUMNS = "host, port, dbname, environment, product, unique_name";

    private static final Pattern PORT_TEXT = Pattern.compile("\\d{1,9}");

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** A set of the file. */
    private sealed interface TargetSet permits ListSet, ResdbSet {
        String name();

        String where();
    }

    private record ListSet(String name, String where, List<Entry> entries) implements TargetSet {}

    private record ResdbSet(String name, String where, String connectionString, String query) implements TargetSet {}

    /** A target and where it was defined, for messages. */
    private record Entry(Target target, String where) {}

    private final Path file;
    private final String shown;
    private final List<TargetSet> sets;

    private TargetFile(Path file, String shown, List<TargetSet> sets) {
        this.file = file;
        this.shown = shown;
        this.sets = List.copyOf(sets);
    }

    /**
     * Reads and validates a targets file. Runs no query.
     *
     * @throws TargetsException for the first problem, naming the file, the set (by name, else by index) and the entry
     */
    public static TargetFile read(Path file) {
        Objects.requireNonNull(file, "file");
        ContainedFiles.Checked checked = ContainedFiles.checkRegular(file);
        if (checked.problem() != ContainedFiles.Problem.MISSING && !checked.ok()) {
            throw new TargetsException(
                    file + " " + checked.describe(file) + "; name the targets file, a regular JSON file");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new TargetsException(file + ": no such file; check the path of the targets file");
        } catch (IOException e) {
            throw TargetsException.unreadable(file + ": cannot read the targets file: " + e, e);
        }
        return new Reader(file.toString()).read(file, bytes);
    }

    /**
     * Reads targets given as JSON in the file's format from elsewhere (targets declared in a POM), validated as a file.
     *
     * @param shown how messages name the source, such as {@code pom.xml <targets>}
     */
    public static TargetFile parse(String shown, byte[] json) {
        return new Reader(shown).read(Path.of("."), json);
    }

    /** The file it was read from. */
    public Path file() {
        return file;
    }

    /** The names of the sets, in file order. */
    public List<String> setNames() {
        return sets.stream().map(TargetSet::name).toList();
    }

    /**
     * The targets of {@code selection}: the entries whose environment and product match, then the unique names kept
     * ({@code only}) or removed ({@code except}) — when names are listed, entries without a unique name are dropped
     * as pgpm does — then the shard. The order is the file's order of sets; within a set, the file's order (LIST) or
     * the query's row order (RESDB). Each RESDB set's query runs once, here, in a read-only transaction that is
     * rolled back.
     *
     * @param resdbSettings the connection settings of a RESDB set's {@code connection_string} (credentials resolved
     *     as for a single database)
     * @throws TargetsException for a failed RESDB query or invalid row, a listed name that matches no entry, or an
     *     empty result
     * @throws SemException when a resource database cannot be reached
     */
    public List<Target> select(Selection selection, Function<String, ConnectionSettings> resdbSettings) {
        Objects.requireNonNull(selection, "selection");
        List<Entry> all = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        for (TargetSet set : sets) {
            if (set instanceof ListSet list) {
                for (Entry e : list.entries()) {
                    if (e.target().uniqueName() != null) {
                        names.put(e.target().uniqueName(), e.where());
                    }
                }
            }
        }
        for (TargetSet set : sets) {
            if (set instanceof ListSet list) {
                all.addAll(list.entries());
            } else if (set instanceof ResdbSet resdb) {
                for (Entry e : query(resdb, resdbSettings)) {
                    String name = e.target().uniqueName();
                    if (name != null) {
                        String before = names.putIfAbsent(name, e.where());
                        if (before != null) {
                            throw duplicate(shown, e.where(), name, before);
                        }
                    }
                    all.add(e);
                }
            }
        }
        List<Target> matching = new ArrayList<>();
        for (Entry e : all) {
            Target t = e.target();
            if ((selection.environment() == null || selection.environment().equals(t.environment()))
                    && (selection.product() == null || selection.product().equals(t.product()))) {
                matching.add(t);
            }
        }
        checkNames("only", selection.only(), matching, selection);
        checkNames("except", selection.except(), matching, selection);
        Set<String> only = Set.copyOf(selection.only());
        Set<String> except = Set.copyOf(selection.except());
        List<Target> selected = new ArrayList<>();
        for (Target t : matching) {
            if (t.uniqueName() == null && selection.namesGiven()) {
                continue; // pgpm: with a name list, entries without a unique name are dropped
            }
            if (!only.isEmpty() && !only.contains(t.uniqueName())) {
                continue;
            }
            if (t.uniqueName() != null && except.contains(t.uniqueName())) {
                continue;
            }
            if (selection.shard() != null && !selection.shard().contains(t)) {
                continue;
            }
            selected.add(t);
        }
        if (selected.isEmpty()) {
            String what = selection.describe();
            throw new TargetsException(
                    what.isEmpty() ? "no target in " + shown : "no target matches " + what + " in " + shown);
        }
        return List.copyOf(selected);
    }

    private void checkNames(String option, List<String> listed, List<Target> matching, Selection selection) {
        Set<String> known = new LinkedHashSet<>();
        for (Target t : matching) {
            if (t.uniqueName() != null) {
                known.add(t.uniqueName());
            }
        }
        List<String> unknown = new ArrayList<>();
        for (String name : listed) {
            if (!known.contains(name) && !unknown.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            String scope = selection.environment() == null && selection.product() == null
                    ? ""
                    : " with" + (selection.environment() == null ? "" : " environment=" + selection.environment())
                            + (selection.product() == null ? "" : " product=" + selection.product());
            throw new TargetsException(option + ": no target" + scope + " in " + shown + " has the unique_name "
                    + String.join(", ", unknown) + "; check the spelling (known: "
                    + (known.isEmpty() ? "none" : String.join(", ", known)) + ")");
        }
    }

    private List<Entry> query(ResdbSet set, Function<String, ConnectionSettings> resdbSettings) {
        Objects.requireNonNull(resdbSettings, "resdbSettings");
        ConnectionSettings settings = resdbSettings.apply(set.connectionString());
        String where = shown + ": " + set.where();
        List<Entry> entries = new ArrayList<>();
        try (Connection c =
                new ConnectionFactory(settings).open("the RESDB query of " + set.where() + " in " + shown)) {
            // In a read-only transaction: pgjdbc enforces setReadOnly only outside autocommit.
            c.setAutoCommit(false);
            c.setReadOnly(true);
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery(set.query())) {
                Map<String, Integer> columns = columns(rs.getMetaData(), where);
                int row = 0;
                while (rs.next()) {
                    row++;
                    String at = set.where() + ", row " + row;
                    Map<String, Object> values = new LinkedHashMap<>();
                    for (Map.Entry<String, Integer> col : columns.entrySet()) {
                        values.put(col.getKey(), rs.getObject(col.getValue()));
                    }
                    entries.add(new Entry(Reader.target(shown, at, set.name(), values), at));
                }
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            String message = String.valueOf(e.getMessage()).strip();
            int newline = message.indexOf('\n');
            if (newline >= 0) {
                message = message.substring(0, newline).strip(); // drop the driver's "Position: n" line
            }
            throw new TargetsException(
                    where + ": the RESDB query failed: " + settings.redact(message)
                            + "; fix the query (payload) so that it returns " + COLUMNS,
                    e);
        }
        return entries;
    }

    private static Map<String, Integer> columns(ResultSetMetaData meta, String where) throws SQLException {
        Map<String, Integer> columns = new LinkedHashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            String label = meta.getColumnLabel(i).toLowerCase(Locale.ROOT);
            if (label.contains("password")) {
                throw new TargetsException(
                        where + ": the RESDB query returns a column " + meta.getColumnLabel(i) + "; " + NO_PASSWORDS);
            }
            columns.putIfAbsent(label, i);
        }
        for (String required : List.of("host", "dbname")) {
            if (!columns.containsKey(required)) {
                throw new TargetsException(where + ": the RESDB query returns no " + required + " column; return "
                        + COLUMNS + " (port, environment, product and unique_name may be left out)");
            }
        }
        return columns;
    }

    private static TargetsException duplicate(String shown, String where, String name, String before) {
        return new TargetsException(shown + ": " + where + ": unique_name \"" + name + "\" is already used by " + before
                + "; give each entry its own unique_name");
    }

    /** Reads one file; {@code shown} names it in messages. */
    private static final class Reader {

        private final String shown;

        Reader(String shown) {
            this.shown = shown;
        }

        TargetFile read(Path file, byte[] bytes) {
            JsonNode root;
            try {
                root = JSON.readTree(bytes);
            } catch (JacksonException e) {
                TokenStreamLocation at = e.getLocation();
                String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
                String why = String.valueOf(e.getOriginalMessage()).replaceAll("\\s+", " ");
                throw new TargetsException(shown + ": invalid JSON" + where + " (" + why + "); fix the syntax");
            }
            if (root == null || !root.isObject()) {
                throw new TargetsException(shown + ": the targets file must be one JSON object such as"
                        + " {\"connection_sets\": [{\"name\": \"prod\", \"type\": \"LIST\", \"payload\": []}]}");
            }
            JsonNode list = root.get("connection_sets");
            if (list == null || list.isNull()) {
                throw new TargetsException(shown + ": no connection_sets; add a list of sets such as"
                        + " \"connection_sets\": [{\"name\": \"prod\", \"type\": \"LIST\", \"payload\": []}]");
            }
            if (!list.isArray()) {
                throw new TargetsException(shown + ": connection_sets must be a list of sets such as"
                        + " [{\"name\": \"prod\", \"type\": \"LIST\", \"payload\": []}]");
            }
            List<TargetSet> sets = new ArrayList<>();
            Map<String, String> setNames = new HashMap<>();
            Map<String, String> uniqueNames = new HashMap<>();
            for (int i = 0; i < list.size(); i++) {
                TargetSet set = set(i, list.get(i));
                String before = setNames.putIfAbsent(set.name(), "connection_sets[" + i + "]");
                if (before != null) {
                    throw new TargetsException(shown + ": connection_sets[" + i + "]: the set name \"" + set.name()
                            + "\" is already used by " + before + "; give each set its own name");
                }
                if (set instanceof ListSet ls) {
                    for (Entry e : ls.entries()) {
                        String name = e.target().uniqueName();
                        if (name != null) {
                            String first = uniqueNames.putIfAbsent(name, e.where());
                            if (first != null) {
                                throw duplicate(shown, e.where(), name, first);
                            }
                        }
                    }
                }
                sets.add(set);
            }
            return new TargetFile(file, shown, sets);
        }

        private TargetSet set(int i, JsonNode node) {
            String at = "connection_sets[" + i + "]";
            if (!node.isObject()) {
                throw new TargetsException(shown + ": " + at + ": a set must be an object such as"
                        + " {\"name\": \"prod\", \"type\": \"LIST\", \"payload\": []}");
            }
            JsonNode nameNode = node.get("name");
            if (nameNode == null
                    || nameNode.isNull()
                    || !nameNode.isString()
                    || nameNode.stringValue().isBlank()) {
                throw new TargetsException(shown + ": " + at + ": no name; give the set a \"name\", such as \"prod\"");
            }
            String name = nameNode.stringValue();
            String where = "connection set \"" + name + "\"";
            JsonNode typeNode = node.get("type");
            String type = typeNode != null && typeNode.isString() ? typeNode.stringValue() : null;
            if (type == null) {
                throw new TargetsException(
                        shown + ": " + where + ": no type; give \"type\": \"LIST\" or \"type\": \"RESDB\"");
            }
            return switch (type) {
                case "LIST" -> listSet(name, where, node.get("payload"));
                case "RESDB" -> resdbSet(name, where, node);
                default ->
                    throw new TargetsException(
                            shown + ": " + where + ": unknown type \"" + type + "\"; use \"LIST\" or \"RESDB\"");
            };
        }

        private ListSet listSet(String name, String where, JsonNode payload) {
            if (payload == null || !payload.isArray()) {
                throw new TargetsException(shown + ": " + where + ": a LIST set needs a \"payload\" list of entries"
                        + " such as {\"host\": \"db1\", \"port\": 5432, \"dbname\": \"shop\", \"environment\": \"prod\","
                        + " \"product\": \"shop\", \"unique_name\": \"shop-1\"}");
            }
            List<Entry> entries = new ArrayList<>();
            for (int j = 0; j < payload.size(); j++) {
                String at = where + ", payload[" + j + "]";
                JsonNode entry = payload.get(j);
                if (!entry.isObject()) {
                    throw new TargetsException(shown + ": " + at + ": an entry must be an object such as"
                            + " {\"host\": \"db1\", \"dbname\": \"shop\"}");
                }
                if (hasPasswordKey(entry)) {
                    throw new TargetsException(shown + ": " + at + ": a password key is refused: " + NO_PASSWORDS);
                }
                Map<String, Object> values = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> p : entry.properties()) {
                    values.put(p.getKey(), p.getValue());
                }
                entries.add(new Entry(target(shown, at, name, values), at));
            }
            return new ListSet(name, where, entries);
        }

        private ResdbSet resdbSet(String name, String where, JsonNode node) {
            JsonNode cs = node.get("connection_string");
            if (cs == null || !cs.isString() || cs.stringValue().isBlank()) {
                throw new TargetsException(shown + ": " + where + ": a RESDB set needs a \"connection_string\" of the"
                        + " resource database, such as \"host=resdb port=5432 dbname=fleet\"");
            }
            DatabaseUrl url;
            try {
                url = DatabaseUrl.parse(cs.stringValue());
            } catch (SemException e) {
                throw new TargetsException(shown + ": " + where + ": invalid connection_string: " + e.getMessage(), e);
            }
            boolean password = url.hasPassword();
            for (String key : url.parameters().keySet()) {
                password |= key.toLowerCase(Locale.ROOT).contains("password");
            }
            if (password) {
                throw new TargetsException(
                        shown + ": " + where + ": the connection_string has a password, refused: " + NO_PASSWORDS);
            }
            if (hasPasswordKey(node)) {
                throw new TargetsException(shown + ": " + where + ": a password key is refused: " + NO_PASSWORDS);
            }
            JsonNode query = node.get("payload");
            if (query == null || !query.isString() || query.stringValue().isBlank()) {
                throw new TargetsException(shown + ": " + where + ": a RESDB set needs a \"payload\" SQL query"
                        + " returning " + COLUMNS + ", such as \"SELECT " + COLUMNS + " FROM fleet\"");
            }
            return new ResdbSet(name, where, cs.stringValue(), query.stringValue());
        }

        private static boolean hasPasswordKey(JsonNode node) {
            if (node.isObject()) {
                for (Map.Entry<String, JsonNode> p : node.properties()) {
                    if (p.getKey().toLowerCase(Locale.ROOT).contains("password") || hasPasswordKey(p.getValue())) {
                        return true;
                    }
                }
            } else if (node.isArray()) {
                for (JsonNode child : node) {
                    if (hasPasswordKey(child)) {
                        return true;
                    }
                }
            }
            return false;
        }

        /**
         * A target from an entry's values: JSON nodes (LIST) or JDBC values (RESDB rows).
         *
         * @param at where the entry is, such as {@code connection set "prod", payload[2]}
         */
        static Target target(String shown, String at, String set, Map<String, Object> values) {
            for (String key : values.keySet()) {
                if (key.toLowerCase(Locale.ROOT).contains("password")) {
                    throw new TargetsException(shown + ": " + at + ": a password key is refused: " + NO_PASSWORDS);
                }
            }
            String prefix = shown + ": " + at + ": ";
            String host = text(prefix, values, "host");
            if (host == null || host.isBlank()) {
                throw new TargetsException(prefix + "no host; give \"host\", such as \"db1.example.com\"");
            }
            String dbname = text(prefix, values, "dbname");
            if (dbname == null || dbname.isBlank()) {
                throw new TargetsException(prefix + "no dbname; give \"dbname\", the database name");
            }
            int port = port(prefix, values.get("port"));
            String uniqueName = text(prefix, values, "unique_name");
            if (uniqueName != null && uniqueName.isBlank()) {
                throw new TargetsException(prefix + "unique_name is empty; give a name or leave it out");
            }
            return new Target(
                    uniqueName,
                    host,
                    port,
                    dbname,
                    text(prefix, values, "environment"),
                    text(prefix, values, "product"),
                    set);
        }

        private static String text(String prefix, Map<String, Object> values, String key) {
            Object v = values.get(key);
            if (v == null || v instanceof JsonNode n && n.isNull()) {
                return null;
            }
            if (v instanceof JsonNode n) {
                if (!n.isString()) {
                    throw new TargetsException(prefix + key + " " + n + " is not a string; write it in quotes");
                }
                return n.stringValue();
            }
            return v.toString();
        }

        private static int port(String prefix, Object v) {
            if (v == null || v instanceof JsonNode n && n.isNull()) {
                return DEFAULT_PORT;
            }
            String shownValue;
            String digits;
            if (v instanceof JsonNode n) {
                shownValue = n.toString();
                digits = n.isIntegralNumber() ? n.bigIntegerValue().toString() : n.isString() ? n.stringValue() : "";
            } else if (v instanceof Number number) {
                shownValue = number.toString();
                digits = v instanceof Integer || v instanceof Long || v instanceof Short ? number.toString() : "";
            } else {
                shownValue = "\"" + v + "\"";
                digits = v.toString();
            }
            String d = digits.strip();
            if (PORT_TEXT.matcher(d).matches()) {
                int port = Integer.parseInt(d);
                if (port >= 1 && port <= 65535) {
                    return port;
                }
            }
            throw new TargetsException(prefix + "port " + shownValue
                    + " is not a port number; give an integer from 1 to 65535, or leave it out for " + DEFAULT_PORT);
        }
    }
}
