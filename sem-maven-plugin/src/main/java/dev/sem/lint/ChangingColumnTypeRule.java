package dev.sem.lint;

import java.util.Set;

/** {@code changing-column-type}: ALTER COLUMN ... TYPE on an existing table rewrites it unless binary-coercible. */
final class ChangingColumnTypeRule implements LintRule {

    private static final Set<Rule> REPORTS = Set.of(Rule.CHANGING_COLUMN_TYPE);

    @Override
    public Set<Rule> reports() {
        return REPORTS;
    }

    @Override
    public void check(Stmt s, LintContext cx) {
        AlterTableStatement alter = cx.alterTable(s);
        if (alter == null || !cx.existing(alter.table)) {
            return;
        }
        for (AlterTableStatement.Action a : alter.actions()) {
            AlterTableStatement.AlteredColumn col = a.altered();
            if (col != null && col.typeChange()) {
                cx.report(
                        Rule.CHANGING_COLUMN_TYPE,
                        s,
                        a.start(),
                        "Changing the type of " + alter.columnName(col.name().text()) + " to "
                                + s.snippet(col.typeStart(), col.typeEnd())
                                + " rewrites the table under an ACCESS EXCLUSIVE lock"
                                + " unless the types are binary-coercible.",
                        null);
            }
        }
    }
}
