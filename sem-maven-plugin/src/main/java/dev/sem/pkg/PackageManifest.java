package dev.sem.pkg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.sem.ContainedFiles;
import dev.sem.script.Sha256;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The manifest {@value #FILE_NAME} of a package release archive, next to {@code config.json}: what was packaged and
 * the SHA-256 of every file, so that a loaded release is exactly what {@code sem:package} wrote.
 *
 * <p>Format {@value #FORMAT}, written with Jackson as indented UTF-8 JSON with a trailing newline:
 *
 * <pre>
 * {
 *   "format" : 1,
 *   "package" : "shop",                        (config.json "name")
 *   "version" : "1_0_0",                       (config.json "version", as {@link PackageVersion#text()})
 *   "artifact" : "com.example:shop:1.0.0",     (Maven coordinates, or null)
 *   "tool" : "0.1.0",                          (the sem version that wrote it)
 *   "dependencies" : [ "com.example:base:2.0.0" ],
 *   "files" : [ { "path" : "config.json", "sha256" : "…" }, { "path" : "functions/hello.sql", "sha256" : "…" } ]
 * }
 * </pre>
 *
 * {@code files} lists every file of the package root but the manifest itself ({@code config.json} included), by path
 * relative to the root with {@code /} separators, sorted by path (string order), each once; {@code sha256} is the
 * lower-case hex SHA-256 of the file's bytes as stored.
 *
 * @param format the format version, {@value #FORMAT}
 * @param packageName the package name ({@code "package"} in JSON)
 * @param version the package version text
 * @param artifact {@code groupId:artifactId:version}, or null when not built by Maven
 * @param tool the sem version that wrote the manifest
 * @param dependencies Maven coordinates of the packages it depends on, possibly empty
 * @param files the files, sorted by path
 */
public record PackageManifest(
        int format,
        String packageName,
        String version,
        String artifact,
        String tool,
        List<String> dependencies,
        List<PackageManifest.FileEntry> files) {

    /** The manifest's file name, at the package root next to {@code config.json}. */
    public static final String FILE_NAME = "sem-package-manifest.json";

    /** The only format this code reads and writes. */
    public static final int FORMAT = 1;

    private static final String REFETCH = "download it again or rebuild it";
    private static final String CHANGED = "the archive was changed after sem:package; " + REFETCH;
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /**
     * One listed file.
     *
     * @param path relative to the package root, {@code /} separators
     * @param sha256 lower-case hex SHA-256 of its bytes
     */
    public record FileEntry(String path, String sha256) {
        public FileEntry {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(sha256, "sha256");
        }
    }

    /**
     * @throws IllegalArgumentException for another format, an invalid path or checksum, or files not sorted and unique
     */
    public PackageManifest {
        Objects.requireNonNull(packageName, "packageName");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(tool, "tool");
        dependencies = List.copyOf(dependencies);
        files = List.copyOf(files);
        if (format != FORMAT) {
            throw new IllegalArgumentException("Unsupported manifest format " + format);
        }
        String previous = null;
        for (FileEntry f : files) {
            String problem = pathProblem(f.path());
            if (problem != null) {
                throw new IllegalArgumentException("Invalid manifest path '" + f.path() + "': " + problem);
            }
            if (!SHA256.matcher(f.sha256()).matches()) {
                throw new IllegalArgumentException("Invalid SHA-256 '" + f.sha256() + "' of " + f.path());
            }
            if (previous != null && f.path().compareTo(previous) <= 0) {
                throw new IllegalArgumentException("Manifest paths not sorted and unique: " + f.path());
            }
            previous = f.path();
        }
    }

    /**
     * Computes the manifest of files given by their relative path and bytes.
     *
     * @param files path (relative, {@code /} separators) to bytes as stored; any order
     */
    public static PackageManifest of(
            String packageName,
            String version,
            String artifact,
            String tool,
            List<String> dependencies,
            Map<String, byte[]> files) {
        List<FileEntry> entries = new ArrayList<>();
        new TreeSet<>(files.keySet()).forEach(p -> entries.add(new FileEntry(p, Sha256.hex(files.get(p)))));
        return new PackageManifest(FORMAT, packageName, version, artifact, tool, dependencies, entries);
    }

    /** The manifest as indented UTF-8 JSON with a trailing newline. */
    public byte[] toBytes() {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", format);
        root.put("package", packageName);
        root.put("version", version);
        root.put("artifact", artifact);
        root.put("tool", tool);
        ArrayNode deps = root.putArray("dependencies");
        dependencies.forEach(deps::add);
        ArrayNode list = root.putArray("files");
        for (FileEntry f : files) {
            list.addObject().put("path", f.path()).put("sha256", f.sha256());
        }
        byte[] json = JSON.writeValueAsBytes(root);
        byte[] out = new byte[json.length + 1];
        System.arraycopy(json, 0, out, 0, json.length);
        out[json.length] = '\n';
        return out;
    }

    /** The listed paths, sorted. */
    public List<String> paths() {
        return files.stream().map(FileEntry::path).toList();
    }

    /**
     * Reads {@code packageRoot/}{@value #FILE_NAME}.
     *
     * @throws PackageException (one line starting with {@value #FILE_NAME}) when it is missing, unreadable, not valid
     *     JSON, of another format, or a field is missing or of the wrong type
     */
    public static PackageManifest read(Path packageRoot) {
        Path file = packageRoot.resolve(FILE_NAME);
        Path realRoot = ContainedFiles.realRoot(packageRoot);
        ContainedFiles.Checked checked = ContainedFiles.check(realRoot, file);
        if (checked.problem() != ContainedFiles.Problem.MISSING && !checked.ok()) {
            throw new PackageException(FILE_NAME + " " + checked.describe(realRoot)
                    + "; it must be a regular file of the package: " + REFETCH);
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new PackageException(FILE_NAME + " is missing from " + packageRoot + "; " + REFETCH);
        } catch (IOException e) {
            throw new PackageException(FILE_NAME + " cannot be read (" + e + "); " + REFETCH, e);
        }
        return parse(bytes);
    }

    /**
     * Parses a manifest.
     *
     * @throws PackageException (one line starting with {@value #FILE_NAME}) naming the problem
     */
    public static PackageManifest parse(byte[] json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new PackageException(
                    FILE_NAME + " is not valid JSON (" + oneLine(e.getOriginalMessage()) + "); " + REFETCH);
        }
        if (root == null || !root.isObject()) {
            throw invalid("it must hold a JSON object");
        }
        JsonNode format = root.get("format");
        if (format == null || !format.isInt()) {
            throw invalid("field 'format' must be the number " + FORMAT);
        }
        if (format.intValue() != FORMAT) {
            throw new PackageException(FILE_NAME + ": format " + format.intValue() + " is not supported (this sem"
                    + " reads format " + FORMAT + "); use the sem version that wrote it, or rebuild the archive");
        }
        String name = string(root, "package", false);
        String version = string(root, "version", false);
        String artifact = string(root, "artifact", true);
        String tool = string(root, "tool", false);
        List<String> dependencies = new ArrayList<>();
        for (JsonNode d : array(root, "dependencies")) {
            if (!d.isString()) {
                throw invalid("field 'dependencies' must list strings");
            }
            dependencies.add(d.stringValue());
        }
        List<FileEntry> files = new ArrayList<>();
        String previous = null;
        for (JsonNode f : array(root, "files")) {
            if (!f.isObject()) {
                throw invalid("field 'files' must list objects with 'path' and 'sha256'");
            }
            String path = string(f, "path", false);
            String sha = string(f, "sha256", false);
            String problem = pathProblem(path);
            if (problem != null) {
                throw invalid("path '" + path + "' " + problem);
            }
            if (!SHA256.matcher(sha).matches()) {
                throw invalid("the sha256 of " + path + " is not 64 lower-case hex digits");
            }
            if (previous != null && path.compareTo(previous) <= 0) {
                throw invalid("files are not sorted by path, each once (" + path + " after " + previous + ")");
            }
            previous = path;
            files.add(new FileEntry(path, sha));
        }
        return new PackageManifest(FORMAT, name, version, artifact, tool, dependencies, files);
    }

    /**
     * Checks {@code packageRoot} against this manifest: every listed file exists and has its SHA-256, and no other
     * file lies below the root except the manifest itself. Nothing else is read or parsed.
     *
     * @throws PackageException (one line starting with {@value #FILE_NAME}) naming the first file that is missing,
     *     changed or not listed
     */
    public void verify(Path packageRoot) {
        Path root = packageRoot.toAbsolutePath().normalize();
        Map<String, Path> present = new HashMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    present.put(root.relativize(p).toString().replace('\\', '/'), p);
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new PackageException("Cannot list the package " + root + " (" + e + "); " + REFETCH, e);
        }
        present.remove(FILE_NAME);
        for (FileEntry f : files) {
            Path file = present.remove(f.path());
            if (file == null || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new PackageException(FILE_NAME + ": " + f.path() + " is listed but missing: " + CHANGED);
            }
            String found;
            try {
                found = Sha256.hex(Files.readAllBytes(file));
            } catch (IOException e) {
                throw new PackageException(FILE_NAME + ": " + f.path() + " cannot be read (" + e + "); " + REFETCH, e);
            }
            if (!found.equals(f.sha256())) {
                throw new PackageException(FILE_NAME + ": " + f.path() + " does not match its SHA-256 (listed "
                        + f.sha256() + ", found " + found + "): " + CHANGED);
            }
        }
        if (!present.isEmpty()) {
            String extra = new TreeSet<>(present.keySet()).first();
            throw new PackageException(FILE_NAME + ": " + extra + " is not listed: " + CHANGED);
        }
    }

    /** Why a listed path is not a plain relative path below the root, or null when it is one. */
    private static String pathProblem(String path) {
        if (path.isEmpty() || path.startsWith("/") || path.indexOf('\\') >= 0 || path.indexOf('\0') >= 0) {
            return "is not a relative path with '/' separators";
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return "has an empty, '.' or '..' segment";
            }
        }
        if (path.equals(FILE_NAME)) {
            return "is the manifest itself";
        }
        return null;
    }

    private static PackageException invalid(String problem) {
        return new PackageException(FILE_NAME + " is invalid: " + problem + "; " + REFETCH);
    }

    private static String string(JsonNode node, String field, boolean nullable) {
        JsonNode value = node.get(field);
        if (nullable && (value == null || value.isNull())) {
            return null;
        }
        if (value == null || !value.isString()) {
            throw invalid("field '" + field + "' must be a string" + (nullable ? " or null" : ""));
        }
        return value.stringValue();
    }

    private static JsonNode array(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isArray()) {
            throw invalid("field '" + field + "' must be an array");
        }
        return value;
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
