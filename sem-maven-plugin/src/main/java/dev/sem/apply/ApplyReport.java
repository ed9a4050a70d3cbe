package dev.sem.apply;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import dev.sem.SemException;

/**
 * What a run of {@code apply}, {@code baseline} or {@code status} did or found; written as JSON with
 * the {@code report} option.
 *
 * @param goal the goal that ran
 * @param target the database URL, sanitized
 * @param dryRun whether nothing was written
 * @param latestVersion the deployed version after the run (the latest row of {@code versions}), or null
 * @param versionRecorded the version recorded by this run, or null
 * @param bootstrap bootstrap entries run (or, in a dry run, that would run)
 * @param scripts every script considered, in order
 * @param warnings warnings, in the order they were given
 * @param durationMs wall time of the run
 * @param error the one-line error, or null on success
 * @param dryRunPlan for dry runs, the SQL file psql could execute; otherwise null
 */
public record ApplyReport(
        Goal goal,
        String target,
        boolean dryRun,
        String latestVersion,
        String versionRecorded,
        List<String> bootstrap,
        List<ScriptResult> scripts,
        List<String> warnings,
        long durationMs,
        String error,
        DryRunSql dryRunPlan) {

    /** The dry run's SQL file as one text (the COPY data of large scripts read in), or null. */
    public String dryRunSql() {
        return dryRunPlan == null ? null : dryRunPlan.text();
    }

    /** The same report with the dry-run SQL attached. */
    public ApplyReport withDryRunSql(DryRunSql sql) {
        return new ApplyReport(
                goal,
                target,
                dryRun,
                latestVersion,
                versionRecorded,
                bootstrap,
                scripts,
                warnings,
                durationMs,
                error,
                sql);
    }

    /**
     * One script's state.
     *
     * @param name the file name
     * @param status what was found or done
     * @param mode {@code single} or {@code none}, when known
     * @param statements statements run, when known
     * @param durationMs time taken by this run, when it ran
     * @param retries lock-timeout retries, when it ran
     * @param sha256 the file's SHA-256
     * @param storedSha256 the SHA-256 recorded when it was applied, when different or relevant
     * @param late whether it is older than the newest applied script
     */
    public record ScriptResult(
            String name,
            ScriptOutcome status,
            String mode,
            Integer statements,
            Long durationMs,
            Integer retries,
            String sha256,
            String storedSha256,
            boolean late) {}

    /**
     * Why a status run fails: an applied script has changed. Empty for other goals, and when nothing changed.
     */
    public Optional<String> statusFailure() {
        if (goal != Goal.STATUS || withStatus(ScriptOutcome.CHANGED).isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(error);
    }

    /**
     * Writes the dry-run SQL to {@code file}, creating its folder.
     *
     * @throws SemException (an environment error) when the file cannot be written
     */
    public void writeDryRunSql(Path file) {
        if (dryRunPlan == null) {
            return;
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            dryRunPlan.write(file);
        } catch (IOException e) {
            throw SemException.environment("Could not write " + file + ": " + e.getMessage(), e);
        }
    }

    /** The scripts with the given status. */
    public List<ScriptResult> withStatus(ScriptOutcome status) {
        return scripts.stream().filter(s -> s.status() == status).toList();
    }

    /** The scripts with the given status, by its report name (such as {@code previously-applied}). */
    public List<ScriptResult> withStatus(String status) {
        return scripts.stream().filter(s -> s.status().id().equals(status)).toList();
    }
}
