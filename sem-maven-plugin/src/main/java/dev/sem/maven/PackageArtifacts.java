package dev.sem.maven;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.sem.EngineLog;
import dev.sem.SemException;
import dev.sem.TempFiles;
import dev.sem.pkg.PackageDependencies;
import dev.sem.pkg.PackageLoader;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.project.MavenProject;

/**
 * Package artifacts: the {@code tar.gz} with classifier {@code package} that {@code sem:package} attaches to a package
 * project, found among a project's resolved dependencies or resolved by coordinates, and loaded with their manifest
 * verified.
 */
final class PackageArtifacts {

    /** The classifier of a package artifact. */
    static final String CLASSIFIER = "package";

    /** The type and extension of a package artifact. */
    static final String TYPE = "tar.gz";

    private PackageArtifacts() {}

    /**
     * A package artifact and its file.
     *
     * @param coordinates {@code groupId:artifactId:version}
     * @param file the downloaded {@code tar.gz}
     */
    record Located(String coordinates, Path file) {}

    /** Whether a dependency is a package artifact. */
    static boolean isPackage(String extension, String classifier) {
        return TYPE.equals(extension) && CLASSIFIER.equals(classifier);
    }

    /** The project's resolved package dependencies, direct and transitive, in Maven's order. */
    static List<Located> of(MavenProject project) {
        List<Located> out = new ArrayList<>();
        for (Artifact a : project.getArtifacts()) {
            String extension = a.getArtifactHandler() == null
                    ? a.getType()
                    : a.getArtifactHandler().getExtension();
            if (isPackage(extension, a.getClassifier()) && a.getFile() != null) {
                out.add(new Located(
                        a.getGroupId() + ":" + a.getArtifactId() + ":" + a.getVersion(),
                        a.getFile().toPath()));
            }
        }
        return out;
    }

    /** The project's direct package dependencies as {@code groupId:artifactId:version}, for the manifest. */
    static List<String> declared(MavenProject project) {
        return project.getDependencies().stream()
                .filter(d -> isPackage(d.getType(), d.getClassifier()))
                .map(d -> d.getGroupId() + ":" + d.getArtifactId() + ":" + d.getVersion())
                .toList();
    }

    /**
     * Extracts each artifact into its own directory below {@code workDir} (emptied first), verifying its manifest.
     *
     * @throws dev.sem.pkg.PackageException when an archive is not a package built by sem:package or was changed
     */
    static List<PackageDependencies.Provided> load(List<Located> artifacts, Path workDir, EngineLog log) {
        if (!TempFiles.deleteTree(workDir)) {
            throw SemException.environment("Cannot empty " + workDir + "; delete it and run again", null);
        }
        List<PackageDependencies.Provided> out = new ArrayList<>();
        int i = 0;
        for (Located a : artifacts) {
            Path dir = workDir.resolve(String.valueOf(++i));
            PackageLoader.Release release = PackageLoader.loadRelease(a.file(), dir);
            log.info("Verified the package " + a.coordinates() + " against its sem-package-manifest.json");
            out.add(new PackageDependencies.Provided(a.coordinates(), release.pkg()));
        }
        return out;
    }
}
