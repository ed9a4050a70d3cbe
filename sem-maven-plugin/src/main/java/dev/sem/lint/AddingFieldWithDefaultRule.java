package dev.sem.lint;

import java.util.Set;

/**
 * {@code adding-field-with-default}: ADD COLUMN on an existing table that must compute a value for every row (a
 * volatile default, a serial type, an identity or a stored generated column), which rewrites the table; before
 * PostgreSQL 11 any non-null default does.
 */
final class AddingFieldWithDefaultRule implements LintRule {

    private static final Set<Rule> REPORTS = Set.of(Rule.ADDING_FIELD_WITH_DEFAULT);

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
            AlterTableStatement.Column c = a.column();
            if (c != null) {
                column(cx, c.def(), alter.table.text());
            }
        }
    }

    private static void column(LintContext cx, ColumnDef c, String t) {
        Stmt s = c.s;
        String column = t + "." + c.name;
        String rewrite = " rewrites " + t + " under an ACCESS EXCLUSIVE lock.";
        if (c.serial()) {
            cx.report(
                    Rule.ADDING_FIELD_WITH_DEFAULT,
                    s,
                    c.typeStart,
                    "Adding " + c.typeText() + " column " + column + " fills every row from a sequence (a volatile"
                            + " nextval() default), which" + rewrite,
                    "add a nullable bigint column, attach a sequence default for new rows and backfill in batches");
        } else if (c.identity) {
            cx.report(
                    Rule.ADDING_FIELD_WITH_DEFAULT,
                    s,
                    c.nameIndex,
                    "Adding identity column " + column + " fills every row from a sequence, which" + rewrite,
                    "add the column nullable, backfill it in batches, then make it an identity column");
        } else if (c.generatedStored) {
            cx.report(
                    Rule.ADDING_FIELD_WITH_DEFAULT,
                    s,
                    c.nameIndex,
                    "Adding stored generated column " + column + " computes a value for every row, which" + rewrite,
                    "add a plain nullable column kept up to date by a trigger, and backfill it in batches");
        } else if (c.hasNonNullDefault()) {
            nonNullDefault(cx, c, column, rewrite);
        }
    }

    private static void nonNullDefault(LintContext cx, ColumnDef c, String column, String rewrite) {
        Stmt s = c.s;
        String expr = s.snippet(c.defaultStart, c.defaultEnd);
        if (cx.postgresVersion() < 11) {
            cx.report(
                    Rule.ADDING_FIELD_WITH_DEFAULT,
                    s,
                    c.defaultStart,
                    "Before PostgreSQL 11, ADD COLUMN " + c.name + " with DEFAULT " + expr + rewrite,
                    null);
            return;
        }
        Volatility.Verdict v = Volatility.of(s, c.defaultStart, c.defaultEnd);
        if (v.kind() == Volatility.Kind.VOLATILE) {
            cx.report(
                    Rule.ADDING_FIELD_WITH_DEFAULT,
                    s,
                    c.defaultStart,
                    "DEFAULT " + expr + " on new column " + column + " is volatile (" + v.function()
                            + "() gives each row its own value), so ADD COLUMN" + rewrite,
                    null);
        } else if (v.kind() == Volatility.Kind.UNKNOWN) {
            cx.report(
                    Rule.ADDING_FIELD_WITH_DEFAULT,
                    s,
                    c.defaultStart,
                    "DEFAULT " + expr + " on new column " + column + " calls " + v.function() + "(), which sem"
                            + " cannot prove stable or immutable; if it is volatile, ADD COLUMN" + rewrite,
                    "add the column without the default, SET DEFAULT and backfill in batches; if "
                            + v.function() + "() is STABLE or IMMUTABLE, mark the statement with"
                            + " -- sem-lint-ignore: adding-field-with-default");
        }
    }
}
