package dev.sem.lint;

import java.util.Set;

/** {@code renaming-table} and {@code renaming-column}: renaming breaks the clients that still use the old name. */
final class RenameRules implements LintRule {

    private static final Set<Rule> REPORTS = Set.of(Rule.RENAMING_TABLE, Rule.RENAMING_COLUMN);

    @Override
    public Set<Rule> reports() {
        return REPORTS;
    }

    @Override
    public void check(Stmt s, LintContext cx) {
        AlterTableStatement alter = cx.alterTable(s);
        if (alter == null || !alter.rename() || !cx.existing(alter.table)) {
            return;
        }
        int i = alter.rest;
        String t = alter.table.text();
        if (s.is(i + 1, "to")) {
            String to = alter.renamedTo().map(n -> " to " + n.text()).orElse("");
            cx.report(
                    Rule.RENAMING_TABLE,
                    s,
                    i,
                    "Renaming table " + t + to + " breaks clients that still use the old name.",
                    null);
        } else if (!s.is(i + 1, "constraint")) {
            Stmt.Name from = s.name(s.is(i + 1, "column") ? i + 2 : i + 1);
            cx.report(
                    Rule.RENAMING_COLUMN,
                    s,
                    i,
                    "Renaming column " + t + "." + (from == null ? "?" : from.text())
                            + " breaks clients that still use the old name.",
                    null);
        }
    }
}
