package dev.sem.lint;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.sem.sql.TokenType;

/**
 * A {@code CREATE} statement as the rules read it: the modifiers before the object word ({@code OR REPLACE},
 * {@code TEMP}, {@code UNIQUE}, ...), the object word at {@code at}, and for tables and indexes their names.
 */
final class CreateStatement {

    /** {@code CREATE TABLE}: the table's name at {@code nameAt}. */
    record Table(Stmt.Name name, int nameAt, boolean ifNotExists) {}

    /** {@code CREATE INDEX}: its name ({@code null} when unnamed) and its table's name at {@code tableAt}. */
    record Index(Stmt.Name name, Stmt.Name table, int tableAt, boolean concurrently, boolean ifNotExists) {}

    /** A column of {@code CREATE TABLE}; {@code key}: it is (part of) the primary key. */
    record Column(ColumnDef def, boolean key) {}

    private final Stmt s;
    /** The index of the object word ({@code table}, {@code index}, ...). */
    final int at;
    /** The object word, lower case. */
    final String what;

    final boolean orReplace;
    final boolean temp;
    final boolean unique;

    private final Table table;
    private final Index index;

    private CreateStatement(Stmt s, int at, boolean orReplace, boolean temp, boolean unique) {
        this.s = s;
        this.at = at;
        this.what = s.kw(at);
        this.orReplace = orReplace;
        this.temp = temp;
        this.unique = unique;
        this.table = what.equals("table") ? readTable() : null;
        this.index = what.equals("index") ? readIndex() : null;
    }

    /** {@code s} read as a CREATE statement, or {@code null} when it is not one. */
    static CreateStatement of(Stmt s) {
        if (!s.is(0, "create")) {
            return null;
        }
        int i = 1;
        boolean orReplace = false;
        boolean temp = false;
        boolean unique = false;
        while (true) {
            String w = s.kw(i);
            if (w.equals("or") && s.is(i + 1, "replace")) {
                orReplace = true;
                i += 2;
            } else if (w.equals("temp") || w.equals("temporary")) {
                temp = true;
                i++;
            } else if (w.equals("global") || w.equals("local") || w.equals("unlogged")) {
                i++;
            } else if (w.equals("unique")) {
                unique = true;
                i++;
            } else {
                break;
            }
        }
        return new CreateStatement(s, i, orReplace, temp, unique);
    }

    /** CREATE TABLE with a name, else {@code null}. */
    Table table() {
        return table;
    }

    /** CREATE INDEX with an ON clause, else {@code null}. */
    Index index() {
        return index;
    }

    private Table readTable() {
        int i = at + 1;
        boolean ifNotExists = s.is(i, "if", "not", "exists");
        if (ifNotExists) {
            i += 3;
        }
        Stmt.Name table = s.name(i);
        return table == null ? null : new Table(table, i, ifNotExists);
    }

    /** The table or materialized view this statement creates. */
    Optional<Stmt.Name> createdTable() {
        if (what.equals("materialized")) {
            int n = s.is(at + 1, "view") ? at + 2 : at + 1;
            if (s.is(n, "if", "not", "exists")) {
                n += 3;
            }
            return Optional.ofNullable(s.name(n));
        }
        return table == null ? Optional.empty() : Optional.of(table.name());
    }

    private Index readIndex() {
        int i = at + 1;
        boolean concurrently = s.is(i, "concurrently");
        if (concurrently) {
            i++;
        }
        boolean ifNotExists = s.is(i, "if", "not", "exists");
        if (ifNotExists) {
            i += 3;
        }
        Stmt.Name index = s.is(i, "on") ? null : s.name(i);
        int on = s.find(i, "on");
        if (on < 0) {
            return null;
        }
        int t = s.is(on + 1, "only") ? on + 2 : on + 1;
        return new Index(index, s.name(t), t, concurrently, ifNotExists);
    }

    /** {@code CREATE [UNIQUE] INDEX}, for messages. */
    String indexWords() {
        return "CREATE " + (unique ? "UNIQUE " : "") + "INDEX";
    }

    /** The column definitions of {@code CREATE TABLE name (...)}; empty for AS SELECT, OF type, PARTITION OF. */
    List<Column> columns() {
        if (table == null || !s.type(table.name().end(), TokenType.LEFT_PAREN)) {
            return List.of();
        }
        int open = table.name().end();
        int close = s.closing(open);
        int depth = s.tok(open).depth() + 1;
        Set<String> pkColumns = new HashSet<>();
        List<ColumnDef> defs = new ArrayList<>();
        for (int[] r : s.split(open + 1, close, depth)) {
            if (tableConstraint(s.kw(r[0]))) {
                int pk = s.find(r[0], r[1], depth, "primary", "key");
                if (pk >= 0 && s.type(pk + 2, TokenType.LEFT_PAREN)) {
                    for (int[] c : s.split(pk + 3, s.closing(pk + 2), depth + 1)) {
                        pkColumns.add(s.tok(c[0]).word());
                    }
                }
                continue;
            }
            ColumnDef c = ColumnDef.parse(s, r[0], r[1]);
            if (c != null) {
                defs.add(c);
            }
        }
        return defs.stream()
                .map(c -> new Column(c, c.primaryKey || pkColumns.contains(c.name)))
                .toList();
    }

    private static boolean tableConstraint(String w) {
        return switch (w) {
            case "constraint", "check", "unique", "primary", "foreign", "exclude", "like" -> true;
            default -> false;
        };
    }
}
