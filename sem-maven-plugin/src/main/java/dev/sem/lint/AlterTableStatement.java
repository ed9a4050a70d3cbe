package dev.sem.lint;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An {@code ALTER TABLE} statement as the rules read it: the table, and either a {@code RENAME} or the
 * comma-separated actions, each a token range [start, end) that the readers below take apart.
 */
final class AlterTableStatement {

    /** {@code ADD [CONSTRAINT name] CHECK | UNIQUE | ...}; {@code at} indexes the kind word ({@code check}, ...). */
    record Constraint(String name, int at, String kind, boolean notValid, boolean usingIndex) {
        /** {@code " name"}, or {@code ""} for an unnamed constraint, for messages. */
        String named() {
            return name == null ? "" : " " + name;
        }
    }

    /** {@code ADD [COLUMN] [IF NOT EXISTS] definition}. */
    record Column(ColumnDef def, boolean ifNotExists) {}

    /**
     * {@code ALTER [COLUMN] name ...}: the column, the index of the token after its name, and for {@code [SET DATA]
     * TYPE t} the range [typeStart, typeEnd) of t (else -1, -1).
     */
    record AlteredColumn(Stmt.Name name, int next, int typeStart, int typeEnd) {
        boolean typeChange() {
            return typeStart >= 0;
        }
    }

    /**
     * One action: its tokens [start, end), its first word, and what it adds, alters or validates ({@code null} when
     * it does not).
     */
    record Action(
            int start,
            int end,
            String word,
            Column column,
            Constraint constraint,
            AlteredColumn altered,
            Stmt.Name validated) {}

    private final Stmt s;
    final Stmt.Name table;
    /** The index after the table's name (and a {@code *}). */
    final int rest;

    private final List<Action> actions = new ArrayList<>();

    private AlterTableStatement(Stmt s, Stmt.Name table, int rest) {
        this.s = s;
        this.table = table;
        this.rest = rest;
        if (!rename()) {
            for (int[] r : s.split(rest, s.size(), 0)) {
                actions.add(new Action(
                        r[0],
                        r[1],
                        s.kw(r[0]),
                        column(r),
                        constraint(r),
                        alteredColumn(r),
                        s.is(r[0], "validate", "constraint") ? s.name(r[0] + 2) : null));
            }
        }
    }

    /** {@code s} read as ALTER TABLE of a named table, or {@code null} (also for ALTER TABLE ALL IN TABLESPACE). */
    static AlterTableStatement of(Stmt s) {
        if (!s.is(0, "alter", "table")) {
            return null;
        }
        int i = 2;
        if (s.is(i, "if", "exists")) {
            i += 2;
        }
        if (s.is(i, "only")) {
            i++;
        }
        if (s.is(i, "all", "in")) {
            return null;
        }
        Stmt.Name table = s.name(i);
        if (table == null) {
            return null;
        }
        i = table.end();
        return new AlterTableStatement(s, table, s.text(i, "*") ? i + 1 : i);
    }

    /** Whether this is {@code ALTER TABLE ... RENAME}: of the table, a column or a constraint. */
    boolean rename() {
        return s.is(rest, "rename");
    }

    /** The new name of {@code ALTER TABLE ... RENAME TO name}. */
    Optional<Stmt.Name> renamedTo() {
        return rename() && s.is(rest + 1, "to") ? Optional.ofNullable(s.name(rest + 2)) : Optional.empty();
    }

    /** The actions, in order; none for a RENAME. */
    List<Action> actions() {
        return actions;
    }

    /** {@code table.column}, for messages. */
    String columnName(String column) {
        return table.text() + "." + column;
    }

    /** The ADD CONSTRAINT (or ADD CHECK, ADD UNIQUE, ...) in action {@code r}, else {@code null}. */
    private Constraint constraint(int[] r) {
        int j = r[0] + 1;
        if (!s.is(r[0], "add") || !constraintWord(s.kw(j))) {
            return null;
        }
        String name = null;
        if (s.is(j, "constraint")) {
            Stmt.Name n = s.name(j + 1);
            name = n == null ? null : n.last();
            j = n == null ? j + 1 : n.end();
        }
        return new Constraint(
                name, j, s.kw(j), s.find(j, r[1], 0, "not", "valid") >= 0, s.find(j, r[1], 0, "using", "index") >= 0);
    }

    /** The ADD COLUMN in action {@code r}, else {@code null}. */
    private Column column(int[] r) {
        int j = r[0] + 1;
        if (!s.is(r[0], "add") || constraintWord(s.kw(j))) {
            return null;
        }
        if (s.is(j, "column")) {
            j++;
        }
        boolean ifNotExists = s.is(j, "if", "not", "exists");
        if (ifNotExists) {
            j += 3;
        }
        ColumnDef def = ColumnDef.parse(s, j, r[1]);
        return def == null ? null : new Column(def, ifNotExists);
    }

    /** The column that {@code ALTER [COLUMN] name ...} in action {@code r} alters, else {@code null}. */
    private AlteredColumn alteredColumn(int[] r) {
        if (!s.is(r[0], "alter")) {
            return null;
        }
        Stmt.Name col = s.name(s.is(r[0] + 1, "column") ? r[0] + 2 : r[0] + 1);
        if (col == null) {
            return null;
        }
        int j = col.end();
        if (!s.is(j, "type") && !s.is(j, "set", "data", "type")) {
            return new AlteredColumn(col, j, -1, -1);
        }
        int typeStart = s.is(j, "type") ? j + 1 : j + 3;
        int typeEnd = typeStart;
        while (typeEnd < r[1] && !s.is(typeEnd, "collate") && !s.is(typeEnd, "using")) {
            typeEnd++;
        }
        return new AlteredColumn(col, j, typeStart, typeEnd);
    }

    private static boolean constraintWord(String w) {
        return switch (w) {
            case "constraint", "check", "unique", "primary", "foreign", "exclude" -> true;
            default -> false;
        };
    }
}
