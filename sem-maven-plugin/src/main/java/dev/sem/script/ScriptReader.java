package dev.sem.script;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.sem.ContainedFiles;
import dev.sem.EngineLog;
import dev.sem.InvalidOptionException;
import dev.sem.SemException;
import dev.sem.sql.CopyElision;
import dev.sem.sql.Elided;
import dev.sem.sql.Normalizer;
import dev.sem.sql.ParsedScript;
import dev.sem.sql.ScriptParser;
import dev.sem.sql.ScriptSyntaxException;
import dev.sem.sql.SqlStatement;

/**
 * Loads scripts and reads them: decodes strictly, reads the attributes, splits into statements (resolving {@code \i}
 * against the base directory and interpolating psql variables), hashes, and checks what can be known before running
 * them. The one place that turns bytes into a {@link Script}, whether they come from a file, a git tree or an archive.
 */
public final class ScriptReader {

    /**
     * How scripts are read.
     *
     * @param encoding the scripts' encoding (UTF-8 unless a legacy repository says otherwise)
     * @param strict near-miss attribute lines are errors instead of warnings
     * @param variables psql variables available to every script
     */
    public record Options(Charset encoding, boolean strict, Map<String, String> variables) {

        public Options {
            Objects.requireNonNull(encoding, "encoding");
            variables = Collections.unmodifiableMap(new HashMap<>(variables));
        }

        /**
         * The character set of a name such as {@code UTF-8} or {@code ISO-8859-1}.
         *
         * @throws InvalidOptionException ({@code encoding}) for a name Java does not know
         */
        public static Charset charset(String name) {
            try {
                return Charset.forName(name);
            } catch (IllegalArgumentException e) {
                throw new InvalidOptionException(
                        "encoding", "Encoding " + name + " is not a known character set; use UTF-8");
            }
        }

        /** UTF-8, not strict, no variables. */
        public static Options defaults() {
            return new Options(StandardCharsets.UTF_8, false, Map.of());
        }

        /** The same options with {@code more} variables added (they win over existing ones of the same name). */
        public Options withVariables(Map<String, String> more) {
            Map<String, String> all = new HashMap<>(variables);
            all.putAll(more);
            return new Options(encoding, strict, all);
        }
    }

    /** Splits plain SQL: no variables, no {@code \i}. */
    private static final ScriptParser PLAIN_SQL = new ScriptParser(Map.of(), null);

    private final Path baseDir;
    private final Options options;
    private final ScriptParser parser;
    private final EngineLog log;
    private Path realBaseDir;

    /**
     * @param baseDir the directory containing {@code scripts/}, against which {@code \i} is resolved; {@code null}
     *     refuses {@code \i}
     */
    public ScriptReader(Path baseDir, Options options, EngineLog log) {
        this.baseDir = baseDir;
        this.options = Objects.requireNonNull(options, "options");
        this.log = Objects.requireNonNull(log, "log");
        this.parser = new ScriptParser(options.variables(), baseDir == null ? null : this::include);
    }

    /**
     * From this size on, a script file stays on disk ({@link Script#ofFile}) and is read as a stream: its COPY data is
     * never held in memory.
     */
    public static final long STREAMED_FROM_BYTES = 4L << 20;

    /**
     * Up to this size, a streamed script whose split fails is read whole to tell (the whole text can place COPY data
     * differently, through psql variables); a larger one reports the error of the streamed split.
     */
    private static final long READ_WHOLE_ON_ERROR_BYTES = 64L << 20;

    /** Loads a script file (not read yet); one of {@link #STREAMED_FROM_BYTES} or more stays in the file. */
    public static Script load(String name, Path file) {
        try {
            if (Files.size(file) >= STREAMED_FROM_BYTES) {
                return Script.ofFile(name, file);
            }
            return Script.of(name, Files.readAllBytes(file));
        } catch (IOException e) {
            throw SemException.environment("Could not read File[" + file + "]: " + e, e);
        }
    }

