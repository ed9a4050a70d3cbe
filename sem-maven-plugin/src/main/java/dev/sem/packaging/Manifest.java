package dev.sem.packaging;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import dev.sem.ContainedFiles;
import dev.sem.SemException;
import dev.sem.script.Hashes;
import dev.sem.script.Script;
import dev.sem.script.ScriptName;
import dev.sem.script.Sha256;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The checksum manifest {@value #FILE_NAME} at the root of a distribution, next to {@code VERSION}. sem (Ruby) ignores
 * it.
 *
 * <p>It lists every packaged script, sorted by name, with the SHA-256 of its bytes and the chained history hash:
 *
 * <pre>
 * chain(0) = "0000…0000" (64 zeros)
 * chain(n) = lower_hex(SHA-256(UTF-8(chain(n-1) + name(n) + sha256(n))))
 * </pre>
 *
 * where {@code +} concatenates the strings without separators, {@code name} is the bare file name and the hashes are
 * 64 lower-case hex digits. The manifest's {@code chain} is the last script's value (64 zeros when there are none).
 *
 * <p>Format version {@value #FORMAT_VERSION}:
 *
 * <pre>
 * {
 *   "formatVersion" : 1,
 *   "artifact" : "com.example:db:1.2.3",   (or null)
 *   "toolVersion" : "0.1.0",
 *   "version" : "1.2.3",                  (the VERSION file's content, or null)
 *   "scripts" : [ { "name" : "…sql", "sha256" : "…", "chain" : "…" } ],
 *   "chain" : "…"
 * }
 * </pre>
 */
public final class Manifest {

    /** The manifest's file name at the distribution root. */
    public static final String FILE_NAME = "sem-manifest.json";

    /** The only format version this code reads and writes. */
    public static final int FORMAT_VERSION = 1;

    /** Jackson, initialised on first use only: a run on a directory without a manifest never pays for it. */
    private static final class Json {
        static final JsonMapper MAPPER =
                JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    }

    /** One script line of the manifest. */
    public record Entry(String name, String sha256, String chain) {
        public Entry {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(sha256, "sha256");
            Objects.requireNonNull(chain, "chain");
        }
    }

    /** What {@link #verifyIfPresent(Path)} found. */
    public enum Check {
        /** The manifest was present and the distribution matches it. */
        VERIFIED,
        /** There is no manifest, as in every sem (Ruby) tarball: nothing to verify. */
        ABSENT
    }

    private final String artifact;
    private final String toolVersion;
    private final String version;
    private final List<Entry> scripts;
    private final String chain;

    private Manifest(String artifact, String toolVersion, String version, List<Entry> scripts, String chain) {
        this.artifact = artifact;
        this.toolVersion = toolVersion;
        this.version = version;
        this.scripts = List.copyOf(scripts);
        this.chain = chain;
    }

    /**
     * Computes the manifest of {@code scripts}.
     *
     * @param artifact {@code groupId:artifactId:version}, or {@code null} when not built by Maven
     * @param toolVersion the plugin's version
     * @param version the {@code VERSION} content (the tag), or {@code null}
     * @param scripts the packaged scripts in any order; names must be unique
     */
    public static Manifest of(String artifact, String toolVersion, String version, List<Script> scripts) {
        Objects.requireNonNull(toolVersion, "toolVersion");
        List<Script> sorted = new ArrayList<>(scripts);
        sorted.sort(null);
        List<Entry> entries = new ArrayList<>();
        String previous = Hashes.CHAIN_START;
        String lastName = null;
        for (Script script : sorted) {
            if (script.name().equals(lastName)) {
                throw new IllegalArgumentException("Duplicate script name " + script.name());
            }
            lastName = script.name();
            String sha = script.sha256();
            previous = Hashes.chain(previous, script.name(), sha);
            entries.add(new Entry(script.name(), sha, previous));
        }
        return new Manifest(artifact, toolVersion, version, entries, previous);
    }

    public int formatVersion() {
        return FORMAT_VERSION;
    }

    /** {@code groupId:artifactId:version}, or {@code null}. */
    public String artifact() {
        return artifact;
    }

    public String toolVersion() {
        return toolVersion;
    }

    /** The {@code VERSION} content, or {@code null}. */
    public String version() {
        return version;
    }

    /** The scripts, sorted by name. */
    public List<Entry> scripts() {
        return scripts;
    }

    /** The final chain value. */
    public String chain() {
        return chain;
    }

    /** Writes the manifest as indented UTF-8 JSON with a trailing newline. Does not close {@code out}. */
    public void write(OutputStream out) throws IOException {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("formatVersion", FORMAT_VERSION);
        root.put("artifact", artifact);
        root.put("toolVersion", toolVersion);
        root.put("version", version);
        ArrayNode list = root.putArray("scripts");
        for (Entry e : scripts) {
            list.addObject().put("name", e.name()).put("sha256", e.sha256()).put("chain", e.chain());
        }
        root.put("chain", chain);
        out.write(Json.MAPPER.writeValueAsBytes(root));
        out.write('\n');
    }

    /** The bytes {@link #write(OutputStream)} produces. */
    public byte[] toBytes() {
        var out = new ByteArrayOutputStream();
        try {
            write(out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    /**
     * Reads a manifest. Checks the format version, the fields' presence and types, and that the listed chain values
     * follow from the names and checksums.
     *
     * @throws ManifestException if the JSON is malformed, of another format version, or inconsistent
     */
    public static Manifest read(InputStream in) throws IOException {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(in);
        } catch (JacksonException e) {
            throw new ManifestException(
                    FILE_NAME + " is not valid JSON (" + e.getOriginalMessage() + "); rebuild the distribution");
        }
        if (root == null || !root.isObject()) {
            throw new ManifestException(FILE_NAME + " must hold a JSON object; rebuild the distribution");
        }
        JsonNode format = root.get("formatVersion");
        if (format == null || !format.isInt()) {
            throw new ManifestException(FILE_NAME + " has no integer formatVersion; rebuild the distribution");
        }
        if (format.intValue() != FORMAT_VERSION) {
            throw new ManifestException(FILE_NAME + " has formatVersion " + format.intValue()
                    + ", but this sem-maven-plugin reads only formatVersion " + FORMAT_VERSION
                    + "; use the plugin version that built the distribution or a newer one");
        }
        String artifact = optionalString(root, "artifact");
        String toolVersion = requiredString(root, "toolVersion");
        String version = optionalString(root, "version");
        JsonNode list = root.get("scripts");
        if (list == null || !list.isArray()) {
            throw new ManifestException(FILE_NAME + " has no scripts array; rebuild the distribution");
        }
        List<Entry> entries = new ArrayList<>();
        String previous = Hashes.CHAIN_START;
        String lastName = null;
        for (JsonNode node : list.values()) {
            if (!node.isObject()) {
                throw new ManifestException(FILE_NAME + ": every scripts element must be an object");
            }
            String name = requiredString(node, "name");
            String sha = requiredString(node, "sha256");
            String link = requiredString(node, "chain");
            if (lastName != null && name.compareTo(lastName) <= 0) {
                throw new ManifestException(FILE_NAME + ": scripts are not sorted by name (" + name + " after "
                        + lastName + "); rebuild the distribution");
            }
            if (!ScriptName.isCandidate(name)) {
                throw new ManifestException(FILE_NAME + ": script name '" + name + "' is not a plain *.sql file name");
            }
            lastName = name;
            previous = Hashes.chain(previous, name, sha);
            if (!previous.equals(link)) {
                throw new ManifestException(FILE_NAME + ": chain of " + name + " is " + link + " but should be "
                        + previous + "; the manifest was edited, rebuild the distribution");
            }
            entries.add(new Entry(name, sha, link));
        }
        String chain = requiredString(root, "chain");
        if (!chain.equals(previous)) {
            throw new ManifestException(FILE_NAME + ": final chain is " + chain + " but should be " + previous
                    + "; the manifest was edited, rebuild the distribution");
        }
        return new Manifest(artifact, toolVersion, version, entries, chain);
    }

    /** Reads {@code distributionDir/sem-manifest.json}. */
    public static Manifest read(Path distributionDir) {
        Path file = distributionDir.resolve(FILE_NAME);
        Path root = ContainedFiles.realRoot(distributionDir);
        ContainedFiles.Checked checked = ContainedFiles.check(root, file);
        if (checked.problem() == ContainedFiles.Problem.MISSING) {
            throw new ManifestException("No " + FILE_NAME + " in " + distributionDir);
        }
        if (!checked.ok()) {
            throw new ManifestException("File[" + file + "] " + checked.describe(root)
                    + "; the manifest must be a regular file of the distribution: rebuild the distribution");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        } catch (NoSuchFileException e) {
            throw new ManifestException("No " + FILE_NAME + " in " + distributionDir);
        } catch (IOException e) {
            throw SemException.environment("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Verifies the distribution in {@code distributionDir} against this manifest, and throws naming the first problem:
     * a listed script that is missing, a {@code .sql} file under {@code scripts/} that is not listed, a checksum
     * mismatch, or a chain that does not follow. Only sem's candidates count: top-level files of {@code scripts/}
     * ending in {@code .sql}, not dot-files. A {@code VERSION} file that disagrees with the manifest is reported too.
     *
     * @throws ManifestException on the first mismatch
     */
    public void verify(Path distributionDir) {
        Path scriptsDir = distributionDir.resolve("scripts");
        Set<String> present = candidates(scriptsDir);
        Set<String> listed = new HashSet<>();
        String previous = Hashes.CHAIN_START;
        for (Entry entry : scripts) {
            listed.add(entry.name());
            previous = verifyEntry(entry, scriptsDir, present, previous);
        }
        if (!previous.equals(chain)) {
            throw new ManifestException("Final chain in " + FILE_NAME + " is " + chain + " but should be " + previous
                    + "; the manifest was edited, use the original distribution");
        }
        for (String name : present) {
            if (!listed.contains(name)) {
                throw new ManifestException("Script " + scriptsDir.resolve(name) + " is not listed in " + FILE_NAME
                        + "; it was added after packaging, remove it or rebuild the distribution");
            }
        }
        if (version != null) {
            verifyVersion(distributionDir);
        }
    }

    /** sem's candidate scripts in {@code scriptsDir}: top-level regular {@code .sql} files, not dot-files. */
    private static Set<String> candidates(Path scriptsDir) {
        Set<String> present = new TreeSet<>();
        if (Files.isDirectory(scriptsDir)) {
            try (DirectoryStream<Path> dir = Files.newDirectoryStream(scriptsDir)) {
                for (Path p : dir) {
                    String name = p.getFileName().toString();
                    if (ScriptName.isCandidate(name) && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                        present.add(name);
                    }
                }
            } catch (IOException e) {
                throw SemException.environment("Cannot list " + scriptsDir + ": " + e.getMessage(), e);
            }
        }
        return present;
    }

    /** Checks one listed script's presence, checksum and chain link; returns the chain after it. */
    private static String verifyEntry(Entry entry, Path scriptsDir, Set<String> present, String previousChain) {
        Path file = scriptsDir.resolve(entry.name());
        if (!present.contains(entry.name())) {
            throw new ManifestException("Script " + file + " is listed in " + FILE_NAME
                    + " but missing from the distribution; use the complete, unmodified distribution");
        }
        String actual;
        try {
            actual = Sha256.hex(Files.readAllBytes(file));
        } catch (IOException e) {
            throw SemException.environment("Cannot read " + file + ": " + e.getMessage(), e);
        }
        if (!actual.equals(entry.sha256())) {
            throw new ManifestException("Script " + file + " has SHA-256 " + actual + " but " + FILE_NAME + " lists "
                    + entry.sha256() + "; the distribution was modified, use the original one");
        }
        String next = Hashes.chain(previousChain, entry.name(), actual);
        if (!next.equals(entry.chain())) {
            throw new ManifestException("Chain of " + entry.name() + " in " + FILE_NAME + " is " + entry.chain()
                    + " but should be " + next + "; the manifest was edited, use the original distribution");
        }
        return next;
    }

    /** Checks that the {@code VERSION} file says the manifest's version. */
    private void verifyVersion(Path distributionDir) {
        Path versionFile = distributionDir.resolve("VERSION");
        String actual;
        try {
            ContainedFiles.Checked checked =
                    ContainedFiles.check(ContainedFiles.realRoot(distributionDir), versionFile);
            if (checked.problem() != ContainedFiles.Problem.MISSING && !checked.ok()) {
                throw new ManifestException("File[" + versionFile + "] " + checked.describe(distributionDir)
                        + "; VERSION must be a regular file of the distribution: use the original distribution");
            }
            actual = checked.ok() ? Files.readString(versionFile) : null;
        } catch (IOException e) {
            throw SemException.environment("Cannot read " + versionFile + ": " + e.getMessage(), e);
        }
        if (actual == null || !actual.strip().equals(version)) {
            throw new ManifestException("VERSION in " + distributionDir + " is "
                    + (actual == null ? "missing" : "'" + actual.strip() + "'") + " but " + FILE_NAME
                    + " says '" + version + "'; use the original distribution");
        }
    }

    /**
     * Verifies {@code distributionDir} if it has a manifest.
     *
     * @return {@link Check#ABSENT} when there is none (sem (Ruby) tarballs), {@link Check#VERIFIED} otherwise
     * @throws ManifestException when the manifest is unreadable or does not match
     */
    public static Check verifyIfPresent(Path distributionDir) {
        if (!Files.exists(distributionDir.resolve(FILE_NAME), LinkOption.NOFOLLOW_LINKS)) {
            return Check.ABSENT;
        }
        read(distributionDir).verify(distributionDir);
        return Check.VERIFIED;
    }

    private static String requiredString(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isString()) {
            throw new ManifestException(FILE_NAME + ": missing string field '" + field + "'; rebuild the distribution");
        }
        return value.stringValue();
    }

    private static String optionalString(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw new ManifestException(FILE_NAME + ": field '" + field + "' must be a string or null");
        }
        return value.stringValue();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Manifest m
                && Objects.equals(artifact, m.artifact)
                && toolVersion.equals(m.toolVersion)
                && Objects.equals(version, m.version)
                && scripts.equals(m.scripts)
                && chain.equals(m.chain);
    }

    @Override
    public int hashCode() {
        return Objects.hash(artifact, toolVersion, version, scripts, chain);
    }

    @Override
    public String toString() {
        return "Manifest[" + artifact + ", " + scripts.size() + " scripts, chain " + chain + "]";
    }
}
