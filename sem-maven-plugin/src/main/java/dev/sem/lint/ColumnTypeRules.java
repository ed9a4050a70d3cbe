package dev.sem.lint;

import java.util.Set;

/**
 * The column type rules, for the columns of CREATE TABLE and ADD COLUMN and the new type of ALTER COLUMN ... TYPE:
 * {@code ban-char-field}, {@code prefer-text-field}, {@code prefer-timestamptz}, {@code prefer-identity}, and for key
 * columns {@code prefer-bigint-over-int} and {@code prefer-bigint-over-smallint}.
 */
final class ColumnTypeRules implements LintRule {

    private static final Set<Rule> REPORTS = Set.of(
            Rule.BAN_CHAR_FIELD,
            Rule.PREFER_TEXT_FIELD,
            Rule.PREFER_TIMESTAMPTZ,
            Rule.PREFER_IDENTITY,
            Rule.PREFER_BIGINT_OVER_INT,
            Rule.PREFER_BIGINT_OVER_SMALLINT);

    @Override
    public Set<Rule> reports() {
        return REPORTS;
    }

    @Override
    public void check(Stmt s, LintContext cx) {
        CreateStatement create = cx.create(s);
        if (create != null) {
            for (CreateStatement.Column c : create.columns()) {
                column(cx, c.def(), c.key());
            }
        }
        AlterTableStatement alter = cx.alterTable(s);
        if (alter == null) {
            return;
        }
        for (AlterTableStatement.Action a : alter.actions()) {
            AlterTableStatement.Column c = a.column();
            if (c != null) {
                column(cx, c.def(), c.def().primaryKey);
            }
            AlterTableStatement.AlteredColumn col = a.altered();
            if (col != null && col.typeChange()) {
                newType(s, cx, alter.columnName(col.name().text()), col.typeStart(), col.typeEnd());
            }
        }
    }

    /** The rules for one column; {@code key}: the column is (part of) the primary key. */
    private static void column(LintContext cx, ColumnDef c, boolean key) {
        Stmt s = c.s;
        int at = c.typeStart;
        String type = c.typeText();
        switch (c.type) {
            case CHAR ->
                cx.report(
                        Rule.BAN_CHAR_FIELD,
                        s,
                        at,
                        "Column " + c.name + " is " + type + ", which pads with spaces.",
                        null);
            case VARCHAR -> {
                if (c.typeModifier) {
                    cx.report(
                            Rule.PREFER_TEXT_FIELD,
                            s,
                            at,
                            "Column " + c.name + " is " + type + "; raising the limit later takes an ACCESS EXCLUSIVE"
                                    + " lock.",
                            null);
                }
            }
            case TIMESTAMP ->
                cx.report(
                        Rule.PREFER_TIMESTAMPTZ,
                        s,
                        at,
                        "Column " + c.name + " is " + type + ", which drops the UTC offset.",
                        "timestamptz");
            default -> {}
        }
        if (c.serial()) {
            cx.report(
                    Rule.PREFER_IDENTITY,
                    s,
                    at,
                    "Column " + c.name + " is " + type + "; identity columns replace serial types.",
                    c.type == ColumnDef.TypeKind.SMALLSERIAL || c.type == ColumnDef.TypeKind.SERIAL
                            ? "bigint GENERATED ALWAYS AS IDENTITY"
                            : "bigint GENERATED ALWAYS AS IDENTITY (instead of " + type + ")");
        }
        keyWidth(cx, c, key || c.identity || c.serial());
    }

    private static void keyWidth(LintContext cx, ColumnDef c, boolean key) {
        if (key && (c.type == ColumnDef.TypeKind.INT || c.type == ColumnDef.TypeKind.SERIAL)) {
            cx.report(
                    Rule.PREFER_BIGINT_OVER_INT,
                    c.s,
                    c.typeStart,
                    "Key column " + c.name + " is " + c.typeText() + " (32-bit), which overflows at 2,147,483,647.",
                    null);
        }
        if (key && (c.type == ColumnDef.TypeKind.SMALLINT || c.type == ColumnDef.TypeKind.SMALLSERIAL)) {
            cx.report(
                    Rule.PREFER_BIGINT_OVER_SMALLINT,
                    c.s,
                    c.typeStart,
                    "Key column " + c.name + " is " + c.typeText() + " (16-bit), which overflows at 32,767.",
                    null);
        }
    }

    /** The rules for the new type [start, end) of {@code column} in ALTER COLUMN ... TYPE. */
    private static void newType(Stmt s, LintContext cx, String column, int start, int end) {
        int[] modifier = new int[1];
        ColumnDef.TypeKind kind = ColumnDef.classify(s, start, end, modifier);
        if (kind == ColumnDef.TypeKind.CHAR) {
            cx.report(Rule.BAN_CHAR_FIELD, s, start, "Column " + column + " becomes char(n).", null);
        } else if (kind == ColumnDef.TypeKind.TIMESTAMP) {
            cx.report(
                    Rule.PREFER_TIMESTAMPTZ,
                    s,
                    start,
                    "Column " + column + " becomes timestamp without time zone.",
                    "timestamptz");
        } else if (kind == ColumnDef.TypeKind.VARCHAR && modifier[0] > 0) {
            cx.report(
                    Rule.PREFER_TEXT_FIELD,
                    s,
                    start,
                    "Column " + column + " becomes " + s.snippet(start, end) + ".",
                    null);
        }
    }
}
