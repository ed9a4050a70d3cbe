package dev.sem.apply;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import dev.sem.history.ProgressStatus;
import dev.sem.history.StatementProgress;
import dev.sem.script.Script;
import dev.sem.sql.SqlStatement;

/**
 * A read script that is about to run, with its progress.
 *
 * @param script the script, read and checked
 * @param progress per-statement progress left by an earlier, interrupted run ({@code transaction = none} only), by
 *     statement index (starting at 1, as stored)
 * @param late whether an applied script has a later name
 */
record PendingScript(Script script, List<StatementProgress> progress, boolean late) {

    private static final Pattern SETS_LOCK_TIMEOUT = Pattern.compile(
            "(\\bset\\s+(local\\s+|session\\s+)?lock_timeout\\b)|(set_config\\s*\\(\\s*'lock_timeout')");

    private static final Pattern CHANGES_ROLE = Pattern.compile(
            "(\\bset\\s+(local\\s+|session\\s+)?role\\b)|(set_config\\s*\\(\\s*'role')|(\\bset\\s+session\\s+authorization\\b)");

    PendingScript {
        progress = List.copyOf(progress);
    }

    String name() {
        return script.name();
    }

    List<SqlStatement> statements() {
        return script.statements();
    }

    /** Whether the script switches roles; then history is written as the connecting role. */
    boolean changesRole() {
        return anyStatementMatches(CHANGES_ROLE);
    }

    /** Whether the script sets {@code lock_timeout} itself; then sem stops managing it for this script. */
    boolean managesLockTimeout() {
        return anyStatementMatches(SETS_LOCK_TIMEOUT);
    }

    private boolean anyStatementMatches(Pattern pattern) {
        for (SqlStatement s : statements()) {
            if (pattern.matcher(s.sql().toLowerCase(Locale.ROOT)).find()) {
                return true;
            }
        }
        return false;
    }

    /** Whether an earlier run completed the statement at {@code index} (starting at 1). */
    boolean completed(int index) {
        return progress.stream().anyMatch(p -> p.statementIndex() == index && p.status() == ProgressStatus.APPLIED);
    }

    /** Number of statements already completed by an earlier run. */
    int completedStatements() {
        return (int) progress.stream()
                .filter(p -> p.status() == ProgressStatus.APPLIED)
                .count();
    }
}
