package dev.sem.pkg;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import dev.sem.SemException;
import dev.sem.packaging.ReproducibleTar;

/**
 * Writes the release archive of a package: a reproducible {@code .tar.gz} (see {@link ReproducibleTar}) holding
 *
 * <pre>
 * &lt;topFolder&gt;/config.json                  the original bytes
 * &lt;topFolder&gt;/&lt;path of each package file&gt;   the original bytes, for example functions/hello.sql
 * &lt;topFolder&gt;/sem-package-manifest.json    see {@link PackageManifest}
 * </pre>
 *
 * and their directories, nothing else. The same package, request and timestamp give a byte-identical archive on the
 * same JDK. {@link PackageLoader#loadRelease(Path, Path)} loads it back and verifies it.
 */
public final class PackageArchive {

    private static final Pattern TOP_FOLDER = Pattern.compile("[A-Za-z0-9._+-]+");

    /**
     * What to archive.
     *
     * @param pkg the loaded package; its {@code config.json} is read again from {@link LoadedPackage#root()}
     * @param topFolder the single top-level folder of the archive, for example {@code <artifactId>-<version>}
     * @param coordinates {@code groupId:artifactId:version} for the manifest, or null
     * @param toolVersion the sem version, for the manifest
     * @param dependencies Maven coordinates of the packages it depends on, for the manifest (possibly empty)
     * @param outputTimestamp the mtime of every entry, usually the commit time
     */
    public record Request(
            LoadedPackage pkg,
            String topFolder,
            String coordinates,
            String toolVersion,
            List<String> dependencies,
            Instant outputTimestamp) {

        public Request {
            Objects.requireNonNull(pkg, "pkg");
            Objects.requireNonNull(topFolder, "topFolder");
            Objects.requireNonNull(toolVersion, "toolVersion");
            dependencies = List.copyOf(dependencies);
            Objects.requireNonNull(outputTimestamp, "outputTimestamp");
        }
    }

    /**
     * What was written.
     *
     * @param archive the written {@code .tar.gz}
     * @param sha256 the lower-case hex SHA-256 of the archive file
     * @param files how many files the manifest lists ({@code config.json} and the package files; the manifest itself
     *     is not counted)
     * @param manifest the manifest stored in the archive
     */
    public record Result(Path archive, String sha256, int files, PackageManifest manifest) {}

    private PackageArchive() {}

    /**
     * Writes the archive to {@code outputFile} (its directory is created), replacing an existing file atomically where
     * the file system allows.
     *
     * @throws PackageException for an invalid top folder
     * @throws SemException when a file cannot be read or the archive cannot be written
     */
    public static Result write(Request request, Path outputFile) {
        String top = request.topFolder();
        if (!TOP_FOLDER.matcher(top).matches() || top.equals(".") || top.equals("..")) {
            throw new PackageException("The archive folder '" + top + "' is invalid; only letters, digits, and"
                    + " . _ + - are allowed, as in <artifactId>-<version>");
        }
        LoadedPackage pkg = request.pkg();
        Path configFile = pkg.root().resolve(DescriptorReader.FILE);
        Map<String, byte[]> files = new LinkedHashMap<>();
        try {
            files.put(DescriptorReader.FILE, Files.readAllBytes(configFile));
        } catch (IOException e) {
            throw SemException.environment("Cannot read " + configFile + ": " + e.getMessage(), e);
        }
        for (PackageFile f : pkg.files()) {
            if (f.path().equals(PackageManifest.FILE_NAME)
                    || files.put(f.path(), f.script().bytes()) != null) {
                throw new IllegalArgumentException("Package file " + f.path() + " clashes with another file");
            }
        }
        PackageManifest manifest = PackageManifest.of(
                pkg.descriptor().name(),
                pkg.descriptor().version().text(),
                request.coordinates(),
                request.toolVersion(),
                request.dependencies(),
                files);

        Path target = outputFile.toAbsolutePath().normalize();
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (var e : files.entrySet()) {
            Path name = Path.of(top, e.getKey()).normalize();
            if (e.getKey().startsWith("/") || !name.startsWith(top) || name.equals(Path.of(top))) {
                throw new IllegalArgumentException("Package file " + e.getKey() + " lies outside the package");
            }
            entries.put(name.toString().replace('\\', '/'), e.getValue());
        }
        entries.put(top + "/" + PackageManifest.FILE_NAME, manifest.toBytes());
        try {
            Files.createDirectories(target.getParent());
            ReproducibleTar.write(entries, target, request.outputTimestamp());
            return new Result(target, sha256(target), manifest.files().size(), manifest);
        } catch (IOException e) {
            throw SemException.environment("Cannot write the package archive " + target + ": " + e.getMessage(), e);
        }
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