    /**
     * Reads a loaded script and checks it: near-miss attributes are warned about (errors when strict), a statement that
     * cannot run inside a transaction is an error in a {@code transaction = single} script.
     *
     * @throws SemException naming the file (and line) when the script cannot be run
     */
    public Script read(Script script) {
        Script read = read(script, true);
        if (read.mode() == TransactionMode.SINGLE) {
            String display = read.displayPath();
            read.parsed().firstNonTransactional().ifPresent(s -> {
                throw new SemException("File[" + display + "] line " + s.line() + ": " + s.description()
                        + " cannot run inside a transaction block, and this script runs in one transaction. Add the"
                        + " line '-- sem.attribute.transaction = none' to the script (each statement then commits on"
                        + " its own), or move the statement to a script of its own with that attribute.");
            });
            if (read.parsed().hasTransactionControl()) {
                log.warn("File[" + display + "] contains its own transaction control (BEGIN/COMMIT/ROLLBACK): as under"
                        + " psql, statements after its COMMIT run in autocommit, so the script is no longer atomic");
            }
        }
        return read;
    }

    /** Reads a loaded script without judging it: decoding, attributes, statements and hashes. */
    public Script decodeAndParse(Script script) {
        return read(script, false);
    }

    private Script read(Script script, boolean warn) {
        if (script.isRead()) {
            return script;
        }
        String display = script.displayPath();
        if (script.file() != null) {
            Script streamed = readStreamed(script, warn);
            if (streamed != null) {
                return streamed;
            }
        }
        String text = ScriptText.decode(display, script.bytes(), options.encoding());
        ScriptAttributes.Attributes attributes = ScriptAttributes.parse(display, text, options.strict());
        if (warn) {
            attributes.nearMisses().forEach(w -> log.warn(w.toString()));
        }
        if (ExecutorDirective.parse(display, text) == Executor.PSQL) {
            // psql reads the file itself: not split here, only checked for what cannot work under sem.
            PsqlScript.check(display, text);
            return script.withContent(content(text, attributes, new ParsedScript(display, List.of()), Executor.PSQL));
        }
        return script.withContent(content(text, attributes, parser.parse(display, text), Executor.BUILT_IN));
    }

    /**
     * Reads a script that stays in its file: the lines are streamed, the COPY data left in the file ({@link
     * CopyElision}); {@code null} when it must be read whole instead (an encoding that cannot be split by lines, a
     * script for psql, or COPY blocks that only the whole text places right).
     */
    private Script readStreamed(Script script, boolean warn) {
        String display = script.displayPath();
        try {
            Elided elided = elide(script, true);
            if (elided == null) {
                return null;
            }
            String text = elided.skeleton();
            if (ExecutorDirective.parse(display, text) == Executor.PSQL) {
                return null; // psql reads the file itself; sem checks its whole text
            }
            ScriptAttributes.Attributes attributes =
                    ScriptAttributes.parse(display, text, options.strict(), elided::linesBefore);
            ParsedScript parsed = parser.parse(display, elided);
            Normalizer.Pending pending = Normalizer.prepare(elided);
            script.checkUnchanged();
            Later normalized = Later.compute(() -> compute(pending));
            if (warn) {
                attributes.nearMisses().forEach(w -> log.warn(w.toString()));
            }
            return script.withContent(content(text, attributes, parsed, Executor.BUILT_IN, normalized));
        } catch (Elided.Mismatch e) {
            return readWhole(script, e.getMessage(), null);
        } catch (ScriptSyntaxException e) {
            // psql variables and meta-commands can make COPY data of what the line reader took for SQL, and the other
            // way round (psql also ends COPY data at the end of a file): the whole text decides.
            return readWhole(script, e.getMessage(), e);
        }
    }

    /**
     * {@code null}: the script is to be read whole, when it is small enough to hold; a larger one fails with {@code
     * error} or, without one, with an error saying why it cannot be streamed.
     */
    private Script readWhole(Script script, String why, SemException error) {
        if (script.size() > READ_WHOLE_ON_ERROR_BYTES) {
            if (error != null) {
                throw error;
            }
            throw new SemException("File[" + script.displayPath() + "] is too large to read whole ("
                    + (script.size() >> 20) + " MB), and its COPY ... FROM stdin data can only be told from SQL by"
                    + " reading it whole (" + why + "): end each COPY ... FROM stdin with a semicolon on its own line,"
                    + " without psql variables or meta-commands in it, or run the script with psql (add the line"
                    + " '-- sem.executor = psql')");
        }
        log.debug("File[" + script.displayPath() + "] is read whole: " + why);
        return null;
    }

