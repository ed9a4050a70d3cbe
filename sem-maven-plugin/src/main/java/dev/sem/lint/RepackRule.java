package dev.sem.lint;

import java.util.Set;

import dev.sem.sql.TokenType;

/** {@code prefer-repack}: CLUSTER and VACUUM FULL rewrite the table under an ACCESS EXCLUSIVE lock. */
final class RepackRule implements LintRule {

    private static final Set<Rule> REPORTS = Set.of(Rule.PREFER_REPACK);

    @Override
    public Set<Rule> reports() {
        return REPORTS;
    }

    @Override
    public void check(Stmt s, LintContext cx) {
        if (s.is(0, "cluster")) {
            cx.report(Rule.PREFER_REPACK, s, 0, "CLUSTER rewrites the table under an ACCESS EXCLUSIVE lock.", null);
        } else if (vacuumFull(s)) {
            cx.report(Rule.PREFER_REPACK, s, 0, "VACUUM FULL rewrites the table under an ACCESS EXCLUSIVE lock.", null);
        }
    }

    /** Whether {@code s} is {@code VACUUM FULL} or {@code VACUUM (FULL [true]) ...}. */
    static boolean vacuumFull(Stmt s) {
        if (!s.is(0, "vacuum")) {
            return false;
        }
        boolean full = s.is(1, "full");
        if (s.type(1, TokenType.LEFT_PAREN)) {
            int close = s.closing(1);
            for (int j = 2; j < close; j++) {
                if (s.is(j, "full") && !s.is(j + 1, "false") && !s.is(j + 1, "off") && !s.text(j + 1, "0")) {
                    full = true;
                }
            }
        }
        return full;
    }
}
