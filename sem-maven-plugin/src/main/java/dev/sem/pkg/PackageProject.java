package dev.sem.pkg;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import dev.sem.SemException;
import dev.sem.git.GitRepo;
import dev.sem.lint.Finding;
import dev.sem.lint.LintConfig;
import dev.sem.lint.LintReport;
import dev.sem.lint.Linter;
import dev.sem.script.Script;

/**
 * A package released as a Maven artifact: its project directory holds {@code config.json} (instead of the
 * {@code scripts/} of a schema repository), and the project's coordinates and the descriptor name the same package.
 */
public final class PackageProject {

    /** What a Maven build calls the version of a build that is not a release. */
    private static final String SNAPSHOT = "-SNAPSHOT";

    private PackageProject() {}

    /** Whether {@code baseDir} is a package project: it holds {@code config.json}. */
    public static boolean isPackage(Path baseDir) {
        return baseDir != null && Files.isRegularFile(baseDir.resolve(DescriptorReader.FILE));
    }

    /**
     * The package name a project's artifactId stands for: the artifactId with {@code -} written {@code _}.
     *
     * @param artifactId the Maven artifactId
     */
    public static String packageName(String artifactId) {
        return artifactId.replace('-', '_');
    }

    /** The release version of a project version: without {@code -SNAPSHOT}. */
    public static String releaseVersion(String projectVersion) {
        return projectVersion.endsWith(SNAPSHOT)
                ? projectVersion.substring(0, projectVersion.length() - SNAPSHOT.length())
                : projectVersion;
    }

    /**
     * Refuses a descriptor whose name or version disagrees with the project's coordinates: the package name is the
     * artifactId (with {@code -} as {@code _}), the version is the project version without {@code -SNAPSHOT}.
     *
     * @throws PackageException naming both values and the fix
     */
    public static void checkCoordinates(PackageDescriptor d, String artifactId, String projectVersion) {
        Objects.requireNonNull(d, "d");
        String name = packageName(artifactId);
        if (!d.name().equals(name)) {
            throw new PackageException("config.json \"name\": \"" + d.name() + "\" disagrees with the artifactId "
                    + artifactId + " of pom.xml: a package project has one name; set \"name\": \"" + name
                    + "\" in config.json, or the <artifactId> to " + d.name().replace('_', '-'));
        }
        String release = releaseVersion(projectVersion);
        PackageVersion pom;
        try {
            pom = PackageVersion.parse(release);
        } catch (PackageException e) {
            throw new PackageException("The version " + projectVersion + " of pom.xml is not a package version:"
                    + " use MAJOR.MINOR.PATCH (optionally -SNAPSHOT), such as "
                    + d.version().display()
                    + ", to match the version in config.json");
        }
        if (!pom.sameNumbers(d.version())) {
            throw new PackageException("The version " + d.version().display() + " in config.json disagrees with the"
                    + " version " + projectVersion + " of pom.xml: set \"version\": \"" + release + "\" in config.json"
                    + " (the project version without -SNAPSHOT), or the <version> to match it");
        }
    }

    /**
     * The time of a package archive's entries when the build gives none: the commit time of HEAD of the git work tree
     * holding {@code baseDir}, so that the same commit gives the same archive.
     *
     * @throws PackageException outside a git work tree or without a commit
     */
    public static Instant headCommitTime(Path baseDir) {
        try (GitRepo repo = GitRepo.open(baseDir)) {
            if (repo.hasHead()) {
                return Instant.ofEpochSecond(repo.commit("HEAD").getCommitTime());
            }
        } catch (SemException e) {
            if (!e.isUserError()) {
                throw e;
            }
        }
        throw new PackageException("No time for the entries of the package archive: " + baseDir + " has no git commit;"
                + " set <project.build.outputTimestamp> in pom.xml (such as 2026-01-01T00:00:00Z) or commit first");
    }

    /**
     * What {@link #validate} found.
     *
     * @param packageName the package
     * @param version its version as written
     * @param schema its schema, or null for DATABASE scope
     * @param files how many SQL files it has
     * @param warnings what the loader warned about
     * @param lint the lint of every file, or null when the lint is skipped
     */
    public record Validation(
            String packageName, String version, String schema, int files, List<String> warnings, LintReport lint) {

        /** Whether the lint fails the build under {@code config}. */
        public boolean lintFails(LintConfig config) {
            return lint != null && lint.findings().stream().anyMatch(f -> config.fails(f.severity()));
        }

        /** The findings that fail the build, one line each. */
        public List<String> failures(LintConfig config) {
            return lint == null
                    ? List.of()
                    : lint.findings().stream()
                            .filter(f -> config.fails(f.severity()))
                            .map(Finding::toString)
                            .toList();
        }
    }

    /**
     * Validates a package project without a database: descriptor, folders, files, type graph, agreement with the
     * coordinates, and the lint of every file.
     *
     * @param lintConfig the lint's configuration, or null to skip the lint
     * @throws PackageException for the first invalid descriptor key, folder, file or coordinate
     */
    public static Validation validate(Path baseDir, String artifactId, String projectVersion, LintConfig lintConfig) {
        LoadedPackage pkg = PackageLoader.load(baseDir);
        PackageDescriptor d = pkg.descriptor();
        checkCoordinates(d, artifactId, projectVersion);
        LintReport lint = null;
        if (lintConfig != null) {
            List<Script> scripts = pkg.files().stream().map(PackageFile::script).toList();
            lint = LintReport.of(scripts.size(), new Linter(lintConfig).lint(scripts), lintConfig);
        }
        return new Validation(
                d.name(), d.version().text(), d.schemaName(), pkg.files().size(), pkg.warnings(), lint);
    }
}
