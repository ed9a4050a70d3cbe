package dev.sem.lint;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

import dev.sem.sql.StatementKind;
import dev.sem.sql.TokenType;

/** {@code identifier-too-long}: a name in CREATE or ALTER longer than the 63 bytes PostgreSQL keeps. */
final class IdentifierLengthRule implements LintRule {

    private static final Set<Rule> REPORTS = Set.of(Rule.IDENTIFIER_TOO_LONG);

    @Override
    public Set<Rule> reports() {
        return REPORTS;
    }

    @Override
    public boolean reads(StatementKind kind) {
        return true;
    }

    @Override
    public void check(Stmt s, LintContext cx) {
        if (!s.is(0, "create") && !s.is(0, "alter")) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < s.size(); i++) {
            if (!(s.type(i, TokenType.IDENTIFIER) || s.type(i, TokenType.QUOTED_IDENTIFIER))) {
                continue;
            }
            String name = s.tok(i).word();
            int bytes = name.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > 63 && seen.add(name)) {
                cx.report(
                        Rule.IDENTIFIER_TOO_LONG,
                        s,
                        i,
                        "Identifier " + s.tok(i).text() + " is " + bytes + " bytes; PostgreSQL truncates it to 63.",
                        null);
            }
        }
    }
}
