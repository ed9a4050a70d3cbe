package dev.sem.lint;

import java.util.List;
import java.util.Set;

import dev.sem.sql.TokenType;

/**
 * {@code require-lock-timeout} and {@code require-statement-timeout}: a statement that waits for a strong lock on an
 * existing table ({@link StrongLocks}) needs both timeouts in effect. Follows the script's SET, SET LOCAL, RESET and
 * {@code set_config} of the two settings into {@link Timeouts}.
 */
final class TimeoutRules implements LintRule {

    private static final Set<Rule> REPORTS = Set.of(Rule.REQUIRE_LOCK_TIMEOUT, Rule.REQUIRE_STATEMENT_TIMEOUT);

    @Override
    public Set<Rule> reports() {
        return REPORTS;
    }

    @Override
    public void check(Stmt s, LintContext cx) {
        settings(s, cx);
        String what = StrongLocks.of(s, cx);
        if (what == null) {
            return;
        }
        String lock = cx.timeouts().lockTimeoutMissing();
        if (lock != null) {
            cx.report(
                    Rule.REQUIRE_LOCK_TIMEOUT,
                    s,
                    0,
                    what + " waits for a strong lock with no lock_timeout: " + lock + ".",
                    null);
        }
        String statement = cx.timeouts().statementTimeoutMissing();
        if (statement != null) {
            cx.report(
                    Rule.REQUIRE_STATEMENT_TIMEOUT,
                    s,
                    0,
                    what + " runs with no statement_timeout: " + statement + ".",
                    null);
        }
    }

    private static void settings(Stmt s, LintContext cx) {
        if (s.is(0, "set")) {
            set(s, cx);
        } else if (s.is(0, "reset")) {
            if (s.is(1, "all")) {
                setting(s, cx, "lock_timeout", false, false, "RESET ALL");
                setting(s, cx, "statement_timeout", false, false, "RESET ALL");
            } else if (s.is(1, "lock_timeout") || s.is(1, "statement_timeout")) {
                setting(s, cx, s.kw(1), false, false, "RESET " + s.kw(1));
            }
        } else {
            for (String name : List.of("lock_timeout", "statement_timeout")) {
                int call = Timeouts.setConfigCall(s, name);
                if (call >= 0) {
                    String value = s.type(call + 4, TokenType.STRING)
                            ? Timeouts.literal(s.tok(call + 4).text())
                            : "1";
                    boolean local = s.is(call + 6, "true") || s.is(call + 6, "on");
                    setting(s, cx, name, !Timeouts.zero(value), local, "set_config('" + name + "')");
                }
            }
        }
    }

    /** {@code SET [LOCAL | SESSION] name {TO | =} value}. */
    private static void set(Stmt s, LintContext cx) {
        int i = 1;
        boolean local = s.is(1, "local");
        if (local || s.is(1, "session")) {
            i++;
        }
        String name = s.kw(i);
        if (!name.equals("lock_timeout") && !name.equals("statement_timeout")) {
            return;
        }
        int v = s.is(i + 1, "to") || s.text(i + 1, "=") ? i + 2 : i + 1;
        boolean on;
        if (s.is(v, "default")) {
            on = false;
        } else if (s.type(v, TokenType.NUMBER)) {
            on = !Timeouts.zero(s.tok(v).text());
        } else if (s.type(v, TokenType.STRING)) {
            on = !Timeouts.zero(Timeouts.literal(s.tok(v).text()));
        } else {
            on = true;
        }
        setting(s, cx, name, on, local, "SET " + (local ? "LOCAL " : "") + name);
    }

    private static void setting(Stmt s, LintContext cx, String name, boolean on, boolean local, String what) {
        cx.timeouts().set(s, name, on, local, what, cx.inTransaction());
    }
}
