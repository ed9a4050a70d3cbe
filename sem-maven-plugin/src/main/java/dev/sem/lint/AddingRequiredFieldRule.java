package dev.sem.lint;

import java.util.Set;

/** {@code adding-required-field}: ADD COLUMN ... NOT NULL on an existing table with nothing to fill the rows with. */
final class AddingRequiredFieldRule implements LintRule {

    private static final Set<Rule> REPORTS = Set.of(Rule.ADDING_REQUIRED_FIELD);

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
            AlterTableStatement.Column column = a.column();
            ColumnDef c = column == null ? null : column.def();
            if (c != null && c.notNull && !(c.hasNonNullDefault() || c.identity || c.generatedStored || c.serial())) {
                cx.report(
                        Rule.ADDING_REQUIRED_FIELD,
                        s,
                        a.start(),
                        "ADD COLUMN " + c.name + " NOT NULL without a default fails if " + alter.table.text()
                                + " has rows, and breaks clients that insert without it.",
                        null);
            }
        }
    }
}
