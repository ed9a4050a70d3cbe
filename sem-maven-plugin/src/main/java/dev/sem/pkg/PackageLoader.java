package dev.sem.pkg;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import dev.sem.ContainedFiles;
import dev.sem.SemException;
import dev.sem.packaging.DistributionReader;
import dev.sem.script.ScriptText;

/**
 * Reads a pgpm package from disk and validates all of it before any connection (pgpm spec §4, §5, §6.2, §8, §9).
 *
 * <h2>API for the deployer</h2>
 *
 * <ul>
 *   <li>{@link #load(Path)}: a package directory (the directory of {@code config.json}) →
 *       {@link LoadedPackage}.
 *   <li>{@link #loadTarball(Path, Path)}: a {@code .tar.gz} extracted safely into a directory the caller provides
 *       (empty or absent; the caller deletes it afterwards), with {@code config.json} at the archive's top level or in
 *       its single top-level folder.
 *   <li>{@link #loadSource(Path, Path)}: either of the two, chosen by what the path is.
 *   <li>{@link #loadRelease(Path, Path)}: a release archive written by {@link PackageArchive}, whose
 *       {@value PackageManifest#FILE_NAME} is required and verified.
 *   <li>{@link LoadedPackage#files()} / {@link LoadedPackage#files(Category)}: the files in execution order (§6.3),
 *       identified by their path relative to the root ({@link PackageFile#path()}, the table-script identity of §10).
 *   <li>{@link LoadedPackage#select(List)}: the files of a single-file deploy ({@code -f}), resolved and checked.
 *   <li>{@link TypeOrder#order(LoadedPackage)}: the statements of the type files, ordered (§9).
 *   <li>{@link LoadedPackage#warnings()}: lines to log as warnings (legacy and unknown keys, non-type statements in
 *       the types folders).
 * </ul>
 *
 * <p>Every user mistake is a {@link PackageException} whose message is one line naming the file ({@code config.json}
 * with its key, or a package file with its line or byte offset) and the fix. What is checked, in order: the
 * manifest, when the package root holds a {@value PackageManifest#FILE_NAME} next to {@code config.json} (an extracted
 * release; whichever method loads it, and before anything else is read: see {@link PackageManifest#verify(Path)}); the
 * descriptor (required keys, JSON types, name, subclass, version, scope, requirements, roles, paths,
 * {@code standard_conforming_strings}, the 63-byte limit of the schema name and of its revision names
 * {@code <schema>_<N>} for N up to 99); the folders (exist, directories,
 * inside the root, also through symbolic links); the files (each in one category; strict UTF-8, no psql
 * meta-commands, backslashes in ordinary string literals only when {@code standard_conforming_strings} is declared,
 * split into statements); the type order (cycles).
 */
public final class PackageLoader {

    private PackageLoader() {}

    /**
     * Loads a package directory, verified first against its {@value PackageManifest#FILE_NAME} when it holds one.
     *
     * @param root the directory holding {@code config.json}
     * @throws PackageException for a manifest that does not match, or any invalid descriptor key, folder or file
     */
    public static LoadedPackage load(Path root) {
        return load(root, null, false).pkg();
    }

    /**
     * A release loaded by {@link #loadRelease(Path, Path)}: the package and its verified manifest.
     *
     * @param pkg the loaded package
     * @param manifest the manifest the package was verified against
     */
    public record Release(LoadedPackage pkg, PackageManifest manifest) {}

