package dev.sem.maven;

import javax.inject.Inject;

import java.io.File;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import dev.sem.packaging.Packager;
import dev.sem.pkg.LoadedPackage;
import dev.sem.pkg.PackageArchive;
import dev.sem.pkg.PackageLoader;
import dev.sem.pkg.PackageProject;
import org.apache.maven.archiver.MavenArchiver;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.MavenProjectHelper;

/**
 * Builds the distribution {@code <artifactId>-<version>.tar.gz} (sem-dist) from the scripts committed at HEAD (or at
 * the tag given with {@code sem.tag}) and
 * attaches it to the project with type {@code tar.gz} and classifier {@code scripts}, so {@code install} and
 * {@code deploy} publish it as {@code groupId:artifactId:tar.gz:scripts:version}. The archive is reproducible: the same
 * commit gives the same bytes.
 *
 * <p>In a package project ({@code config.json} at the base directory) it writes
 * {@code <artifactId>-<version>-package.tar.gz} instead: {@code config.json}, the files of its folders and
 * {@code sem-package-manifest.json} with the SHA-256 of every file, attached with type {@code tar.gz} and classifier
 * {@code package}. The entries' time is {@code project.build.outputTimestamp}, else HEAD's commit time.
 *
 * @since 0.1.0
 */
@Mojo(name = "package", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class PackageMojo extends AbstractSemMojo {

    /** The classifier of the attached archive. */
    public static final String CLASSIFIER = "scripts";

    /** The type (and extension) of the attached archive. */
    public static final String TYPE = "tar.gz";

    private final MavenProjectHelper projectHelper;

    /** The schema project: its base directory holds {@code scripts/}, its coordinates name the archive. */
    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    /** This plugin's version, recorded in the archive's {@code sem-manifest.json}. */
    @Parameter(defaultValue = "${plugin.version}", readonly = true, required = true)
    private String pluginVersion;

    /**
     * Where {@code <artifactId>-<version>.tar.gz} is written.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sem.package.outputDirectory", defaultValue = "${project.build.directory}")
    private File outputDirectory;

    /**
     * The build time written to {@code CHANGES} and the mtime of every archive entry: an ISO-8601 instant such as
     * {@code 2026-11-21T07:19:33Z} or seconds since the epoch, as for every reproducible Maven archive. When unset (and
     * {@code SOURCE_DATE_EPOCH} is unset too), HEAD's commit time is used, so the same commit gives the same archive.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sem.package.outputTimestamp", defaultValue = "${project.build.outputTimestamp}")
    private String outputTimestamp;

    /**
     * Take the release version ({@code VERSION}, {@code CHANGES}' {@code Git Tag:} line and the archive's name) from
     * the release tag at HEAD ({@code x.y.z}, optionally prefixed such as {@code v1.2.3}) instead of the project
     * version. The build fails when HEAD has no release tag. The attached artifact keeps the project version.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sem.version.fromGitTag", defaultValue = "false")
    private boolean versionFromGitTag;

    /**
     * Package HEAD even when the working tree's {@code scripts/} differs from it (modified, deleted, untracked or only
     * staged {@code .sql} files). The archive still holds only the scripts committed at HEAD; the differences are
     * logged as a warning.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sem.package.allowDirty", defaultValue = "false")
    private boolean allowDirty;

    /**
     * Package the scripts committed at this existing tag instead of HEAD (sem-dist {@code --tag}): {@code VERSION},
     * {@code CHANGES} and the archive's name take the tag, whatever the working tree holds. The tag must exist exactly.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sem.tag")
    private String tag;

    /**
     * Write a {@code -SNAPSHOT} project version to the archive's {@code VERSION}. By default a development version only
     * names the archive and {@code VERSION} is empty, so applying it records no version in the database.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sem.allowSnapshotVersion", defaultValue = "false")
    private boolean allowSnapshotVersion;

    @Inject
    public PackageMojo(MavenProjectHelper projectHelper) {
        this.projectHelper = projectHelper;
    }

    @Override
    protected String goal() {
        return "package";
    }

    @Override
    protected void doExecute() throws MojoFailureException {
        if (PackageProject.isPackage(project.getBasedir().toPath())) {
            packagePackage();
            return;
        }
        Packager.Result result = Packager.build(new Packager.Request(
                project.getBasedir().toPath(),
                project.getGroupId(),
                project.getArtifactId(),
                project.getVersion(),
                versionFromGitTag,
                outputDirectory.toPath(),
                parseOutputTimestamp(),
                allowDirty,
                pluginVersion,
                tag,
                allowSnapshotVersion));
        result.warnings().forEach(getLog()::warn);
        if (result.replacedExisting()) {
            getLog().info("Removing old gzip file at " + result.archive());
        }
        getLog().info("");
        getLog().info("Created distribution file at " + result.archive());

        projectHelper.attachArtifact(project, TYPE, CLASSIFIER, result.archive().toFile());
        String attached = project.getGroupId() + ":" + project.getArtifactId() + ":" + TYPE + ":" + CLASSIFIER + ":"
                + project.getVersion();
        getLog().info("Attached " + attached + " (" + result.scripts().size() + " scripts, SHA-256 " + result.sha256()
                + ")");

        writeReport(new Report(
                goal(),
                result.archive().toString(),
                result.sha256(),
                attached,
                result.version(),
                result.commit(),
                result.outputTimestamp().toString(),
                result.scripts().size(),
                result.chain(),
                result.warnings()));
    }

    /** A package project: the descriptor and its folders, with a manifest, attached with classifier package. */
    private void packagePackage() throws MojoFailureException {
        Path root = project.getBasedir().toPath();
        LoadedPackage pkg = PackageLoader.load(root);
        PackageProject.checkCoordinates(pkg.descriptor(), project.getArtifactId(), project.getVersion());
        Instant timestamp = parseOutputTimestamp();
        if (timestamp == null) {
            timestamp = PackageProject.headCommitTime(root);
        }
        String coordinates = project.getGroupId() + ":" + project.getArtifactId() + ":" + project.getVersion();
        String name = project.getArtifactId() + "-" + project.getVersion();
        PackageArchive.Result result = PackageArchive.write(
                new PackageArchive.Request(
                        pkg, name, coordinates, pluginVersion, PackageArtifacts.declared(project), timestamp),
                outputDirectory.toPath().resolve(name + "-" + PackageArtifacts.CLASSIFIER + ".tar.gz"));
        projectHelper.attachArtifact(
                project,
                PackageArtifacts.TYPE,
                PackageArtifacts.CLASSIFIER,
                result.archive().toFile());
        String attached = project.getGroupId() + ":" + project.getArtifactId() + ":" + PackageArtifacts.TYPE + ":"
                + PackageArtifacts.CLASSIFIER + ":" + project.getVersion();
        getLog().info("Created package archive " + result.archive() + " (" + result.files() + " files, SHA-256 "
                + result.sha256() + ")");
        getLog().info("Attached " + attached);
        writeReport(new PackageReport(
                goal(),
                result.archive().toString(),
                result.sha256(),
                attached,
                pkg.descriptor().name(),
                pkg.descriptor().version().text(),
                timestamp.toString(),
                result.files(),
                PackageArtifacts.declared(project)));
    }

    /**
     * The JSON report of {@code sem:package} in a package project.
     *
     * @param goal {@code package}
     * @param file the archive's path
     * @param sha256 the archive's SHA-256
     * @param artifact the attached coordinates {@code groupId:artifactId:tar.gz:package:version}
     * @param packageName the package name
     * @param version the package version as written in config.json
     * @param outputTimestamp the entries' mtime, ISO-8601
     * @param files how many files the manifest lists
     * @param dependencies the package dependencies declared in pom.xml
     */
    public record PackageReport(
            String goal,
            String file,
            String sha256,
            String artifact,
            String packageName,
            String version,
            String outputTimestamp,
            int files,
            List<String> dependencies) {}

    /**
     * The value Maven 4's super POM gives {@code project.build.outputTimestamp} when no POM sets it (Maven 3 leaves it
     * unset): it means "unset" here too, so that the archive keeps HEAD's commit time on both versions.
     */
    static final String MAVEN4_DEFAULT_OUTPUT_TIMESTAMP = "1980-02-01T00:00:00Z";

    private Instant parseOutputTimestamp() throws MojoFailureException {
        if (MAVEN4_DEFAULT_OUTPUT_TIMESTAMP.equals(outputTimestamp) && !declaresOutputTimestamp(project)) {
            return null;
        }
        try {
            return MavenArchiver.parseBuildOutputTimestamp(outputTimestamp).orElse(null);
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException(
                    "Invalid outputTimestamp '" + outputTimestamp + "' (<project.build.outputTimestamp> or"
                            + " -Dsem.package.outputTimestamp): use an ISO-8601 instant such as 2026-11-21T07:19:33Z,"
                            + " seconds since the epoch, or leave it unset to use HEAD's commit time",
                    e);
        }
    }

    /** Whether the project's POM or one of its parents' sets {@code project.build.outputTimestamp} itself. */
    private static boolean declaresOutputTimestamp(MavenProject project) {
        for (MavenProject p = project; p != null; p = p.getParent()) {
            if (p.getOriginalModel() != null
                    && p.getOriginalModel().getProperties().containsKey("project.build.outputTimestamp")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The JSON report of {@code sem:package} ({@code -Dsem.report=file}).
     *
     * @param goal {@code package}
     * @param file the archive's path
     * @param sha256 the archive's SHA-256
     * @param artifact the attached coordinates {@code groupId:artifactId:tar.gz:scripts:version}
     * @param version the release version in {@code VERSION}
     * @param commit the packaged commit's id (HEAD, or the tag's)
     * @param outputTimestamp the entries' mtime, ISO-8601
     * @param scripts how many scripts were packaged
     * @param chain the manifest's chained hash over all scripts
     * @param warnings the warnings logged
     */
    public record Report(
            String goal,
            String file,
            String sha256,
            String artifact,
            String version,
            String commit,
            String outputTimestamp,
            int scripts,
            String chain,
            List<String> warnings) {}
}
