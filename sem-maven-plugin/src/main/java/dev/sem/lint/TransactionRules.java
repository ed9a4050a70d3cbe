package dev.sem.lint;

import java.util.Locale;
import java.util.Set;

import dev.sem.script.TransactionMode;
import dev.sem.sql.StatementKind;

/**
 * {@code transaction-nesting}: BEGIN or COMMIT in a script sem runs in one transaction; {@code
 * ban-uncommitted-transaction}: a BEGIN the script never commits. Follows the script's transactions into the
 * {@link LintContext}.
 */
final class TransactionRules implements LintRule {

    private static final Set<Rule> REPORTS = Set.of(Rule.TRANSACTION_NESTING, Rule.BAN_UNCOMMITTED_TRANSACTION);

    /** The BEGIN of the transaction the script opened and has not ended yet. */
    private Stmt openBegin;

    @Override
    public Set<Rule> reports() {
        return REPORTS;
    }

    @Override
    public boolean reads(StatementKind kind) {
        return kind == StatementKind.TRANSACTION_CONTROL;
    }

    @Override
    public void check(Stmt s, LintContext cx) {
        String w = s.kw(0);
        boolean opens = w.equals("begin") || (w.equals("start") && s.is(1, "transaction"));
        boolean closes = w.equals("commit")
                || w.equals("end")
                || w.equals("abort")
                || (w.equals("rollback") && !s.is(1, "to") && !s.is(1, "prepared"))
                || (w.equals("prepare") && s.is(1, "transaction"));
        if (cx.mode() == TransactionMode.SINGLE && (opens || closes)) {
            String what = s.snippet(0, Math.min(s.size(), 2)).toUpperCase(Locale.ROOT);
            cx.report(
                    Rule.TRANSACTION_NESTING,
                    s,
                    0,
                    opens
                            ? what + " inside a script that sem already runs in one transaction (only a warning from"
                                    + " the server, but a sign the script expects to manage its own transaction)."
                            : what + " ends the transaction sem runs this script in: the statements after it run in"
                                    + " autocommit and are not rolled back if a later one fails.",
                    null);
        }
        if (opens) {
            if (openBegin == null) {
                openBegin = s;
            }
            cx.beginTransaction();
        } else if (closes) {
            openBegin = null;
            cx.endTransaction(s);
        }
    }

    @Override
    public void finish(LintContext cx) {
        if (openBegin != null) {
            cx.report(
                    Rule.BAN_UNCOMMITTED_TRANSACTION,
                    openBegin,
                    0,
                    openBegin.kw(0).toUpperCase(Locale.ROOT) + " opens a transaction that the script never commits.",
                    null);
        }
    }
}
