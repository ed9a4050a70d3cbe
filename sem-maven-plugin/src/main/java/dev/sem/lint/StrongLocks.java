package dev.sem.lint;

import java.util.Locale;

import dev.sem.sql.TokenType;

/**
 * Which statements wait for a lock that blocks reads or writes on a relation that existed before the script: those
 * need a lock_timeout, or they queue every later query on the table behind them while they wait.
 */
final class StrongLocks {

    private StrongLocks() {}

    /** What statement {@code s} is, for messages, when it waits for such a lock; else {@code null}. */
    static String of(Stmt s, LintContext cx) {
        return switch (s.kw(0)) {
            case "cluster" -> "CLUSTER";
            case "lock" -> "LOCK TABLE";
            case "refresh" -> s.find(0, "concurrently") < 0 ? "REFRESH MATERIALIZED VIEW" : null;
            case "vacuum" -> RepackRule.vacuumFull(s) ? "VACUUM FULL" : null;
            case "truncate" -> truncate(s, cx);
            case "reindex" -> reindex(s, cx);
            case "create" -> create(s, cx);
            case "alter" -> alterTable(s, cx);
            case "drop" -> drop(s, cx);
            default -> null;
        };
    }

    private static String truncate(Stmt s, LintContext cx) {
        int i = s.is(1, "table") ? 2 : 1;
        if (s.is(i, "only")) {
            i++;
        }
        for (int[] r : s.split(i, s.size(), 0)) {
            if (cx.existing(s.name(r[0]))) {
                return "TRUNCATE";
            }
        }
        return null;
    }

    private static String reindex(Stmt s, LintContext cx) {
        ReindexStatement reindex = ReindexStatement.of(s);
        return reindex != null && !reindex.concurrently() && reindex.existing(cx) ? "REINDEX" : null;
    }

    private static String create(Stmt s, LintContext cx) {
        CreateStatement create = cx.create(s);
        if (create.what.equals("trigger")) {
            int on = s.find(create.at, "on");
            Stmt.Name table = on >= 0 ? s.name(on + 1) : null;
            return cx.existing(table) ? "CREATE TRIGGER on " + table.text() : null;
        }
        CreateStatement.Index index = create.index();
        if (index != null && !index.concurrently() && cx.existing(index.table())) {
            return create.indexWords() + " on " + index.table().text();
        }
        return null;
    }

    private static String alterTable(Stmt s, LintContext cx) {
        AlterTableStatement alter = cx.alterTable(s);
        if (alter == null || !cx.existing(alter.table)) {
            return null;
        }
        if (alter.rename()) {
            return "ALTER TABLE " + alter.table.text() + " RENAME";
        }
        for (AlterTableStatement.Action a : alter.actions()) {
            if (strong(s, a)) {
                return "ALTER TABLE " + alter.table.text();
            }
        }
        return null;
    }

    /** Whether ALTER TABLE action {@code r} takes a lock that blocks reads or writes. */
    private static boolean strong(Stmt s, AlterTableStatement.Action action) {
        int a = action.start();
        return switch (action.word()) {
            case "alter" -> {
                AlterTableStatement.AlteredColumn col = action.altered();
                // SET STATISTICS takes SHARE UPDATE EXCLUSIVE; SET/DROP DEFAULT and the rest ACCESS EXCLUSIVE
                yield col == null || !s.is(col.next(), "set", "statistics");
            }
            case "validate", "cluster" -> false; // SHARE UPDATE EXCLUSIVE: reads and writes go on
            case "detach" -> s.find(a, action.end(), 0, "concurrently") < 0;
            // SET (storage parameters) and SET STATISTICS take SHARE UPDATE EXCLUSIVE; the rest more
            case "set" -> !(s.type(a + 1, TokenType.LEFT_PAREN) || s.is(a + 1, "statistics"));
            default -> true;
        };
    }

    private static String drop(Stmt s, LintContext cx) {
        DropStatement drop = cx.drop(s);
        if (drop == null) {
            return null;
        }
        return switch (drop.what) {
            case "table" -> drop.names.stream().anyMatch(cx::existing) ? "DROP TABLE" : null;
            case "index" ->
                !drop.concurrently && drop.names.stream().anyMatch(n -> !cx.createdIndex(n)) ? "DROP INDEX" : null;
            case "trigger", "rule", "policy" ->
                cx.existing(drop.onTable()) ? "DROP " + drop.what.toUpperCase(Locale.ROOT) : null;
            default -> null;
        };
    }
}