    /** The script's lines without the data of its COPY blocks, or {@code null} when its encoding cannot be streamed. */
    private Elided elide(Script script, boolean refuseNul) {
        if (!ScriptLines.canStream(options.encoding())) {
            return null;
        }
        if (refuseNul) {
            return script.elided(options.encoding(), () -> elideNow(script, true));
        }
        return elideNow(script, false);
    }

    private Elided elideNow(Script script, boolean refuseNul) {
        String display = script.displayPath();
        try (ScriptLines lines = new ScriptLines(display, script.file(), options.encoding(), refuseNul)) {
            Elided elided;
            try {
                elided = CopyElision.read(display, lines, script.file(), options.encoding(), script.stamp());
            } catch (ScriptSyntaxException e) {
                lines.finish(); // the file was read to its end: a NUL comes first, as when it is read whole
                throw e;
            }
            lines.finish();
            return elided;
        }
    }

    private static String compute(Normalizer.Pending checksum) {
        try {
            return checksum.compute();
        } catch (java.io.UncheckedIOException e) {
            throw SemException.environment("Could not read " + e.getMessage(), e);
        }
    }

    /**
     * Reads a file of plain SQL, such as a file of a package, to which the conventions of migration scripts do not
     * apply: its name is shown as it is (in statements and messages), {@code sem.attribute} lines are ordinary comments
     * (no attributes are read, nothing is warned about: {@link Script#mode()} is the default), psql variables are not
     * substituted and {@code \i} is refused. The text is strict UTF-8, a leading byte order mark dropped.
     *
     * @param invalidUtf8 makes the exception for the first byte that is not UTF-8 (the caller words it)
     * @param check sees the decoded text before it is split, and throws for what the caller does not allow there
     * @throws dev.sem.sql.ScriptSyntaxException when the text cannot be split into statements
     */
    public static Script readPlainSql(
            Script script,
            Function<ScriptText.InvalidByte, ? extends RuntimeException> invalidUtf8,
            Consumer<String> check) {
        if (script.isRead()) {
            return script;
        }
        String text = ScriptText.decode(script.bytes(), StandardCharsets.UTF_8, invalidUtf8);
        check.accept(text);
        ScriptAttributes.Attributes none = new ScriptAttributes.Attributes(TransactionMode.SINGLE, List.of());
        return script.withContent(content(text, none, PLAIN_SQL.parse(script.name(), text), Executor.BUILT_IN));
    }

    private static Script.Content content(
            String text, ScriptAttributes.Attributes attributes, ParsedScript parsed, Executor executor) {
        return content(text, attributes, parsed, executor, Later.of(Normalizer.normalizedSha256(text)));
    }

    private static Script.Content content(
            String text,
            ScriptAttributes.Attributes attributes,
            ParsedScript parsed,
            Executor executor,
            Later normalizedSha256) {
        List<String> hashes = new ArrayList<>();
        for (SqlStatement s : parsed.statements()) {
            hashes.add(Sha256.hex(s.sql().getBytes(StandardCharsets.UTF_8)));
        }
        return new Script.Content(text, attributes, parsed, List.copyOf(hashes), normalizedSha256, executor);
    }

    /** Whether a backslash is the byte 0x5C in {@code charset}, so a file without that byte holds no backslash. */
    private static boolean backslashIsOneByte(Charset charset) {
        return Arrays.equals("\\".getBytes(charset), new byte[] {0x5C});
    }

