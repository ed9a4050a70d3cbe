package dev.sem.packaging;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import dev.sem.SemException;
import dev.sem.script.Script;
import dev.sem.script.ScriptName;
import dev.sem.script.VersionFile;

/**
 * Writes the distribution {@code <artifactId>-<version>.tar.gz}, laid out as sem's {@code sem-dist} tarball:
 *
 * <pre>
 * &lt;artifactId&gt;-&lt;version&gt;/
 * &lt;artifactId&gt;-&lt;version&gt;/scripts/
 * &lt;artifactId&gt;-&lt;version&gt;/CHANGES
 * &lt;artifactId&gt;-&lt;version&gt;/VERSION             the version, no trailing newline
 * &lt;artifactId&gt;-&lt;version&gt;/scripts/.exists     empty
 * &lt;artifactId&gt;-&lt;version&gt;/scripts/*.sql
 * &lt;artifactId&gt;-&lt;version&gt;/sem-manifest.json   (see {@link Manifest}; sem (Ruby) ignores it)
 * </pre>
 *
 * <p>The archive is reproducible, written by {@link ReproducibleTar}: sorted entries, every mtime set to the given
 * timestamp, uid and gid 0 with empty owner names, modes 0644 and 0755, a gzip header without file name and with mtime
 * 0. The same input gives a byte-identical file on the same JDK.
 */
public final class DistributionWriter {

    private static final Pattern ARTIFACT_ID = Pattern.compile("[A-Za-z0-9._+-]+");

    /**
     * What to package.
     *
     * @param artifactId the archive's base name, for example the Maven artifactId
     * @param version the release version (the git tag), validated as sem validates {@code VERSION}
     * @param changes the {@code CHANGES} text, usually from {@link Changes#render}
     * @param scripts the scripts to package (the caller chooses them, normally the tracked files at the tag)
     * @param coordinates {@code groupId:artifactId:version} for the manifest, or {@code null}
     * @param toolVersion the plugin's version, for the manifest
     * @param outputTimestamp the mtime of every entry, usually the tag's commit time
     * @param recordVersion whether {@code VERSION} holds {@code version}; {@code false} writes an empty {@code VERSION}
     *     (applying the archive then records no version), for a development ({@code -SNAPSHOT}) build whose version
     *     only names the archive
     */
    public record Request(
            String artifactId,
            String version,
            String changes,
            List<Script> scripts,
            String coordinates,
            String toolVersion,
            Instant outputTimestamp,
            boolean recordVersion) {

        /** A request whose {@code VERSION} holds {@code version}. */
        public Request(
                String artifactId,
                String version,
                String changes,
                List<Script> scripts,
                String coordinates,
                String toolVersion,
                Instant outputTimestamp) {
            this(artifactId, version, changes, scripts, coordinates, toolVersion, outputTimestamp, true);
        }

        public Request {
            Objects.requireNonNull(artifactId, "artifactId");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(changes, "changes");
            scripts = List.copyOf(scripts);
            Objects.requireNonNull(toolVersion, "toolVersion");
            Objects.requireNonNull(outputTimestamp, "outputTimestamp");
        }

        /** {@code <artifactId>-<version>}: the top-level directory inside the archive. */
        public String prefix() {
            return artifactId + "-" + version;
        }

        /** {@code <artifactId>-<version>.tar.gz}. */
        public String fileName() {
            return prefix() + ".tar.gz";
        }
    }

    private DistributionWriter() {}

    /**
     * Writes {@code outputDirectory/<artifactId>-<version>.tar.gz}, replacing an existing file of that name atomically
     * where the file system allows. The caller prints {@code Removing old gzip file at <path>} beforehand if it wants
     * sem's message.
     *
     * @return the written archive
     * @throws SemException for an invalid artifactId, version or script name
     */
    public static Path write(Request request, Path outputDirectory) {
        validate(request);
        Manifest manifest = Manifest.of(
                request.coordinates(),
                request.toolVersion(),
                request.recordVersion() ? request.version() : null,
                request.scripts());
        Path target = outputDirectory.resolve(request.fileName());
        String root = request.prefix() + "/";
        Map<String, byte[]> files = new LinkedHashMap<>();
        Map<String, Path> onDisk = new LinkedHashMap<>();
        files.put(root + "scripts/.exists", new byte[0]);
        for (Script script : request.scripts()) {
            if (script.file() != null) {
                onDisk.put(root + "scripts/" + script.name(), script.file());
            } else {
                files.put(root + "scripts/" + script.name(), script.bytes());
            }
        }
        files.put(root + "CHANGES", request.changes().getBytes(StandardCharsets.UTF_8));
        files.put(
                root + "VERSION", (request.recordVersion() ? request.version() : "").getBytes(StandardCharsets.UTF_8));
        try {
            ByteArrayOutputStream json = new ByteArrayOutputStream();
            manifest.write(json);
            files.put(root + Manifest.FILE_NAME, json.toByteArray());
            Files.createDirectories(outputDirectory);
            ReproducibleTar.write(files, onDisk, target, request.outputTimestamp());
            try {
                // Large scripts were read from disk again: still the files whose checksums the manifest holds?
                request.scripts().forEach(Script::checkUnchanged);
            } catch (SemException e) {
                Files.deleteIfExists(target);
                throw e;
            }
            return target;
        } catch (IOException e) {
            throw SemException.environment("Cannot write distribution " + target + ": " + e.getMessage(), e);
        }
    }

    private static void validate(Request request) {
        if (!ARTIFACT_ID.matcher(request.artifactId()).matches()) {
            throw new SemException("Artifact name '" + request.artifactId()
                    + "' is invalid; only letters, digits, and . _ + - are allowed");
        }
        VersionFile.validate(request.version());
        if (!request.version().equals(request.version().strip())) {
            throw new SemException("Version '" + request.version() + "' has surrounding whitespace; strip it");
        }
        Set<String> names = new HashSet<>();
        for (Script script : request.scripts()) {
            if (!ScriptName.isCandidate(script.name()) || script.name().indexOf('\\') >= 0) {
                throw new SemException("Cannot package script '" + script.name()
                        + "': only plain file names ending in .sql (not dot-files) go into scripts/");
            }
            if (!names.add(script.name())) {
                throw new SemException("Cannot package script '" + script.name() + "' twice");
            }
        }
    }
}
