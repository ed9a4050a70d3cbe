package dev.sem.lint;

import java.util.Set;

import dev.sem.sql.TokenType;

/**
 * {@code adding-not-nullable-field}: SET NOT NULL on an existing table scans it under an ACCESS EXCLUSIVE lock, unless
 * (PostgreSQL 12+) a validated {@code CHECK (col IS NOT NULL)} proves the column has no NULLs. Keeps those checks, in
 * this and earlier scripts, in the run's {@link ScriptLint.Project}.
 */
final class SetNotNullRule implements LintRule {

    private static final Set<Rule> REPORTS = Set.of(Rule.ADDING_NOT_NULLABLE_FIELD);

    @Override
    public Set<Rule> reports() {
        return REPORTS;
    }

    @Override
    public void check(Stmt s, LintContext cx) {
        AlterTableStatement alter = cx.alterTable(s);
        if (alter == null) {
            return;
        }
        ScriptLint.Project project = cx.project();
        for (AlterTableStatement.Action a : alter.actions()) {
            AlterTableStatement.Constraint c = a.constraint();
            String column = c != null && c.kind().equals("check") ? notNullColumn(s, c.at() + 1) : null;
            if (column != null && c.name() != null) {
                project.notNullChecks.put(c.name(), new String[] {alter.table.last(), column});
            }
            if (column != null && !c.notValid()) {
                project.validatedNotNull.add(alter.table.last() + "." + column);
            }
            Stmt.Name validated = a.validated();
            String[] check = validated == null ? null : project.notNullChecks.get(validated.last());
            if (check != null) {
                project.validatedNotNull.add(check[0] + "." + check[1]);
            }
            AlterTableStatement.AlteredColumn col = a.altered();
            if (col != null && s.is(col.next(), "set", "not", "null") && cx.existing(alter.table)) {
                setNotNull(s, cx, a.start(), alter.table, col.name());
            }
        }
    }

    /** For {@code CHECK (col IS NOT NULL)} starting at the parenthesis {@code open}: the column, else null. */
    private static String notNullColumn(Stmt s, int open) {
        if (!s.type(open, TokenType.LEFT_PAREN)) {
            return null;
        }
        int close = s.closing(open);
        // ( col IS NOT NULL ), possibly with extra parentheses around the column
        int i = open + 1;
        while (s.type(i, TokenType.LEFT_PAREN)) {
            i++;
        }
        if (!s.isName(i)) {
            return null;
        }
        String column = s.tok(i).word();
        int j = i + 1;
        while (s.type(j, TokenType.RIGHT_PAREN) && j < close) {
            j++;
        }
        return s.is(j, "is", "not", "null") && j + 3 == close ? column : null;
    }

    private static void setNotNull(Stmt s, LintContext cx, int a, Stmt.Name table, Stmt.Name col) {
        boolean pg12 = cx.postgresVersion() >= 12;
        if (pg12 && cx.project().validatedNotNull.contains(table.last() + "." + col.last())) {
            return;
        }
        cx.report(
                Rule.ADDING_NOT_NULLABLE_FIELD,
                s,
                a,
                "SET NOT NULL on " + table.text() + "." + col.text() + " scans the whole table under an ACCESS"
                        + " EXCLUSIVE lock"
                        + (pg12 ? "; no validated CHECK (" + col.text() + " IS NOT NULL) precedes it." : "."),
                pg12
                        ? "ALTER TABLE " + table.text() + " ADD CONSTRAINT " + table.last() + "_" + col.last()
                                + "_not_null CHECK (" + col.text() + " IS NOT NULL) NOT VALID; VALIDATE CONSTRAINT it"
                                + " in a later transaction; then SET NOT NULL skips the scan (and the CHECK can be"
                                + " dropped)"
                        : "before PostgreSQL 12 SET NOT NULL always scans: keep a validated CHECK (" + col.text()
                                + " IS NOT NULL) constraint (added NOT VALID, validated separately) instead");
    }
}