    /**
     * Checks, before connecting, that every {@code \i} and {@code \ir} of {@code script} (and of the files it
     * includes) names a regular file inside the base directory, without reading anything else. Only that is judged:
     * a missing file, a text that cannot be decoded or split, or a variable known only once connected is left to
     * {@link #read(Script)}, which runs with the connection's variables before anything is written.
     *
     * @throws SemException naming the including file, its line and the path as written, for an include outside the
     *     base directory or of a directory, FIFO, socket or device
     */
    public void checkIncludes(Script script) {
        if (baseDir == null || (backslashIsOneByte(options.encoding()) && !script.hasBackslash())) {
            return;
        }
        String display = script.displayPath();
        String text = null;
        Elided elided = null;
        try {
            if (script.file() != null) {
                elided = elide(script, true);
            }
            if (elided == null) {
                text = ScriptText.decode(display, script.bytes(), options.encoding());
            }
        } catch (SemException e) {
            return; // reported when the script is read
        }
        boolean[] refused = {false};
        ScriptParser checking = new ScriptParser(options.variables(), (from, path, relative) -> {
            ScriptParser.IncludeResolver.Included included;
            try {
                included = include(from, path, relative);
            } catch (ScriptParser.IncludeResolver.Refused e) {
                refused[0] = true;
                throw e;
            } catch (SemException e) {
                return new ScriptParser.IncludeResolver.Included(path, "");
            }
            return included != null ? included : new ScriptParser.IncludeResolver.Included(path, "");
        });
        try {
            if (elided != null) {
                checking.parse(display, elided);
            } else {
                checking.parse(display, text);
            }
        } catch (SemException e) {
            if (refused[0]) {
                throw e;
            }
        } catch (Elided.Mismatch e) {
            // the data blocks are only placed right by the whole text: checked when the script is read
        }
    }

    /**
     * The formatting-tolerant checksum of a script, without parsing it (an applied script may use variables that are
     * not given now).
     */
    public String normalizedSha256(Script script) {
        if (script.isRead()) {
            return script.normalizedSha256();
        }
        if (script.file() != null) {
            try {
                Elided elided = elide(script, false);
                if (elided != null) {
                    return compute(Normalizer.prepare(elided));
                }
            } catch (Elided.Mismatch | ScriptSyntaxException e) {
                // The lexer alone decides this checksum (a COPY without its \. line runs to the end of the file).
                if (readWhole(script, e.getMessage(), null) != null) {
                    throw new IllegalStateException("readWhole returns null or throws");
                }
            }
        }
        return Normalizer.normalizedSha256(
                ScriptText.decodeKeepingNul(script.displayPath(), script.bytes(), options.encoding()));
    }

    /**
     * Resolves {@code \i} and {@code \ir}: the file must lie inside the base directory, after resolving {@code ..}
     * and symbolic links, and be a regular file; it is checked before it is opened, so nothing outside the base
     * directory, and no directory, FIFO or device, is ever read.
     */
    private ScriptParser.IncludeResolver.Included include(String fromFile, String path, boolean relativeToFile) {
        Path root = realBaseDir();
        Path target;
        try {
            Path from = baseDir.resolve(fromFile.startsWith("./") ? fromFile.substring(2) : fromFile);
            Path dir = from.getParent() == null ? baseDir : from.getParent();
            target = (relativeToFile ? dir.resolve(path) : baseDir.resolve(path)).normalize();
        } catch (InvalidPathException e) {
            throw new ScriptParser.IncludeResolver.Refused(
                    "not a valid path (" + e.getReason() + "); name a file inside " + root);
        }
        ContainedFiles.Checked checked = ContainedFiles.check(root, target);
        switch (checked.problem()) {
            case NONE -> {}
            case MISSING -> {
                return null;
            }
            case OUTSIDE ->
                throw new ScriptParser.IncludeResolver.Refused("the file lies outside the base directory " + root
                        + "; keep included files inside " + root + ": copy the file into the repository");
            default ->
                throw new ScriptParser.IncludeResolver.Refused(
                        "the file " + checked.describe(root) + "; include a regular file inside " + root);
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(checked.real());
        } catch (IOException e) {
            throw SemException.environment(
                    "File[" + fromFile + "]: cannot read included file " + path + ": " + e.getMessage(), e);
        }
        // Shown as written (a link keeps its own name), relative to the base directory.
        Path absBase = baseDir.toAbsolutePath().normalize();
        Path absTarget = target.toAbsolutePath().normalize();
        Path shown = absTarget.startsWith(absBase) ? absBase.relativize(absTarget) : root.relativize(checked.real());
        List<String> segments = new ArrayList<>();
        shown.forEach(p -> segments.add(p.toString()));
        String display = String.join("/", segments);
        return new ScriptParser.IncludeResolver.Included(
                display, ScriptText.decode(display, bytes, options.encoding()));
    }

    private Path realBaseDir() {
        if (realBaseDir == null) {
            realBaseDir = ContainedFiles.realRoot(baseDir);
        }
        return realBaseDir;
    }
}
