package dev.sem.lint;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.sem.script.TransactionMode;
import dev.sem.sql.StatementKind;
import dev.sem.sql.TokenType;

/**
 * {@code ban-concurrent-index-creation-in-transaction}: a CONCURRENTLY statement inside the transaction a script runs
 * in, or inside the body of a DO block, function or procedure (where it always fails).
 */
final class ConcurrentInTransactionRule implements LintRule {

    private static final Set<Rule> REPORTS = Set.of(Rule.BAN_CONCURRENT_INDEX_CREATION_IN_TRANSACTION);

    private static final Pattern CONCURRENT_IN_BODY = Pattern.compile(
            "\\b(create\\s+(unique\\s+)?index\\s+concurrently|drop\\s+index\\s+concurrently"
                    + "|reindex\\b[^;]*?\\bconcurrently|detach\\s+partition\\b[^;]*?\\bconcurrently)\\b",
            Pattern.CASE_INSENSITIVE);

    @Override
    public Set<Rule> reports() {
        return REPORTS;
    }

    @Override
    public void check(Stmt s, LintContext cx) {
        String description = s.source.description();
        if (s.source.kind() == StatementKind.NON_TRANSACTIONAL
                && cx.mode() == TransactionMode.SINGLE
                && cx.inTransaction()
                && description != null
                && description.contains("CONCURRENTLY")) {
            cx.report(
                    Rule.BAN_CONCURRENT_INDEX_CREATION_IN_TRANSACTION,
                    s,
                    0,
                    description + " cannot run inside the transaction this script runs in.",
                    null);
        }
        if (s.is(0, "do")) {
            body(s, cx, "DO block");
            return;
        }
        CreateStatement create = cx.create(s);
        if (create != null && (create.what.equals("function") || create.what.equals("procedure"))) {
            body(s, cx, create.what);
        }
    }

    /** Bodies of DO blocks, functions and procedures cannot run CREATE INDEX CONCURRENTLY. */
    private static void body(Stmt s, LintContext cx, String what) {
        for (int i = 0; i < s.size(); i++) {
            Stmt.Tok t = s.tok(i);
            if (t.type() == TokenType.DOLLAR_STRING || t.type() == TokenType.STRING) {
                Matcher m = CONCURRENT_IN_BODY.matcher(t.text());
                if (m.find()) {
                    cx.report(
                            Rule.BAN_CONCURRENT_INDEX_CREATION_IN_TRANSACTION,
                            s,
                            i,
                            "The " + what + " runs '"
                                    + m.group(1).replaceAll("\\s+", " ").toUpperCase(Locale.ROOT)
                                    + "', which cannot run inside a function or DO block and always fails.",
                            null);
                    return;
                }
            }
        }
    }
}
