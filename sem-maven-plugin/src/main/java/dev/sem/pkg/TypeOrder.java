package dev.sem.pkg;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.sem.sql.SqlLexer;
import dev.sem.sql.SqlStatement;
import dev.sem.sql.Token;
import dev.sem.sql.TokenType;

/**
 * Orders the statements of a package's type files (pgpm spec §9 "Ours"; defects 28, 29, 30).
 *
 * <ol>
 *   <li>The statements of every type file (split when it was read, see {@link PackageFile#read}) keep their file and
 *       line.
 *   <li>DROP statements come first, in file order; then the {@code CREATE TYPE}/{@code CREATE DOMAIN} statements in
 *       dependency order; then everything else (ALTER TYPE, COMMENT, GRANT, ...) in file order. A CREATE of anything
 *       else (a function, a table) joins the last group with a warning.
 *   <li>A type depends on the types of the package it references in type positions (see {@link TypeStatement}), and
 *       on the types a {@code -- requires: a, b} comment of its file names. Built-in types and types the package does
 *       not create are ignored. Names are compared as PostgreSQL resolves them: unquoted identifiers folded to lower
 *       case; an unqualified name is the package schema's (for DATABASE scope: {@code public}'s), and an unqualified
 *       reference also finds a type created in {@code public}.
 *   <li>The sort is topological; among types whose dependencies are placed, the one first in file order comes first,
 *       so the result is deterministic and keeps file order where the dependencies allow.
 *   <li>A cycle is a {@link PackageException} naming its members and their files, before anything runs.
 * </ol>
 */
public final class TypeOrder {

    private static final Pattern REQUIRES = Pattern.compile("--\\s*requires\\s*:(.*)", Pattern.CASE_INSENSITIVE);

    /**
     * The ordered statements of the type files.
     *
     * @param drops the DROP statements, in file order
     * @param creates the CREATE TYPE/DOMAIN statements, in dependency order
     * @param others every other statement, in file order
     * @param warnings one line per CREATE in a types folder that creates no type
     */
    public record Result(
            List<SqlStatement> drops, List<SqlStatement> creates, List<SqlStatement> others, List<String> warnings) {

        /** All statements in execution order: drops, creates, others. */
        public List<SqlStatement> statements() {
            List<SqlStatement> all = new ArrayList<>(drops);
            all.addAll(creates);
            all.addAll(others);
            return List.copyOf(all);
        }
    }

    private record Node(int index, SqlStatement statement, TypeStatement parsed, List<Required> requires) {}

    /** A type named by a {@code -- requires:} comment, with the comment's line. */
    private record Required(TypeStatement.Name name, int line) {}

    private final String defaultSchema;
    private final List<Node> nodes = new ArrayList<>();
    private final Map<String, List<Integer>> creators = new HashMap<>();

    private TypeOrder(String schema) {
        this.defaultSchema = schema == null ? "public" : schema;
    }

    /** Orders the TYPES files of a loaded package, for its schema. */
    public static Result order(LoadedPackage pkg) {
        return order(pkg.files(Category.TYPES), pkg.descriptor().schemaName());
    }

    /**
     * Orders the statements of type files.
     *
     * @param typeFiles the files, in collection order
     * @param schema the package schema that unqualified names belong to, or null for DATABASE scope
     * @throws PackageException for a dependency cycle or a {@code -- requires:} naming no type of the package
     */
    public static Result order(List<PackageFile> typeFiles, String schema) {
        TypeOrder order = new TypeOrder(schema);
        List<SqlStatement> drops = new ArrayList<>();
        List<SqlStatement> others = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (PackageFile file : typeFiles) {
            List<Required> requires = requires(file);
            for (SqlStatement statement : file.statements()) {
                TypeStatement parsed = TypeStatement.of(statement.sql());
                switch (parsed.kind) {
                    case DROP -> drops.add(statement);
                    case CREATE_TYPE -> order.add(statement, parsed, requires);
                    case OTHER_CREATE -> {
                        others.add(statement);
                        warnings.add(statement.file() + ":" + statement.line() + ": " + parsed.created
                                + " in a types folder creates no type; it runs after the types (move it to the"
                                + " folder of its kind, such as functions_path)");
                    }
                    case OTHER -> others.add(statement);
                }
            }
        }
        return new Result(List.copyOf(drops), order.sorted(), List.copyOf(others), List.copyOf(warnings));
    }

    private void add(SqlStatement statement, TypeStatement parsed, List<Required> requires) {
        int index = nodes.size();
        nodes.add(new Node(index, statement, parsed, requires));
        for (TypeStatement.Name name : parsed.creates) {
            creators.computeIfAbsent(key(name), k -> new ArrayList<>()).add(index);
        }
    }

