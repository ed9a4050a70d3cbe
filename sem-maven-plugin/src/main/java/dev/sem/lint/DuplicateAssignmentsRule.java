package dev.sem.lint;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.sem.sql.TokenType;

/**
 * {@code ban-duplicate-column-assignments}: INSERT's column list, UPDATE's SET list or ON CONFLICT DO UPDATE SET
 * naming a column twice.
 */
final class DuplicateAssignmentsRule implements LintRule {

    private static final Set<Rule> REPORTS = Set.of(Rule.BAN_DUPLICATE_COLUMN_ASSIGNMENTS);

    @Override
    public Set<Rule> reports() {
        return REPORTS;
    }

    @Override
    public void check(Stmt s, LintContext cx) {
        int start = start(s);
        if (start < 0) {
            return;
        }
        if (s.is(start, "insert")) {
            insert(s, cx, start);
        } else if (s.is(start, "update")) {
            int set = s.find(start + 1, "set");
            if (set >= 0) {
                Stmt.Name table = s.name(s.is(start + 1, "only") ? start + 2 : start + 1);
                setList(s, cx, set + 1, "UPDATE " + (table == null ? "" : table.text()));
            }
        }
    }

    /** The index of INSERT or UPDATE, after a WITH clause; -1 for other statements. */
    private static int start(Stmt s) {
        if (s.is(0, "insert") || s.is(0, "update")) {
            return 0;
        }
        if (!s.is(0, "with")) {
            return -1;
        }
        for (int i = 1; i < s.size(); i++) {
            if (s.tok(i).depth() == 0 && (s.is(i, "insert") || s.is(i, "update"))) {
                return i;
            }
        }
        return -1;
    }

    private static void insert(Stmt s, LintContext cx, int start) {
        int i = s.is(start + 1, "into") ? start + 2 : start + 1;
        Stmt.Name table = s.name(i);
        if (table == null) {
            return;
        }
        i = table.end();
        if (s.is(i, "as")) {
            i += 2;
        }
        if (s.type(i, TokenType.LEFT_PAREN)
                && !s.is(i + 1, "select")
                && !s.is(i + 1, "values")
                && !s.is(i + 1, "with")) {
            List<Integer> columns = new ArrayList<>();
            for (int[] r : s.split(i + 1, s.closing(i), s.tok(i).depth() + 1)) {
                columns.add(r[0]);
            }
            duplicates(s, cx, columns, "INSERT INTO " + table.text());
        }
        int set = s.find(i, "do", "update", "set");
        if (set >= 0) {
            setList(s, cx, set + 3, "ON CONFLICT DO UPDATE");
        }
    }

    private static void setList(Stmt s, LintContext cx, int from, String what) {
        int end = s.size();
        for (String stop : List.of("from", "where", "returning")) {
            int at = s.find(from, stop);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        List<Integer> columns = new ArrayList<>();
        for (int[] r : s.split(from, end, 0)) {
            if (s.type(r[0], TokenType.LEFT_PAREN)) {
                for (int[] c : s.split(r[0] + 1, s.closing(r[0]), 1)) {
                    columns.add(c[0]);
                }
            } else {
                columns.add(r[0]);
            }
        }
        duplicates(s, cx, columns, what);
    }

    private static void duplicates(Stmt s, LintContext cx, List<Integer> columns, String what) {
        Set<String> seen = new HashSet<>();
        Set<String> reported = new LinkedHashSet<>();
        for (int i : columns) {
            if (!s.isName(i)) {
                continue;
            }
            // col, col.field and col[1] all assign col; only whole-column assignments collide for sure
            boolean whole = !s.text(i + 1, ".") && !s.text(i + 1, "[");
            String name = s.tok(i).word();
            if (whole && !seen.add(name) && reported.add(name)) {
                cx.report(
                        Rule.BAN_DUPLICATE_COLUMN_ASSIGNMENTS,
                        s,
                        i,
                        what + " assigns column " + name + " more than once.",
                        null);
            }
        }
    }
}
