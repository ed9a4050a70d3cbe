package dev.sem.lint;

import java.util.List;

/**
 * The outcome of linting, ready for the JSON report.
 *
 * @param scripts how many scripts were linted
 * @param postgresVersion the PostgreSQL major version the rules assumed
 * @param failOn {@code error}, {@code warning} or {@code off}
 * @param errors findings of severity error
 * @param warnings findings of severity warning
 * @param failed whether the findings fail the build
 * @param findings every finding, by script and line
 */
public record LintReport(
        int scripts,
        int postgresVersion,
        String failOn,
        int errors,
        int warnings,
        boolean failed,
        List<Finding> findings) {

    public LintReport {
        findings = List.copyOf(findings);
    }

    /** Summarizes {@code findings} under {@code config}. */
    public static LintReport of(int scripts, List<Finding> findings, LintConfig config) {
        int errors = (int)
                findings.stream().filter(f -> f.severity() == Severity.ERROR).count();
        int warnings = (int)
                findings.stream().filter(f -> f.severity() == Severity.WARNING).count();
        return new LintReport(
                scripts,
                config.postgresVersion(),
                config.failOn().label(),
                errors,
                warnings,
                config.fails(findings),
                findings);
    }

    /** One line: {@code Lint: 2 errors, 1 warning in 14 scripts}. */
    public String summary() {
        return "Lint: " + plural(errors, "error") + ", " + plural(warnings, "warning") + " in "
                + plural(scripts, "script");
    }

    private static String plural(int n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }
}
