package dev.sem.lint;

import java.util.Set;

/**
 * {@code ban-create-domain-with-constraint} and {@code ban-alter-domain-with-add-constraint}: a domain's CHECK is hard
 * to change once tables use it, and adding one checks every column that uses the domain.
 */
final class DomainRules implements LintRule {

    private static final Set<Rule> REPORTS =
            Set.of(Rule.BAN_CREATE_DOMAIN_WITH_CONSTRAINT, Rule.BAN_ALTER_DOMAIN_WITH_ADD_CONSTRAINT);

    @Override
    public Set<Rule> reports() {
        return REPORTS;
    }

    @Override
    public void check(Stmt s, LintContext cx) {
        CreateStatement create = cx.create(s);
        if (create != null && create.what.equals("domain")) {
            int i = create.at + 1;
            Stmt.Name domain = s.name(i);
            int check = s.find(i, "check");
            int at = check >= 0 ? check : s.find(i, "constraint");
            if (at >= 0) {
                cx.report(
                        Rule.BAN_CREATE_DOMAIN_WITH_CONSTRAINT,
                        s,
                        at,
                        "Domain " + (domain == null ? "" : domain.text() + " ") + "has a CHECK constraint, which is"
                                + " hard to change once tables use the domain.",
                        null);
            }
        }
        int add = s.is(0, "alter", "domain") ? s.find(2, "add") : -1;
        if (add >= 0 && s.find(add, "not", "valid") < 0) {
            Stmt.Name domain = s.name(2);
            cx.report(
                    Rule.BAN_ALTER_DOMAIN_WITH_ADD_CONSTRAINT,
                    s,
                    add,
                    "ALTER DOMAIN " + (domain == null ? "" : domain.text() + " ") + "ADD CONSTRAINT checks every"
                            + " column that uses the domain.",
                    null);
        }
    }
}
