package dev.sem.lint;

import java.util.Map;

import dev.sem.sql.ScriptParser;

/** Test helpers: one statement as the rules see it. */
final class Statements {

    private Statements() {}

    /** The first (or only) part of the first statement of {@code sql}. */
    static Stmt stmt(String sql) {
        return Stmt.parts(
                        new ScriptParser(Map.of(), null)
                                .parse(Lint.FILE, sql)
                                .statements()
                                .get(0),
                        0)
                .get(0);
    }
}
