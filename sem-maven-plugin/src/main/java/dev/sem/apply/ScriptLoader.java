package dev.sem.apply;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.sem.EngineLog;
import dev.sem.SemException;
import dev.sem.script.ScriptAttributes;
import dev.sem.script.ScriptFile;
import dev.sem.script.ScriptText;
import dev.sem.script.Sha256;
import dev.sem.script.TransactionMode;
import dev.sem.sql.Normalizer;
import dev.sem.sql.ParsedScript;
import dev.sem.sql.ScriptParser;
import dev.sem.sql.SqlStatement;

/** Reads, decodes and parses scripts, and validates what can be known before running them. */
final class ScriptLoader {

    private final Path baseDir;
    private final ApplyOptions options;
    private final ScriptParser parser;
    private final EngineLog log;

    ScriptLoader(Path baseDir, ApplyOptions options, Map<String, String> predefined, EngineLog log) {
        this.baseDir = baseDir;
        this.options = options;
        this.log = log;
        Map<String, String> variables = new java.util.HashMap<>(predefined);
        variables.putAll(options.variables());
        this.parser = new ScriptParser(variables, this::include);
    }

    private ScriptParser.IncludeResolver.Included include(String fromFile, String path, boolean relativeToFile) {
        Path from = baseDir.resolve(fromFile.startsWith("./") ? fromFile.substring(2) : fromFile);
        Path target = relativeToFile
                ? from.getParent().resolve(path).normalize()
                : baseDir.resolve(path).normalize();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(target);
        } catch (IOException e) {
            throw new SemException("File[" + fromFile + "]: cannot read included file " + path + " (" + target + "): "
                    + e.getMessage());
        }
        String display = baseDir.relativize(target).toString();
        return new ScriptParser.IncludeResolver.Included(
                display, ScriptText.decode(display, bytes, options.encoding()));
    }

    static String displayPath(String name) {
        return "./scripts/" + name;
    }

    String normalizationVersion() {
        return Normalizer.VERSION;
    }

    /** The formatting-tolerant checksum of a script's content. */
    String normalized(ScriptFile f) {
        return Normalizer.normalizedSha256(ScriptText.decode(displayPath(f.name()), f.bytes(), options.encoding()));
    }

    PendingScript load(ScriptFile f, List<HistoryStore.Progress> progress, boolean late) {
        String display = displayPath(f.name());
        String text = ScriptText.decode(display, f.bytes(), options.encoding());
        ScriptAttributes.Attributes attributes = ScriptAttributes.parse(display, text, options.strict());
        attributes.nearMisses().forEach(w -> log.warn(w.toString()));
        ParsedScript parsed = parser.parse(display, text);
        TransactionMode mode = attributes.mode();
        if (mode == TransactionMode.SINGLE) {
            parsed.firstNonTransactional().ifPresent(s -> {
                throw new SemException("File[" + display + "] line " + s.line() + ": " + s.description()
                        + " cannot run inside a transaction block, and this script runs in one transaction. Add the"
                        + " line '-- sem.attribute.transaction = none' to the script (each statement then commits on"
                        + " its own), or move the statement to a script of its own with that attribute.");
            });
            if (parsed.hasTransactionControl()) {
                log.warn("File[" + display + "] contains its own transaction control (BEGIN/COMMIT/ROLLBACK): as under"
                        + " psql, statements after its COMMIT run in autocommit, so the script is no longer atomic");
            }
        }
        List<String> hashes = new ArrayList<>();
        for (SqlStatement s : parsed.statements()) {
            hashes.add(Sha256.hex(s.sql().getBytes(StandardCharsets.UTF_8)));
        }
        return new PendingScript(
                f.name(),
                display,
                f.sha256(),
                Normalizer.normalizedSha256(text),
                mode,
                parsed,
                List.copyOf(hashes),
                List.copyOf(progress),
                late,
                text);
    }

    /** Parses a script for the lint and dry-run printers, without history. */
    ParsedScript parse(ScriptFile f) {
        String display = displayPath(f.name());
        return parser.parse(display, ScriptText.decode(display, f.bytes(), options.encoding()));
    }
}
