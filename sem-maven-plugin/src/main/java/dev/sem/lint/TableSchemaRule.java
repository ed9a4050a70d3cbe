package dev.sem.lint;

import java.util.Set;

/** {@code require-table-schema}: a table name in CREATE TABLE, CREATE INDEX, ALTER TABLE or DROP TABLE without schema. */
final class TableSchemaRule implements LintRule {

    private static final Set<Rule> REPORTS = Set.of(Rule.REQUIRE_TABLE_SCHEMA);

    private static final String LOOKED_UP = " is not schema-qualified; it is looked up through search_path.";

    @Override
    public Set<Rule> reports() {
        return REPORTS;
    }

    @Override
    public void check(Stmt s, LintContext cx) {
        CreateStatement create = cx.create(s);
        if (create != null) {
            create(s, cx, create);
        }
        AlterTableStatement alter = cx.alterTable(s);
        if (alter != null && !alter.table.qualified()) {
            cx.report(Rule.REQUIRE_TABLE_SCHEMA, s, 2, "Table " + alter.table.text() + LOOKED_UP, null);
        }
        DropStatement drop = cx.drop(s);
        if (drop != null && drop.what.equals("table")) {
            for (Stmt.Name n : drop.names) {
                if (!n.qualified()) {
                    cx.report(Rule.REQUIRE_TABLE_SCHEMA, s, 0, "Table " + n.text() + LOOKED_UP, null);
                }
            }
        }
    }

    private static void create(Stmt s, LintContext cx, CreateStatement create) {
        CreateStatement.Table table = create.table();
        if (table != null && !create.temp && !table.name().qualified()) {
            cx.report(
                    Rule.REQUIRE_TABLE_SCHEMA,
                    s,
                    table.nameAt(),
                    "Table " + table.name().text() + " is not schema-qualified; it is created in the first schema of"
                            + " search_path.",
                    null);
        }
        CreateStatement.Index index = create.index();
        if (index != null && index.table() != null && !index.table().qualified()) {
            cx.report(
                    Rule.REQUIRE_TABLE_SCHEMA,
                    s,
                    index.tableAt(),
                    "Table " + index.table().text() + LOOKED_UP,
                    null);
        }
    }
}
