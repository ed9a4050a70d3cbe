package dev.sem.lint;

import java.util.Set;

/** {@code require-enum-value-ordering}: ALTER TYPE ... ADD VALUE without BEFORE or AFTER. */
final class EnumValueOrderingRule implements LintRule {

    private static final Set<Rule> REPORTS = Set.of(Rule.REQUIRE_ENUM_VALUE_ORDERING);

    @Override
    public Set<Rule> reports() {
        return REPORTS;
    }

    @Override
    public void check(Stmt s, LintContext cx) {
        int add = addValue(s);
        if (add >= 0 && s.find(add, "before") < 0 && s.find(add, "after") < 0) {
            Stmt.Name type = s.name(2);
            cx.report(
                    Rule.REQUIRE_ENUM_VALUE_ORDERING,
                    s,
                    add,
                    "ADD VALUE to " + (type == null ? "the enum" : type.text()) + " without BEFORE or AFTER appends"
                            + " the value at the end of the sort order.",
                    null);
        }
    }

    /** The index of ADD in {@code ALTER TYPE name ADD VALUE}, else -1. */
    static int addValue(Stmt s) {
        return s.is(0, "alter", "type") ? s.find(2, "add", "value") : -1;
    }
}
