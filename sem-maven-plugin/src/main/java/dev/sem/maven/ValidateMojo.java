package dev.sem.maven;

import java.io.File;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.sem.SemException;
import dev.sem.lint.Finding;
import dev.sem.lint.LintConfig;
import dev.sem.lint.Severity;
import dev.sem.lint.ValidateGoal;
import dev.sem.pkg.PackageProject;
import dev.sem.source.ScriptSource;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Checks every script without a database: names, attributes, encoding, lexing and psql meta-commands, statements that
 * cannot run in a transaction, that released scripts are unchanged (git release tags), and lints the SQL for
 * statements that lock or break a live database. Fails listing every problem; lint findings fail by severity.
 *
 * @since 0.1.0
 */
@Mojo(name = "validate", defaultPhase = LifecyclePhase.VALIDATE, threadSafe = true)
public class ValidateMojo extends AbstractScriptsMojo {

    /**
     * The directory containing {@code scripts/}; the project's base directory by default.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sem.dir", defaultValue = "${project.basedir}")
    protected File dir;

    /**
     * Check that scripts contained in a release tag are unchanged (skipped with a note outside a git work tree).
     *
     * @since 0.1.0
     */
    @Parameter(property = "sem.validate.immutability", defaultValue = "true")
    protected boolean immutability;

    /**
     * Skip the lint.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sem.lint.skip", defaultValue = "false")
    protected boolean lintSkip;

    /**
     * Which lint findings fail the build: {@code error}, {@code warning} (errors and warnings) or {@code none} (only
     * print them).
     *
     * @since 0.1.0
     */
    @Parameter(property = "sem.lint.failOn", defaultValue = "error")
    protected Choices.LintFailOn lintFailOn;

    /**
     * Severity per lint rule, overriding the defaults: rule id (squawk's rule names are the ids) to {@code error},
     * {@code warning} or {@code off}, e.g. {@code <lintRules><ban-drop-column>warning</ban-drop-column></lintRules>}. A
     * map cannot be given on the command line; use {@code sem.lint.rules} there.
     *
     * @since 0.1.0
     */
    @Parameter
    protected Map<String, String> lintRules = new LinkedHashMap<>();

    /**
     * Severity overrides on the command line, as {@code rule=severity} pairs separated by commas, e.g.
     * {@code -Dsem.lint.rules=ban-drop-column=off,prefer-robust-stmts=error}. Applied after {@code lintRules}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sem.lint.rules")
    protected String lintRuleList;

    /**
     * The PostgreSQL major version the scripts run on; some rules depend on it (before 11 every column default
     * rewrites the table, before 12 SET NOT NULL always scans).
     *
     * @since 0.1.0
     */
    @Parameter(property = "sem.lint.postgresVersion", defaultValue = "13")
    protected int lintPostgresVersion;

    /**
     * Where {@code lint.json} and {@code lint-junit.xml} are written.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sem.lint.outputDirectory", defaultValue = "${project.build.directory}/sem")
    protected File lintOutputDirectory;

    @Override
    protected String goal() {
        return "validate";
    }

    /** The project: a package project's coordinates must agree with its {@code config.json}. */
    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    protected MavenProject project;

    @Override
    protected void doExecute() {
        LintConfig config = lintConfig();
        if (PackageProject.isPackage(dir.toPath())) {
            validatePackage(config);
            return;
        }
        Path base;
        try (ScriptSource source = ScriptSource.directory(dir.toPath())) {
            base = source.baseDir();
        }
        ValidateGoal.Report report = new ValidateGoal(engineLog())
                .run(base, readOptions(), new ValidateGoal.Options(immutability, !lintSkip, config));

        report.problems().forEach(p -> getLog().error(OptionFlags.render(p)));
        report.immutability().changes().forEach(getLog()::error);
        if (report.lint() != null) {
            for (Finding f : report.lint().findings()) {
                if (f.severity() == Severity.ERROR) {
                    getLog().error(f.toString());
                } else {
                    getLog().warn(f.toString());
                }
            }
            if (lintOutputDirectory != null) {
                report.writeLintReports(lintOutputDirectory.toPath(), config);
            }
        }
        getLog().info(summary(report));
        writeReport(report);
        if (report.failed()) {
            List<String> failures =
                    report.failures(config).stream().map(OptionFlags::render).toList();
            throw new SemException("sem:validate found " + failures.size() + " problem"
                    + (failures.size() == 1 ? "" : "s") + ":\n  " + String.join("\n  ", failures));
        }
    }

    /** A package project: descriptor, files, type graph, coordinates and lint; no scripts/. */
    private void validatePackage(LintConfig config) {
        PackageProject.Validation v = PackageProject.validate(
                dir.toPath(), project.getArtifactId(), project.getVersion(), lintSkip ? null : config);
        v.warnings().forEach(getLog()::warn);
        if (v.lint() != null) {
            for (Finding f : v.lint().findings()) {
                if (f.severity() == Severity.ERROR) {
                    getLog().error(f.toString());
                } else {
                    getLog().warn(f.toString());
                }
            }
        }
        getLog().info("Validated package " + v.packageName() + " " + v.version() + " ("
                + (v.schema() == null ? "database scope" : "schema " + v.schema()) + "): " + v.files() + " file"
                + (v.files() == 1 ? "" : "s") + "; "
                + (v.lint() == null ? "lint skipped" : v.lint().summary()));
        writeReport(v);
        if (v.lintFails(config)) {
            List<String> failures = v.failures(config);
            throw new SemException("sem:validate found " + failures.size() + " problem"
                    + (failures.size() == 1 ? "" : "s") + ":\n  " + String.join("\n  ", failures));
        }
    }

    private static String summary(ValidateGoal.Report report) {
        StringBuilder sb = new StringBuilder("Validated ")
                .append(report.scripts().size())
                .append(report.scripts().size() == 1 ? " script: " : " scripts: ")
                .append(report.problems().size())
                .append(report.problems().size() == 1 ? " problem" : " problems");
        ValidateGoal.Immutability im = report.immutability();
        sb.append("; immutability ").append(im.status());
        if (im.status().equals("checked")) {
            sb.append(" (").append(im.changes().size()).append(" changed)");
        }
        sb.append("; ")
                .append(report.lint() == null ? "lint skipped" : report.lint().summary());
        return sb.toString();
    }

    private LintConfig lintConfig() {
        return LintConfig.defaults()
                .withRuleSeverities(lintRules, lintRuleList)
                .withFailOn(lintFailOn.engine())
                .withPostgresVersion(lintPostgresVersion)
                .withLockTimeoutManaged(lockTimeout > 0);
    }
}
