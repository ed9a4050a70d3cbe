package dev.sem.history;

import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * A row of {@code schema_evolution_manager.sem_java_script_progress}: one statement of a script that is running or
 * failed part-way.
 *
 * @param filename the script's file name
 * @param statementIndex the statement's position in the script, starting at 1
 * @param statementSha256 SHA-256 of the statement's text
 * @param status the statement's state
 * @param durationMs how long it ran, or {@code null}
 * @param retries how often it was retried (for example after a lock timeout)
 * @param sqlstate the failure's SQLSTATE, or {@code null}
 * @param message the failure's one-line message, or {@code null}
 * @param statementCount the number of statements in the script, or {@code null}
 * @param fileSha256 SHA-256 of the whole file, or {@code null}
 * @param artifact the artifact coordinates the script came from, or {@code null}
 * @param recordedAt when the row was last written; ignored when recording (the database sets it)
 */
public record StatementProgress(
        String filename,
        int statementIndex,
        String statementSha256,
        ProgressStatus status,
        Long durationMs,
        int retries,
        String sqlstate,
        String message,
        Integer statementCount,
        String fileSha256,
        String artifact,
        OffsetDateTime recordedAt) {

    public StatementProgress {
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(status, "status");
        if (statementIndex < 1) {
            throw new IllegalArgumentException("statementIndex starts at 1, not " + statementIndex);
        }
        if (retries < 0) {
            throw new IllegalArgumentException("retries cannot be negative");
        }
        if (sqlstate != null && sqlstate.length() != 5) {
            throw new IllegalArgumentException("A SQLSTATE has 5 characters, not: " + sqlstate);
        }
        History.checkSha256("statementSha256", statementSha256, false);
        History.checkSha256("fileSha256", fileSha256, true);
    }
}
