package dev.sem.lint;

import java.util.Set;

import dev.sem.sql.StatementKind;

/**
 * One lint rule, or a small family of rules that read the same statements. {@link ScriptLint} walks the statements
 * of a script once and hands each one to every rule {@link LintRules} lists, in that order; what the walk knows from
 * the statements before (the transaction, the timeouts in effect, the tables the script created) is in the
 * {@link LintContext}.
 *
 * <p>A rule instance lints one script: it may keep state of its own from one statement to the next.
 */
interface LintRule {

    /** The rules this class reports; {@link LintContext#report} refuses any other. */
    Set<Rule> reports();

    /** Whether the rule reads statements of this kind: by default all but transaction control (BEGIN, COMMIT, ...). */
    default boolean reads(StatementKind kind) {
        return kind != StatementKind.TRANSACTION_CONTROL;
    }

    /** Checks one statement (one {@code \;}-separated part of it), reporting through {@code cx}. */
    void check(Stmt s, LintContext cx);

    /** Called once after the script's last statement. */
    default void finish(LintContext cx) {}
}
