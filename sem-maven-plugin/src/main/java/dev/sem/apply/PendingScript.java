package dev.sem.apply;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import dev.sem.script.TransactionMode;
import dev.sem.sql.ParsedScript;
import dev.sem.sql.SqlStatement;

/**
 * A script that is about to run, fully validated: decoded, its attributes read, split into statements.
 *
 * @param name the file name, the script's identity
 * @param displayPath the path shown in messages ({@code ./scripts/<name>})
 * @param sha256 SHA-256 of the file's bytes
 * @param normalizedSha256 SHA-256 of the normalized token stream
 * @param mode the transaction attribute
 * @param parsed the statements and psql meta-commands
 * @param statementHashes SHA-256 of each statement's SQL, in order (for resume checks)
 * @param progress per-statement progress left by an earlier, interrupted run ({@code transaction = none} only)
 * @param late whether an applied script has a later name
 * @param text the decoded file
 */
record PendingScript(
        String name,
        String displayPath,
        String sha256,
        String normalizedSha256,
        TransactionMode mode,
        ParsedScript parsed,
        List<String> statementHashes,
        List<HistoryStore.Progress> progress,
        boolean late,
        String text) {

    private static final Pattern SETS_LOCK_TIMEOUT = Pattern.compile(
            "(\\bset\\s+(local\\s+|session\\s+)?lock_timeout\\b)|(set_config\\s*\\(\\s*'lock_timeout')");

    private static final Pattern CHANGES_ROLE = Pattern.compile(
            "(\\bset\\s+(local\\s+|session\\s+)?role\\b)|(set_config\\s*\\(\\s*'role')|(\\bset\\s+session\\s+authorization\\b)");

    /** Whether the script switches roles; then history is written as the connecting role. */
    boolean changesRole() {
        for (SqlStatement s : statements()) {
            if (CHANGES_ROLE.matcher(s.sql().toLowerCase(Locale.ROOT)).find()) {
                return true;
            }
        }
        return false;
    }

    List<SqlStatement> statements() {
        return parsed.statements();
    }

    /** Whether the script sets {@code lock_timeout} itself; then sem stops managing it for this script. */
    boolean managesLockTimeout() {
        for (SqlStatement s : statements()) {
            if (SETS_LOCK_TIMEOUT.matcher(s.sql().toLowerCase(Locale.ROOT)).find()) {
                return true;
            }
        }
        return false;
    }

    /** Number of statements already completed by an earlier run. */
    int completedStatements() {
        int done = 0;
        for (HistoryStore.Progress p : progress) {
            if ("done".equals(p.status())) {
                done++;
            }
        }
        return done;
    }
}