    /** The names a file's {@code -- requires:} comments list, in order. */
    private static List<Required> requires(PackageFile file) {
        List<Required> names = new ArrayList<>();
        String text = file.text();
        for (Token token : SqlLexer.tokenize(text)) {
            if (token.type() != TokenType.LINE_COMMENT) {
                continue;
            }
            Matcher m = REQUIRES.matcher(token.text());
            if (m.matches()) {
                List<TypeStatement.Name> listed = TypeStatement.names(m.group(1));
                int line = PackageFile.line(text, token.offset());
                if (listed == null) {
                    throw new PackageException(file.path() + ":" + line + ": '"
                            + token.text().strip() + "' is not a list of type names; write -- requires: a, s.b");
                }
                listed.forEach(name -> names.add(new Required(name, line)));
            }
        }
        return names;
    }

    private List<SqlStatement> sorted() {
        List<TreeSet<Integer>> deps = dependencies();
        int n = nodes.size();
        int[] waiting = new int[n];
        List<List<Integer>> dependents = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            dependents.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            waiting[i] = deps.get(i).size();
            for (int d : deps.get(i)) {
                dependents.get(d).add(i);
            }
        }
        PriorityQueue<Integer> ready = new PriorityQueue<>();
        for (int i = 0; i < n; i++) {
            if (waiting[i] == 0) {
                ready.add(i);
            }
        }
        boolean[] placed = new boolean[n];
        List<SqlStatement> result = new ArrayList<>();
        while (!ready.isEmpty()) {
            int i = ready.poll();
            placed[i] = true;
            result.add(nodes.get(i).statement());
            for (int d : dependents.get(i)) {
                if (--waiting[d] == 0) {
                    ready.add(d);
                }
            }
        }
        if (result.size() < n) {
            throw cycle(deps, placed);
        }
        return List.copyOf(result);
    }

    private List<TreeSet<Integer>> dependencies() {
        List<TreeSet<Integer>> deps = new ArrayList<>();
        for (Node node : nodes) {
            TreeSet<Integer> set = new TreeSet<>();
            for (TypeStatement.Name ref : node.parsed().references) {
                set.addAll(resolve(ref));
            }
            for (Required required : node.requires()) {
                List<Integer> found = resolve(required.name());
                if (found.isEmpty()) {
                    throw new PackageException(node.statement().file() + ":" + required.line() + ": '-- requires: "
                            + required.name().display()
                            + "' names a type that no type file of the package creates; fix the name or remove it");
                }
                set.addAll(found);
            }
            set.remove(node.index());
            deps.add(set);
        }
        return deps;
    }

    /** The nodes creating the referenced type, as PostgreSQL would resolve the name. */
    private List<Integer> resolve(TypeStatement.Name ref) {
        List<Integer> found = new ArrayList<>();
        if (ref.schema() != null) {
            found.addAll(creators.getOrDefault(ref.schema() + "." + ref.name(), List.of()));
        } else {
            found.addAll(creators.getOrDefault(defaultSchema + "." + ref.name(), List.of()));
            if (found.isEmpty()) {
                found.addAll(creators.getOrDefault("public." + ref.name(), List.of()));
            }
        }
        if (found.isEmpty() && ref.name().startsWith("_")) {
            // _t is PostgreSQL's name of the array type of t
            return resolve(new TypeStatement.Name(ref.schema(), ref.name().substring(1), ref.display()));
        }
        return found;
    }

    private String key(TypeStatement.Name name) {
        return (name.schema() == null ? defaultSchema : name.schema()) + "." + name.name();
    }

    /** Finds one cycle among the unplaced nodes and describes it, starting at its first member in file order. */
    private PackageException cycle(List<TreeSet<Integer>> deps, boolean[] placed) {
        int start = 0;
        while (placed[start]) {
            start++;
        }
        Map<Integer, Integer> seen = new LinkedHashMap<>();
        List<Integer> path = new ArrayList<>();
        int current = start;
        while (!seen.containsKey(current)) {
            seen.put(current, path.size());
            path.add(current);
            current = deps.get(current).stream()
                    .filter(d -> !placed[d])
                    .findFirst()
                    .orElseThrow();
        }
        List<Integer> members = new ArrayList<>(path.subList(seen.get(current), path.size()));
        int first = members.indexOf(members.stream().min(Integer::compare).orElseThrow());
        Collections.rotate(members, -first);
        List<String> names = new ArrayList<>();
        List<String> places = new ArrayList<>();
        for (int i : members) {
            Node node = nodes.get(i);
            names.add(node.parsed().creates.get(0).display());
            places.add(node.statement().file() + ":" + node.statement().line());
        }
        names.add(names.get(0));
        return new PackageException("Type dependency cycle: " + String.join(" -> ", names) + " ("
                + String.join(", ", places) + "); a type cannot contain itself: remove one of the references, or"
                + " fix a '-- requires:' comment");
    }
}
