package dev.sem.script;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.sem.EngineLog;
import dev.sem.Message;
import dev.sem.SemException;

/**
 * Validates every script of a base directory without a database: names, encoding, attributes, lexing, psql
 * meta-commands, statements that cannot run in a transaction, and {@code VERSION}. {@code apply} runs the same checks
 * (through {@link ScriptReader}) on the pending scripts; the {@code validate} goal runs them on all.
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
     * @param read the scripts that were read successfully, for linting
     */
    public record Result(List<String> scripts, List<Message> problems, List<String> warnings, List<Script> read) {

        public boolean valid() {
            return problems.isEmpty();
        }
    }

    public Result validate(Path baseDir, ScriptReader.Options options) {
        List<Message> problems = new ArrayList<>();
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
            public void warn(Message line) {
                warnings.add(line.toString());
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
            problems.add(
                    Message.text(ScriptName.invalidMessage(invalid) + " (File[" + Script.displayPath(invalid) + "]). ")
                            .then(ScriptName.renameHint(List.of(invalid))));
        }
        try {
            VersionFile.read(baseDir).ifPresent(VersionFile::validate);
        } catch (SemException e) {
            problems.add(Message.text("File[VERSION]: ").then(e.message()));
        }
        ScriptReader reader = new ScriptReader(baseDir, options, collecting);
        List<String> names = new ArrayList<>();
        List<Script> read = new ArrayList<>();
        for (Script script : set.scripts()) {
            names.add(script.name());
            try {
                read.add(reader.read(script));
            } catch (SemException e) {
                problems.add(e.message());
            }
        }
        return new Result(List.copyOf(names), List.copyOf(problems), List.copyOf(warnings), List.copyOf(read));
    }
}
