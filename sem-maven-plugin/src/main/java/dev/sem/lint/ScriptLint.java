package dev.sem.lint;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.sem.script.Script;
import dev.sem.script.TransactionMode;
import dev.sem.sql.SqlStatement;
import dev.sem.sql.StatementKind;

/**
 * Walks the statements of one script once, in order, handing each to every rule of {@link LintRules}; the
 * {@link LintContext} keeps what earlier statements did: tables created in the script, the transaction the applier is
 * in, and whether {@code lock_timeout} is in effect.
 */
final class ScriptLint {

    /** A finding before severity and suppressions are applied; {@code statement} indexes the script's statements. */
    record Raw(Rule rule, int statement, String file, int line, String message, String alternative) {}

    /** What one script leaves for the later scripts of the same run. */
    static final class Project {
        /** CHECK (col IS NOT NULL) constraints by name: {table, column}. */
        final Map<String, String[]> notNullChecks = new HashMap<>();
        /** "table.column" for which a validated CHECK (col IS NOT NULL) exists. */
        final Set<String> validatedNotNull = new HashSet<>();
    }

    private final LintConfig config;
    private final Script input;
    private final Project project;
    private final TransactionMode mode;

    ScriptLint(LintConfig config, Script input, Project project) {
        this.config = config;
        this.input = input;
        this.project = project;
        this.mode = input.mode();
    }

    List<Raw> run() {
        List<SqlStatement> statements = input.parsed().statements();
        List<List<Stmt>> parts = new ArrayList<>();
        for (int i = 0; i < statements.size(); i++) {
            parts.add(Stmt.parts(statements.get(i), i));
        }
        LintContext cx =
                new LintContext(config, mode, project, Timeouts.start(parts, config.lockTimeoutManaged(), mode));
        List<LintRule> rules = LintRules.all();
        for (int i = 0; i < statements.size(); i++) {
            StatementKind kind = statements.get(i).kind();
            for (Stmt s : parts.get(i)) {
                if (s.size() > 0) {
                    statement(s, kind, rules, cx);
                }
            }
        }
        for (LintRule rule : rules) {
            cx.checking(rule);
            rule.finish(cx);
        }
        return cx.raws();
    }

    private static void statement(Stmt s, StatementKind kind, List<LintRule> rules, LintContext cx) {
        for (LintRule rule : rules) {
            if (rule.reads(kind)) {
                cx.checking(rule);
                rule.check(s, cx);
            }
        }
        if (kind != StatementKind.TRANSACTION_CONTROL) { // like the rules, a part of a BEGIN statement creates nothing
            cx.created(s);
        }
    }
}
