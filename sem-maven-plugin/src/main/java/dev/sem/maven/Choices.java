package dev.sem.maven;

import dev.sem.apply.ApplyOptions;
import dev.sem.lint.Severity;

/**
 * The values of the enumerated goal parameters, spelt as users type them: Maven converts a parameter to an enum
 * constant by its exact name, rejects anything else and lists the constants in {@code help}.
 */
public final class Choices {

    private Choices() {}

    /** {@code sem.latePolicy}: what to do with pending scripts older than the newest applied one. */
    public enum LatePolicy {
        warn(ApplyOptions.LatePolicy.WARN),
        fail(ApplyOptions.LatePolicy.FAIL);

        private final ApplyOptions.LatePolicy engine;

        LatePolicy(ApplyOptions.LatePolicy engine) {
            this.engine = engine;
        }

        ApplyOptions.LatePolicy engine() {
            return engine;
        }
    }

    /** {@code sem.resumeUnknown}: a {@code transaction = none} statement whose fate is unknown after a crash. */
    public enum ResumeUnknown {
        stop(ApplyOptions.ResumePolicy.STOP),
        rerun(ApplyOptions.ResumePolicy.RERUN),
        skip(ApplyOptions.ResumePolicy.SKIP);

        private final ApplyOptions.ResumePolicy engine;

        ResumeUnknown(ApplyOptions.ResumePolicy engine) {
            this.engine = engine;
        }

        ApplyOptions.ResumePolicy engine() {
            return engine;
        }
    }

    /** {@code sem.lint.failOn}: which lint findings fail the build. */
    public enum LintFailOn {
        error(Severity.ERROR),
        warning(Severity.WARNING),
        none(Severity.OFF);

        private final Severity engine;

        LintFailOn(Severity engine) {
            this.engine = engine;
        }

        Severity engine() {
            return engine;
        }
    }

    /** {@code sem.verify.provider}: where the throwaway PostgreSQL comes from. */
    public enum Provider {
        embedded,
        docker
    }
}
