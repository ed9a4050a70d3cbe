package dev.sem.apply;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import dev.sem.InvalidOptionException;
import dev.sem.script.ScriptReader;

/**
 * How to apply (or baseline, or report the status of) a set of scripts.
 *
 * @param dryRun plan and print only: nothing is written to the database
 * @param lockWait how long to wait for another apply to release the apply lock
 * @param lockTimeout the managed {@code lock_timeout} for each transaction and autocommit statement; zero disables
 *     management
 * @param lockRetries how many times a unit that failed on a lock timeout (SQLSTATE 55P03) is retried
 * @param latePolicy what to do about pending scripts older than the newest applied one
 * @param strict near-miss attribute lines are errors instead of warnings
 * @param variables psql variables (the {@code set.NAME} options) available to every script
 * @param acceptChanges applied scripts whose changed content is accepted, with the recorded reason
 * @param encoding the scripts' encoding (UTF-8 unless a legacy repository says otherwise)
 * @param artifact coordinates of the distribution being applied, recorded with each script; may be null
 * @param resumeUnknown what to do with a {@code transaction = none} statement whose fate is unknown after a crash
 * @param actor who runs this (recorded with checksums and acceptances)
 * @param psql the psql program that runs the scripts marked {@code -- sem.executor = psql}: a path, or a name looked up
 *     on the {@code PATH}
 */
