package dev.sem.apply;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.sem.EngineLog;
import dev.sem.SemException;
import dev.sem.script.ScriptFile;
import dev.sem.script.ScriptName;
import dev.sem.script.ScriptSet;
import dev.sem.script.VersionFile;

/**
 * Validates every script of a base directory without a database: names, encoding, attributes, lexing, psql
 * meta-commands, statements that cannot run in a transaction, and {@code VERSION}. {@code apply} runs the same checks
 * on the pending scripts; the {@code validate} goal runs them on all.
 */
public final class ScriptValidator {

    private final EngineLog log;

    public ScriptValidator(EngineLog log) {
        this.log = log;
    }

    /**
     * What validation found.
     *
     * @param scripts the scripts checked, in order
     * @param problems errors, each naming the file and line; empty when valid
     * @param warnings warnings (near-miss names and attributes, transaction control in single scripts)
     * @param parsed the successfully parsed scripts, for linting
     */
    public record Result(
            List<String> scripts, List<String> problems, List<String> warnings, List<ValidatedScript> parsed) {

        public boolean valid() {
            return problems.isEmpty();
        }
    }

    /** A script that passed validation, with its statements. */
    public record ValidatedScript(
            String name,
            String displayPath,
            dev.sem.script.TransactionMode mode,
            dev.sem.sql.ParsedScript parsed,
            String text) {}

    public Result validate(Path baseDir, ApplyOptions options) {
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        EngineLog collecting = new EngineLog() {
            @Override
            public void info(String line) {
                log.info(line);
            }

            @Override
            public void warn(String line) {
                warnings.add(line);
                log.warn(line);
            }

            @Override
            public void error(String line) {
                log.error(line);
            }
        };
        ScriptSet set = ScriptSet.scan(baseDir);
        set.warnings().forEach(collecting::warn);
        for (String invalid : set.invalidNames()) {
            problems.add(ScriptName.invalidMessage(invalid) + " (File[./scripts/" + invalid + "])");
        }
        try {
            VersionFile.read(baseDir).ifPresent(VersionFile::validate);
        } catch (SemException e) {
            problems.add("File[VERSION]: " + e.getMessage());
        }
        ScriptLoader loader = new ScriptLoader(baseDir, options, Map.of(), collecting);
        List<String> names = new ArrayList<>();
        List<ValidatedScript> parsed = new ArrayList<>();
        for (ScriptFile f : set.scripts()) {
            names.add(f.name());
            try {
                PendingScript p = loader.load(f, List.of(), false);
                parsed.add(new ValidatedScript(p.name(), p.displayPath(), p.mode(), p.parsed(), p.text()));
            } catch (SemException e) {
                problems.add(e.getMessage());
            }
        }
        return new Result(List.copyOf(names), List.copyOf(problems), List.copyOf(warnings), List.copyOf(parsed));
    }
}