    /**
     * Loads a package root, verifying its {@value PackageManifest#FILE_NAME} first when there is one (or throwing when
     * {@code required} and there is none); {@code archive} names the tarball in messages, or null for a directory.
     */
    private static Release load(Path root, Path archive, boolean required) {
        Path dir = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new PackageException(
                    "The package root " + dir + " is not a directory; name the directory that" + " holds config.json");
        }
        Path config = dir.resolve(DescriptorReader.FILE);
        Path realRoot = ContainedFiles.realRoot(dir);
        ContainedFiles.Checked checked = ContainedFiles.check(realRoot, config);
        if (checked.problem() == ContainedFiles.Problem.MISSING) {
            throw new PackageException("No config.json in " + dir + "; a package root holds its descriptor"
                    + " config.json (name the right directory)");
        }
        if (!checked.ok()) {
            throw new PackageException(config + " " + checked.describe(realRoot)
                    + "; config.json must be a regular file inside the package root");
        }
        PackageManifest manifest = verify(dir, archive, required);
        String text = ScriptText.decode(
                readAll(config),
                StandardCharsets.UTF_8,
                invalid -> PackageFile.invalidUtf8(DescriptorReader.FILE, invalid));
        DescriptorReader.Result read = DescriptorReader.read(text);
        PackageDescriptor descriptor = read.descriptor();
        if (manifest != null) {
            checkIdentity(manifest, descriptor, archive == null ? dir : archive);
        }
        for (var e : descriptor.paths().entrySet()) {
            e.getValue().forEach(folder -> PackageFiles.folder(dir, e.getKey().key(), folder));
        }
        PackageFiles.Result collected =
                PackageFiles.collect(dir, descriptor.paths(), descriptor.standardConformingStrings());
        List<PackageFile> files = collected.files();
        List<String> warnings = new ArrayList<>(read.warnings());
        warnings.addAll(collected.warnings());
        TypeOrder.Result types = TypeOrder.order(new LoadedPackage(dir, descriptor, files, List.of()));
        warnings.addAll(types.warnings());
        return new Release(new LoadedPackage(dir, descriptor, files, List.copyOf(warnings)), manifest);
    }

    /**
     * Reads and verifies the manifest of {@code dir} before anything else of the package is parsed.
     *
     * @return the manifest, or null when there is none and none is required
     */
    private static PackageManifest verify(Path dir, Path archive, boolean required) {
        Path where = archive == null ? dir : archive;
        if (!Files.exists(dir.resolve(PackageManifest.FILE_NAME), LinkOption.NOFOLLOW_LINKS)) {
            if (required) {
                throw new PackageException("The archive " + where + " has no " + PackageManifest.FILE_NAME
                        + ": it was not built by sem:package; build the release with sem:package, or load it as a"
                        + " plain package tarball");
            }
            return null;
        }
        try {
            PackageManifest manifest = PackageManifest.read(dir);
            manifest.verify(dir);
            return manifest;
        } catch (PackageException e) {
            throw new PackageException(where + ": " + e.getMessage(), e);
        }
    }

    /** The manifest must describe the package it came with (config.json's bytes are verified already). */
    private static void checkIdentity(PackageManifest manifest, PackageDescriptor descriptor, Path where) {
        if (!manifest.packageName().equals(descriptor.name())
                || !manifest.version().equals(descriptor.version().text())) {
            throw new PackageException(where + ": " + PackageManifest.FILE_NAME + " describes "
                    + manifest.packageName() + " " + manifest.version() + " but config.json is "
                    + descriptor.name() + " " + descriptor.version().text()
                    + ": the archive was changed after sem:package; download it again or rebuild it");
        }
    }

    /**
     * Extracts a package tarball safely (no entry can write outside {@code workDir}; links and devices are refused)
     * and loads it.
     *
     * @param tarGz the {@code .tar.gz}
     * @param workDir an empty or absent directory to extract into; the caller removes it when done
     * @throws PackageException when the archive holds no {@code config.json} at its top level or in a single top-level
     *     folder, or the package is invalid
     * @throws dev.sem.packaging.UnsafeArchiveException for an unsafe entry (nothing is written then)
     */
    public static LoadedPackage loadTarball(Path tarGz, Path workDir) {
        return load(packageRoot(tarGz, workDir), tarGz, false).pkg();
    }

    /**
     * Loads a release archive written by {@link PackageArchive}: extracts it as {@link #loadTarball(Path, Path)} does,
     * then requires and verifies its {@value PackageManifest#FILE_NAME} (every listed file present with its SHA-256,
     * no other file) before parsing anything of the package.
     *
     * @param tarGz the release {@code .tar.gz}
     * @param workDir an empty or absent directory to extract into; the caller removes it when done
     * @throws PackageException when the manifest is missing, invalid or does not match, or the package is invalid;
     *     each message starts with the archive's path
     * @throws dev.sem.packaging.UnsafeArchiveException for an unsafe entry (nothing is written then)
     */
    public static Release loadRelease(Path tarGz, Path workDir) {
        return load(packageRoot(tarGz, workDir), tarGz, true);
    }

    /** Extracts {@code tarGz} and finds the directory of its {@code config.json}. */
    private static Path packageRoot(Path tarGz, Path workDir) {
        Path target = DistributionReader.extractAll(tarGz, workDir, DistributionReader.DEFAULT_LIMITS);
        if (Files.isRegularFile(target.resolve(DescriptorReader.FILE))) {
            return target;
        }
        List<Path> top;
        try (Stream<Path> list = Files.list(target)) {
            top = list.filter(p -> !p.getFileName().toString().startsWith(".")).toList();
        } catch (IOException e) {
            throw SemException.environment("Cannot list " + target + ": " + e.getMessage(), e);
        }
        if (top.size() == 1
                && Files.isDirectory(top.get(0))
                && Files.isRegularFile(top.get(0).resolve(DescriptorReader.FILE))) {
            return top.get(0);
        }
        throw new PackageException("The archive " + tarGz + " has no config.json at its top level or in a single"
                + " top-level folder; it is not a pgpm package (pack the directory that holds config.json)");
    }

    /**
     * Loads a package directory, or a {@code .tar.gz}/{@code .tgz} file extracted into {@code workDir}.
     *
     * @param source a package directory or a tarball
     * @param workDir where a tarball is extracted (empty or absent); unused for a directory
     */
    public static LoadedPackage loadSource(Path source, Path workDir) {
        if (!Files.exists(source)) {
            throw new PackageException("The package source " + source + " does not exist; name a package directory"
                    + " or a .tar.gz file");
        }
        if (Files.isDirectory(source)) {
            return load(source);
        }
        String name = source.getFileName() == null
                ? ""
                : source.getFileName().toString().toLowerCase(Locale.ROOT);
        if (Files.isRegularFile(source) && (name.endsWith(".tar.gz") || name.endsWith(".tgz"))) {
            return loadTarball(source, workDir);
        }
        throw new PackageException("The package source " + source + " is neither a directory holding config.json nor"
                + " a .tar.gz file; name one of them");
    }

    private static byte[] readAll(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw SemException.environment("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
