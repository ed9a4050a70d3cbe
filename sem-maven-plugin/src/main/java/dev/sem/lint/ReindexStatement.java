package dev.sem.lint;

import dev.sem.sql.TokenType;

/**
 * A {@code REINDEX} statement as the rules read it.
 *
 * @param target the kind of object, lower case: {@code index}, {@code table}, {@code schema}, ...
 * @param name its name, or {@code null}
 * @param concurrently whether it rebuilds concurrently ({@code REINDEX (CONCURRENTLY) ...} or {@code ... CONCURRENTLY})
 */
record ReindexStatement(String target, Stmt.Name name, boolean concurrently) {

    /** {@code s} read as a REINDEX statement, or {@code null} when it is not one or reindexes the system catalogs. */
    static ReindexStatement of(Stmt s) {
        if (!s.is(0, "reindex")) {
            return null;
        }
        int i = 1;
        boolean concurrently = false;
        if (s.type(i, TokenType.LEFT_PAREN)) {
            int close = s.closing(i);
            for (int j = i + 1; j < close; j++) {
                if (s.is(j, "concurrently") && !s.is(j + 1, "false") && !s.is(j + 1, "off")) {
                    concurrently = true;
                }
            }
            i = close + 1;
        }
        String target = s.kw(i);
        if (s.is(i + 1, "concurrently")) {
            concurrently = true;
            i++;
        }
        if (target.equals("system")) {
            return null;
        }
        return new ReindexStatement(target, s.name(i + 1), concurrently);
    }

    /** Whether the object existed before the script: the script did not create the table or index. */
    boolean existing(LintContext cx) {
        return !(target.equals("table") && cx.createdTable(name)) && !(target.equals("index") && cx.createdIndex(name));
    }
}
