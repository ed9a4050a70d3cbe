package dev.sem.lint;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * {@code prefer-robust-stmts}: in a {@code transaction = none} script, where a failure leaves the statements before
 * it committed, a statement that fails when run again (CREATE without IF NOT EXISTS, DROP without IF EXISTS, ...).
 */
final class RobustStatementsRule implements LintRule {

    private static final Set<Rule> REPORTS = Set.of(Rule.PREFER_ROBUST_STMTS);

    /** The CREATE objects (other than tables and indexes) that have IF NOT EXISTS. */
    private static final Set<String> ROBUST_CREATE =
            Set.of("sequence", "schema", "extension", "materialized", "foreign", "collation", "statistics");

    private static final String AGAIN = " fails when run again after an interrupted run.";

    /** Constraints the script drops with IF EXISTS: adding them again afterwards is robust. */
    private final Set<String> droppedConstraintsIfExists = new HashSet<>();

    @Override
    public Set<Rule> reports() {
        return REPORTS;
    }

    @Override
    public void check(Stmt s, LintContext cx) {
        if (!cx.none()) {
            return;
        }
        CreateStatement create = cx.create(s);
        if (create != null) {
            createTable(s, cx, create);
            createIndex(s, cx, create);
            createOther(s, cx, create);
        }
        int add = EnumValueOrderingRule.addValue(s);
        if (add >= 0 && !s.is(add + 2, "if", "not", "exists")) {
            report(s, cx, add, "ADD VALUE without IF NOT EXISTS" + AGAIN, "ADD VALUE IF NOT EXISTS");
        }
        AlterTableStatement alter = cx.alterTable(s);
        if (alter != null) {
            for (AlterTableStatement.Action a : alter.actions()) {
                alterTableAction(s, cx, alter, a);
            }
        }
        DropStatement drop = cx.drop(s);
        if (drop != null && !drop.ifExists && !drop.what.equals("database")) {
            String object = drop.object();
            report(
                    s,
                    cx,
                    0,
                    "DROP " + object + " without IF EXISTS" + AGAIN,
                    "DROP " + object + (drop.concurrently ? " CONCURRENTLY" : "") + " IF EXISTS");
        }
    }

    private static void report(Stmt s, LintContext cx, int token, String message, String alternative) {
        cx.report(Rule.PREFER_ROBUST_STMTS, s, token, message, alternative);
    }

    private static void createTable(Stmt s, LintContext cx, CreateStatement create) {
        CreateStatement.Table table = create.table();
        if (table != null && !table.ifNotExists() && !create.temp) {
            String name = table.name().text();
            report(
                    s,
                    cx,
                    0,
                    "CREATE TABLE " + name + " without IF NOT EXISTS" + AGAIN,
                    "CREATE TABLE IF NOT EXISTS " + name);
        }
    }

    private static void createIndex(Stmt s, LintContext cx, CreateStatement create) {
        CreateStatement.Index index = create.index();
        if (index == null || index.ifNotExists()) {
            return;
        }
        String what = create.indexWords();
        String name = index.name() == null ? "a name" : index.name().text();
        report(
                s,
                cx,
                0,
                what
                        + (index.concurrently() ? " CONCURRENTLY" : "")
                        + (index.name() == null
                                ? " without a name cannot use IF NOT EXISTS, so it creates a second index when run"
                                        + " again after an interrupted run."
                                : " without IF NOT EXISTS" + AGAIN),
                index.concurrently()
                        ? "DROP INDEX CONCURRENTLY IF EXISTS " + name + " (a failed build leaves an INVALID index)"
                                + " followed by " + what + " CONCURRENTLY IF NOT EXISTS " + name
                        : what + " IF NOT EXISTS " + name);
    }

    private static void createOther(Stmt s, LintContext cx, CreateStatement create) {
        String what = create.what;
        if (create.orReplace
                || create.temp
                || !ROBUST_CREATE.contains(what)
                || s.find(create.at, "if", "not", "exists") >= 0) {
            return;
        }
        String object = what.equals("materialized")
                ? "MATERIALIZED VIEW"
                : what.equals("foreign") ? "FOREIGN TABLE" : what.toUpperCase(Locale.ROOT);
        report(s, cx, 0, "CREATE " + object + " without IF NOT EXISTS" + AGAIN, "CREATE " + object + " IF NOT EXISTS");
    }

    private void alterTableAction(
            Stmt s, LintContext cx, AlterTableStatement alter, AlterTableStatement.Action action) {
        int a = action.start();
        AlterTableStatement.Constraint constraint = action.constraint();
        if (constraint != null
                && (constraint.name() == null || !droppedConstraintsIfExists.contains(constraint.name()))) {
            String name = constraint.name();
            report(
                    s,
                    cx,
                    constraint.at(),
                    "ADD CONSTRAINT" + constraint.named() + " fails when run again after an interrupted run (there is"
                            + " no IF NOT EXISTS for constraints).",
                    "ALTER TABLE " + alter.table.text() + " DROP CONSTRAINT IF EXISTS " + (name == null ? "name" : name)
                            + " before adding it" + (name == null ? " by that name" : ""));
        }
        AlterTableStatement.Column column = action.column();
        if (column != null && !column.ifNotExists()) {
            String name = column.def().name;
            report(
                    s,
                    cx,
                    a,
                    "ADD COLUMN " + name + " without IF NOT EXISTS" + AGAIN,
                    "ADD COLUMN IF NOT EXISTS " + name);
        }
        if (!s.is(a, "drop")) {
            return;
        }
        if (s.is(a + 1, "constraint")) {
            boolean ifExists = s.is(a + 2, "if", "exists");
            Stmt.Name name = s.name(ifExists ? a + 4 : a + 2);
            if (ifExists && name != null) {
                droppedConstraintsIfExists.add(name.last());
            } else if (!ifExists) {
                report(s, cx, a, "DROP CONSTRAINT without IF EXISTS" + AGAIN, "DROP CONSTRAINT IF EXISTS");
            }
            return;
        }
        int j = s.is(a + 1, "column") ? a + 2 : a + 1;
        if (!s.is(j, "if", "exists")) {
            Stmt.Name col = s.name(j);
            report(
                    s,
                    cx,
                    a,
                    "DROP COLUMN without IF EXISTS" + AGAIN,
                    "DROP COLUMN IF EXISTS " + (col == null ? "" : col.text()));
        }
    }
}