public record ApplyOptions(
        boolean dryRun,
        Duration lockWait,
        Duration lockTimeout,
        int lockRetries,
        LatePolicy latePolicy,
        boolean strict,
        Map<String, String> variables,
        Map<String, String> acceptChanges,
        Charset encoding,
        String artifact,
        ResumePolicy resumeUnknown,
        String actor,
        String psql) {

    /** What to do with late-merged scripts. */
    public enum LatePolicy {
        /** Apply them and list them in a warning (sem's behaviour plus a warning). */
        WARN,
        /** Refuse to apply anything while such scripts are pending. */
        FAIL
    }

    /** What to do with the statement whose fate is unknown after a crash in a {@code transaction = none} script. */
    public enum ResumePolicy {
        /** Stop and ask (the default), unless a catalog probe can settle it. */
        STOP,
        /** Run the statement again. */
        RERUN,
        /** Treat the statement as applied. */
        SKIP
    }

    public ApplyOptions {
        Objects.requireNonNull(lockWait, "lockWait");
        Objects.requireNonNull(lockTimeout, "lockTimeout");
        Objects.requireNonNull(latePolicy, "latePolicy");
        Objects.requireNonNull(encoding, "encoding");
        Objects.requireNonNull(resumeUnknown, "resumeUnknown");
        Objects.requireNonNull(psql, "psql");
        variables = Map.copyOf(variables);
        acceptChanges = Map.copyOf(acceptChanges);
        if (lockRetries < 0) {
            throw new IllegalArgumentException("lockRetries must be >= 0");
        }
    }

    /**
     * The accepted changes: each of the comma-separated {@code names} with {@code reason}; an acceptance needs a
     * reason, because it is recorded in the database.
     *
     * @param names comma-separated script names, or {@code null} / blank for none
     * @throws InvalidOptionException when names are given without a reason
     */
    public static Map<String, String> acceptedChanges(String names, String reason) {
        Map<String, String> accepted = new LinkedHashMap<>();
        if (names == null || names.isBlank()) {
            return accepted;
        }
        if (reason == null || reason.isBlank()) {
            throw new InvalidOptionException(
                    "acceptReason",
                    "Accepting the changed script(s) " + names + " needs a reason (why the changed script is"
                            + " acceptable); it is recorded in the database");
        }
        for (String name : names.split(",")) {
            accepted.put(name.trim(), reason);
        }
        return accepted;
    }

    /** How scripts are read, with {@code predefined} variables (such as {@code DBNAME}) that the given ones override. */
    public ScriptReader.Options readOptions(Map<String, String> predefined) {
        return new ScriptReader.Options(encoding, strict, predefined).withVariables(variables);
    }

    /** How scripts are read. */
    public ScriptReader.Options readOptions() {
        return readOptions(Map.of());
    }

    /** Sensible defaults: 60 s lock wait, 2 s managed lock_timeout, 8 retries, warn on late scripts. */
    public static ApplyOptions defaults() {
        return new ApplyOptions(
                false,
                Duration.ofSeconds(60),
                Duration.ofSeconds(2),
                8,
                LatePolicy.WARN,
                false,
                Map.of(),
                Map.of(),
                StandardCharsets.UTF_8,
                null,
                ResumePolicy.STOP,
                System.getProperty("user.name", "unknown"),
                "psql");
    }

    public ApplyOptions withDryRun(boolean value) {
        return new ApplyOptions(
                value,
                lockWait,
                lockTimeout,
                lockRetries,
                latePolicy,
                strict,
                variables,
                acceptChanges,
                encoding,
                artifact,
                resumeUnknown,
                actor,
                psql);
    }

    public ApplyOptions withLockWait(Duration value) {
        return new ApplyOptions(
                dryRun,
                value,
                lockTimeout,
                lockRetries,
                latePolicy,
                strict,
                variables,
                acceptChanges,
                encoding,
                artifact,
                resumeUnknown,
                actor,
                psql);
    }

    public ApplyOptions withLockTimeout(Duration value, int retries) {
        return new ApplyOptions(
                dryRun,
                lockWait,
                value,
                retries,
                latePolicy,
                strict,
                variables,
                acceptChanges,
                encoding,
                artifact,
                resumeUnknown,
                actor,
                psql);
    }

    public ApplyOptions withLatePolicy(LatePolicy value) {
        return new ApplyOptions(
                dryRun,
                lockWait,
                lockTimeout,
                lockRetries,
                value,
                strict,
                variables,
                acceptChanges,
                encoding,
                artifact,
                resumeUnknown,
                actor,
                psql);
    }

    public ApplyOptions withStrict(boolean value) {
        return new ApplyOptions(
                dryRun,
                lockWait,
                lockTimeout,
                lockRetries,
                latePolicy,
                value,
                variables,
                acceptChanges,
                encoding,
                artifact,
                resumeUnknown,
                actor,
                psql);
    }

    public ApplyOptions withVariables(Map<String, String> value) {
        return new ApplyOptions(
                dryRun,
                lockWait,
                lockTimeout,
                lockRetries,
                latePolicy,
                strict,
                value,
                acceptChanges,
                encoding,
                artifact,
                resumeUnknown,
                actor,
                psql);
    }

    public ApplyOptions withAcceptChanges(Map<String, String> value) {
        return new ApplyOptions(
                dryRun,
                lockWait,
                lockTimeout,
                lockRetries,
                latePolicy,
                strict,
                variables,
                value,
                encoding,
                artifact,
                resumeUnknown,
                actor,
                psql);
    }

    public ApplyOptions withEncoding(Charset value) {
        return new ApplyOptions(
                dryRun,
                lockWait,
                lockTimeout,
                lockRetries,
                latePolicy,
                strict,
                variables,
                acceptChanges,
                value,
                artifact,
                resumeUnknown,
                actor,
                psql);
    }

    public ApplyOptions withArtifact(String value) {
        return new ApplyOptions(
                dryRun,
                lockWait,
                lockTimeout,
                lockRetries,
                latePolicy,
                strict,
                variables,
                acceptChanges,
                encoding,
                value,
                resumeUnknown,
                actor,
                psql);
    }

    public ApplyOptions withResumeUnknown(ResumePolicy value) {
        return new ApplyOptions(
                dryRun,
                lockWait,
                lockTimeout,
                lockRetries,
                latePolicy,
                strict,
                variables,
                acceptChanges,
                encoding,
                artifact,
                value,
                actor,
                psql);
    }

    public ApplyOptions withActor(String value) {
        return new ApplyOptions(
                dryRun,
                lockWait,
                lockTimeout,
                lockRetries,
                latePolicy,
                strict,
                variables,
                acceptChanges,
                encoding,
                artifact,
                resumeUnknown,
                value,
                psql);
    }

    /** The same options with {@code value} as the psql program (see {@link #psql()}). */
    public ApplyOptions withPsql(String value) {
        return new ApplyOptions(
                dryRun,
                lockWait,
                lockTimeout,
                lockRetries,
                latePolicy,
                strict,
                variables,
                acceptChanges,
                encoding,
                artifact,
                resumeUnknown,
                actor,
                value == null || value.isBlank() ? "psql" : value);
    }
}
