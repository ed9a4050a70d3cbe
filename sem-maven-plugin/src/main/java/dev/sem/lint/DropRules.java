package dev.sem.lint;

import java.util.Set;

/**
 * {@code ban-drop-table}, {@code ban-drop-column}, {@code ban-drop-not-null} and {@code ban-drop-database}: dropping
 * what running clients still use, or a whole database.
 */
final class DropRules implements LintRule {

    private static final Set<Rule> REPORTS =
            Set.of(Rule.BAN_DROP_TABLE, Rule.BAN_DROP_COLUMN, Rule.BAN_DROP_NOT_NULL, Rule.BAN_DROP_DATABASE);

    @Override
    public Set<Rule> reports() {
        return REPORTS;
    }

    @Override
    public void check(Stmt s, LintContext cx) {
        DropStatement drop = cx.drop(s);
        if (drop != null && drop.what.equals("table")) {
            for (Stmt.Name n : drop.names) {
                if (cx.existing(n)) {
                    cx.report(
                            Rule.BAN_DROP_TABLE,
                            s,
                            0,
                            "Dropping table " + n.text() + " breaks clients that still use it.",
                            null);
                }
            }
        } else if (drop != null && drop.what.equals("database")) {
            cx.report(
                    Rule.BAN_DROP_DATABASE,
                    s,
                    0,
                    "DROP DATABASE "
                            + (drop.names.isEmpty() ? "" : drop.names.get(0).text() + " ")
                            + "destroys the whole database.",
                    null);
        }
        AlterTableStatement alter = cx.alterTable(s);
        if (alter != null && cx.existing(alter.table)) {
            for (AlterTableStatement.Action a : alter.actions()) {
                alterTableAction(s, cx, alter, a);
            }
        }
    }

    private static void alterTableAction(
            Stmt s, LintContext cx, AlterTableStatement alter, AlterTableStatement.Action action) {
        int a = action.start();
        if (s.is(a, "drop") && !s.is(a + 1, "constraint")) {
            int j = s.is(a + 1, "column") ? a + 2 : a + 1;
            Stmt.Name col = s.name(s.is(j, "if", "exists") ? j + 2 : j);
            cx.report(
                    Rule.BAN_DROP_COLUMN,
                    s,
                    a,
                    "Dropping column " + alter.columnName(col == null ? "?" : col.text()) + " breaks clients that still"
                            + " use it.",
                    null);
        }
        AlterTableStatement.AlteredColumn altered = action.altered();
        if (altered != null && s.is(altered.next(), "drop", "not", "null")) {
            cx.report(
                    Rule.BAN_DROP_NOT_NULL,
                    s,
                    a,
                    "Dropping NOT NULL from " + alter.columnName(altered.name().text())
                            + " lets NULLs reach clients that do not expect them.",
                    null);
        }
    }
}
