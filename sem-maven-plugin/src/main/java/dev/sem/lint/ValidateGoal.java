package dev.sem.lint;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.sem.EngineLog;
import dev.sem.Message;
import dev.sem.SemException;
import dev.sem.git.GitRepo;
import dev.sem.git.ScriptHistory;
import dev.sem.report.JsonReports;
import dev.sem.script.Script;
import dev.sem.script.ScriptReader;
import dev.sem.script.ScriptValidator;

/**
 * The engine of the {@code validate} goal: validates every script (names, {@code VERSION}, encoding, attributes,
 * lexing, meta-commands, statements that cannot run in a transaction), checks that released scripts are unchanged
 * (when the base directory is in a git work tree), then lints. All three run, so one build reports every problem.
 */
public final class ValidateGoal {

    /**
     * What to run.
     *
     * @param immutability compare scripts with the release tags
     * @param lint run the linter
     * @param lintConfig the linter's configuration
     */
    public record Options(boolean immutability, boolean lint, LintConfig lintConfig) {

        public Options {
            Objects.requireNonNull(lintConfig, "lintConfig");
        }

        /** Everything on, default lint configuration. */
        public static Options defaults() {
            return new Options(true, true, LintConfig.defaults());
        }
    }

    /**
     * The immutability check's outcome.
     *
     * @param status {@code checked}, {@code skipped} (not in a git work tree) or {@code disabled}
     * @param changes one message per released script that changed, naming the file, the tag and both checksums
     */
    public record Immutability(String status, List<String> changes) {
        public Immutability {
            changes = List.copyOf(changes);
        }
    }

    /**
     * Everything the goal found.
     *
     * @param scripts the scripts found, in order
     * @param problems validation errors, each naming file and line
     * @param warnings validation warnings
     * @param immutability the immutability check
     * @param lint the lint report, or {@code null} when lint was switched off
     */
    public record Report(
            List<String> scripts,
            List<Message> problems,
            List<String> warnings,
            Immutability immutability,
            LintReport lint) {

        public Report {
            scripts = List.copyOf(scripts);
            problems = List.copyOf(problems);
            warnings = List.copyOf(warnings);
        }

        /** Whether the build must fail. */
        public boolean failed() {
            return !problems.isEmpty() || !immutability.changes().isEmpty() || (lint != null && lint.failed());
        }

        /**
         * Writes {@code lint.json} and {@code lint-junit.xml} (one test case per script) to {@code directory}; nothing
         * when lint was switched off.
         */
        public void writeLintReports(Path directory, LintConfig config) {
            if (lint == null) {
                return;
            }
            JsonReports.write(directory.resolve("lint.json"), lint);
            List<String> paths = scripts.stream().map(Script::displayPath).toList();
            LintJUnitXml.write(directory.resolve("lint-junit.xml"), paths, lint.findings(), config);
        }

        /** Every reason to fail, one per line, for the build failure message. */
        public List<Message> failures(LintConfig config) {
            List<Message> lines = new ArrayList<>(problems);
            immutability.changes().stream().map(Message::text).forEach(lines::add);
            if (lint != null) {
                lint.findings().stream()
                        .filter(f -> config.fails(f.severity()))
                        .map(f -> Message.text(f.toString()))
                        .forEach(lines::add);
            }
            return lines;
        }
    }

    private final EngineLog log;

    public ValidateGoal(EngineLog log) {
        this.log = Objects.requireNonNull(log, "log");
    }

    /**
     * Runs the checks on {@code <baseDir>/scripts}.
     *
     * @param readOptions the encoding, strictness and psql variables scripts are read with
     */
    public Report run(Path baseDir, ScriptReader.Options readOptions, Options options) {
        ScriptValidator.Result validation = new ScriptValidator(log).validate(baseDir, readOptions);
        Immutability immutability =
                options.immutability() ? immutability(baseDir) : new Immutability("disabled", List.of());
        LintReport lint = null;
        if (options.lint()) {
            List<Script> inputs = validation.read();
            List<Finding> findings = new Linter(options.lintConfig()).lint(inputs);
            lint = LintReport.of(inputs.size(), findings, options.lintConfig());
        }
        return new Report(validation.scripts(), validation.problems(), validation.warnings(), immutability, lint);
    }

    private Immutability immutability(Path baseDir) {
        GitRepo repo;
        try {
            repo = GitRepo.open(baseDir);
        } catch (SemException e) {
            if (!e.isUserError()) {
                throw e;
            }
            log.info("Immutability check skipped: " + baseDir + " is not inside a git work tree");
            return new Immutability("skipped", List.of());
        }
        try (repo) {
            List<String> changes = ScriptHistory.changedSinceRelease(repo, baseDir).stream()
                    .map(ScriptHistory.ScriptChange::message)
                    .toList();
            return new Immutability("checked", changes);
        }
    }
}
