package dev.sem.lint;

import java.util.Set;

/** {@code ban-truncate-cascade}: TRUNCATE ... CASCADE also empties the tables that reference these. */
final class TruncateCascadeRule implements LintRule {

    private static final Set<Rule> REPORTS = Set.of(Rule.BAN_TRUNCATE_CASCADE);

    @Override
    public Set<Rule> reports() {
        return REPORTS;
    }

    @Override
    public void check(Stmt s, LintContext cx) {
        if (s.is(0, "truncate") && s.find(1, "cascade") >= 0) {
            cx.report(
                    Rule.BAN_TRUNCATE_CASCADE,
                    s,
                    s.size() - 1,
                    "TRUNCATE ... CASCADE also empties every table that references these through foreign keys.",
                    null);
        }
    }
}
