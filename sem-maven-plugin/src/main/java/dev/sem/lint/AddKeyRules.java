package dev.sem.lint;

import java.util.Set;

/**
 * {@code adding-serial-primary-key-field} and {@code disallowed-unique-constraint}: a PRIMARY KEY or UNIQUE added to
 * an existing table (as a constraint, or with a new column) builds its index under an ACCESS EXCLUSIVE lock, unless
 * the constraint takes over an index built before ({@code USING INDEX}).
 */
final class AddKeyRules implements LintRule {

    private static final Set<Rule> REPORTS =
            Set.of(Rule.ADDING_SERIAL_PRIMARY_KEY_FIELD, Rule.DISALLOWED_UNIQUE_CONSTRAINT);

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
        String t = alter.table.text();
        for (AlterTableStatement.Action a : alter.actions()) {
            AlterTableStatement.Column column = a.column();
            if (column != null && column.def().primaryKey) {
                cx.report(
                        Rule.ADDING_SERIAL_PRIMARY_KEY_FIELD,
                        s,
                        a.start(),
                        "ADD COLUMN " + column.def().name + " PRIMARY KEY builds the key's index on " + t + " under an"
                                + " ACCESS EXCLUSIVE lock.",
                        null);
            } else if (column != null && column.def().unique) {
                cx.report(
                        Rule.DISALLOWED_UNIQUE_CONSTRAINT,
                        s,
                        a.start(),
                        "ADD COLUMN " + column.def().name + " UNIQUE builds a unique index on " + t + " under an ACCESS"
                                + " EXCLUSIVE lock.",
                        null);
            }
            AlterTableStatement.Constraint constraint = a.constraint();
            if (constraint != null && !constraint.usingIndex()) {
                constraint(s, cx, constraint, t);
            }
        }
    }

    private static void constraint(Stmt s, LintContext cx, AlterTableStatement.Constraint c, String t) {
        String added = "ADD" + (c.name() == null ? "" : " CONSTRAINT " + c.name());
        if (c.kind().equals("unique")) {
            cx.report(
                    Rule.DISALLOWED_UNIQUE_CONSTRAINT,
                    s,
                    c.at(),
                    added + " UNIQUE on " + t + " builds its index under an ACCESS EXCLUSIVE lock.",
                    null);
        } else if (c.kind().equals("primary")) {
            cx.report(
                    Rule.ADDING_SERIAL_PRIMARY_KEY_FIELD,
                    s,
                    c.at(),
                    added + " PRIMARY KEY on " + t + " builds its index under an ACCESS EXCLUSIVE lock.",
                    null);
        }
    }
}
