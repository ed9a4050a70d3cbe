package dev.sem.lint;

import java.util.Set;

/** {@code adding-foreign-key-constraint}: ADD FOREIGN KEY on an existing table without NOT VALID. */
final class ForeignKeyRule implements LintRule {

    private static final Set<Rule> REPORTS = Set.of(Rule.ADDING_FOREIGN_KEY_CONSTRAINT);

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
            AlterTableStatement.Constraint c = a.constraint();
            if (c == null || !c.kind().equals("foreign") || c.notValid()) {
                continue;
            }
            int ref = s.find(c.at(), a.end(), 0, "references");
            Stmt.Name target = ref >= 0 ? s.name(ref + 1) : null;
            cx.report(
                    Rule.ADDING_FOREIGN_KEY_CONSTRAINT,
                    s,
                    c.at(),
                    "ADD" + (c.name() == null ? "" : " CONSTRAINT " + c.name()) + " FOREIGN KEY on " + t
                            + " without NOT VALID checks every row while blocking writes to " + t
                            + (target == null ? "" : " and " + target.text()) + ".",
                    null);
        }
    }
}
