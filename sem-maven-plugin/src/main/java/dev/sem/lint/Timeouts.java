package dev.sem.lint;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import dev.sem.script.TransactionMode;
import dev.sem.sql.TokenType;

/**
 * Whether {@code lock_timeout} and {@code statement_timeout} are in effect at the statement the walk is at, and if
 * not, why: sem's own lock_timeout, the script's SET, SET LOCAL, RESET and {@code set_config} calls, and the end of
 * the transaction a local setting belonged to.
 */
final class Timeouts {

    private static final Pattern ZERO = Pattern.compile("^\\s*0+(\\.0*)?\\s*(us|ms|s|min|h|d)?\\s*$");

    private boolean lockOn;
    /** Whether the lock_timeout in effect ends with the current transaction (SET LOCAL, or sem's own). */
    private boolean lockLocal;

    private String lockOff;
    private boolean statementOn;
    private String statementOff = "the script does not set statement_timeout before it";

    /** The timeouts at the start of a script whose statements are {@code parts}. */
    static Timeouts start(List<List<Stmt>> parts, boolean managed, TransactionMode mode) {
        Timeouts t = new Timeouts();
        int firstSet = firstLockTimeoutSetting(parts);
        if (firstSet > 0) {
            t.lockOff = "the script sets lock_timeout itself (line " + firstSet
                    + "), so sem does not manage it, and it is not set yet here";
        } else if (managed) {
            t.lockOn = true;
            t.lockLocal = mode == TransactionMode.SINGLE; // SET LOCAL in single, a session SET in none
        } else {
            t.lockOff = "sem does not manage lock_timeout in this run (sem.lockTimeout = 0) and the script does"
                    + " not set it before this statement";
        }
        return t;
    }

    private static int firstLockTimeoutSetting(List<List<Stmt>> parts) {
        for (List<Stmt> list : parts) {
            for (Stmt s : list) {
                if (s.size() == 0) {
                    continue;
                }
                if (s.is(0, "set") && (s.is(1, "lock_timeout") || s.is(2, "lock_timeout"))) {
                    return s.line(0);
                }
                int call = setConfigCall(s, "lock_timeout");
                if (call >= 0) {
                    return s.line(call);
                }
            }
        }
        return -1;
    }

    /** The index of {@code set_config} in {@code set_config('name', ...)}, or -1. */
    static int setConfigCall(Stmt s, String name) {
        for (int i = 0; i + 2 < s.size(); i++) {
            if (s.is(i, "set_config")
                    && s.type(i + 1, TokenType.LEFT_PAREN)
                    && s.type(i + 2, TokenType.STRING)
                    && literal(s.tok(i + 2).text()).trim().equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    /** The content of a string literal token, or the text itself when it is not one. */
    static String literal(String quoted) {
        int open = quoted.indexOf('\'');
        if (open < 0 || quoted.length() < open + 2) {
            return quoted;
        }
        return quoted.substring(open + 1, quoted.length() - 1).replace("''", "'");
    }

    /** Whether a timeout value turns the timeout off. */
    static boolean zero(String value) {
        return ZERO.matcher(value).matches();
    }

    /**
     * Statement {@code s} sets {@code name} (lock_timeout or statement_timeout) on or off, for the session or
     * ({@code local}) for the current transaction; {@code what} names the setting in messages.
     */
    void set(Stmt s, String name, boolean on, boolean local, String what, boolean inTransaction) {
        boolean lock = name.equals("lock_timeout");
        if (local && !inTransaction) {
            // SET LOCAL outside a transaction block has no effect (the server only warns)
            if (lock && !lockOn) {
                lockOff = what + " at line " + s.line(0) + " has no effect outside a transaction block (in a"
                        + " transaction = none script every statement is its own transaction)";
            }
            return;
        }
        String off = on
                ? null
                : name + " is " + (what.startsWith("RESET") ? "reset to the server default" : "0 (off)") + " after "
                        + what + " at line " + s.line(0);
        if (lock) {
            lockOn = on;
            lockLocal = local;
            lockOff = off;
        } else {
            statementOn = on;
            statementOff = off;
        }
    }

    /** The transaction ended with statement {@code s}, and a transaction-local lock_timeout with it. */
    void transactionEnded(Stmt s) {
        if (lockOn && lockLocal) {
            lockOn = false;
            lockOff = "the transaction-local lock_timeout ended with the script's "
                    + s.kw(0).toUpperCase(Locale.ROOT) + " at line " + s.line(0);
        }
    }

    /** Why no lock_timeout is in effect, or {@code null} when one is. */
    String lockTimeoutMissing() {
        if (lockOn) {
            return null;
        }
        return lockOff != null ? lockOff : "no lock_timeout is in effect";
    }

    /** Why no statement_timeout is in effect, or {@code null} when one is. */
    String statementTimeoutMissing() {
        return statementOn ? null : statementOff;
    }
}
