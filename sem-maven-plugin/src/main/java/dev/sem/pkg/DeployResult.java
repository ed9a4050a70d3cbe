package dev.sem.pkg;

import java.util.List;

/**
 * What a deploy did in one database (pgpm spec §6.4); written as the JSON report.
 *
 * @param target the redacted connection string
 * @param packageName the package
 * @param version the version as written
 * @param schema the package schema, or null for DATABASE scope
 * @param mode the deploy mode, lower case
 * @param dryRun whether nothing was changed
 * @param success whether everything requested was deployed and committed
 * @param error the failure, one line, or null
 * @param plan what was planned
 * @param files every file with its outcome, in execution order
 * @param executed how many files ran
 * @param requested how many files the deploy covered
 * @param durationMillis the wall time
 * @param packageId the registry row, or null (dry run, failure)
 * @param eventId the registry event, or null (dry run, failure)
 * @param attempts how many times the transaction ran (lock_timeout retries)
 * @param committedStatements auto-commit deploys: the statements committed, as {@code file:line}, also after a failure
 * @param warnings warnings to show (changed table scripts, ...)
 */
public record DeployResult(
        String target,
        String packageName,
        String version,
        String schema,
        String mode,
        boolean dryRun,
        boolean success,
        String error,
        DeployPlan plan,
        List<FileOutcome> files,
        int executed,
        int requested,
        long durationMillis,
        Long packageId,
        Long eventId,
        int attempts,
        List<String> committedStatements,
        List<String> warnings) {

    /**
     * One file's outcome.
     *
     * @param category its category, lower case
     * @param path its identity
     * @param sha256 the checksum of its content
     * @param status {@code executed}, {@code skipped}, {@code logged} (log only) or {@code failed}
     * @param reason why it was skipped or failed, or null
     * @param statements how many statements ran
     * @param durationMillis how long it took
     */
    public record FileOutcome(
            String category,
            String path,
            String sha256,
            String status,
            String reason,
            int statements,
            long durationMillis) {}

    /** This result with the warnings and, for auto-commit deploys, the statements committed. */
    DeployResult withWarnings(List<String> moreWarnings, List<String> committed) {
        return new DeployResult(
                target,
                packageName,
                version,
                schema,
                mode,
                dryRun,
                success,
                error,
                plan,
                files,
                executed,
                requested,
                durationMillis,
                packageId,
                eventId,
                attempts,
                committed == null ? committedStatements : List.copyOf(committed),
                List.copyOf(moreWarnings));
    }

    /** pgpm's summary line: {@code Deployed <n> files out of <m>}. */
    public String summary() {
        long skipped = files.stream().filter(f -> f.status().equals("skipped")).count();
        return (dryRun ? "Dry run: would deploy " : "Deployed ") + executed + " files out of " + requested
                + (skipped == 0 ? "" : " (" + skipped + " skipped: already executed)")
                + (schema == null ? "" : " into schema " + schema);
    }
}
