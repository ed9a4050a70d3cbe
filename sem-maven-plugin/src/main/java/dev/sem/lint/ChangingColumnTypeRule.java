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
        for (int[] r : alter.actions()) {
            int[] type = alter.newType(r);
            if (type != null) {
                cx.report(
                        Rule.CHANGING_COLUMN_TYPE,
                        s,
                        r[0],
                        "Changing the type of "
                                + alter.column(alter.alteredColumn(r).name().text()) + " to "
                                + s.snippet(type[0], type[1]) + " rewrites the table under an ACCESS EXCLUSIVE lock"
                                + " unless the types are binary-coercible.",
                        null);
            }
        }
    }
}
