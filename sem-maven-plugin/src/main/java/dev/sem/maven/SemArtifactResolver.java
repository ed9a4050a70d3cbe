package dev.sem.maven;

import javax.inject.Inject;
import javax.inject.Named;
import javax.inject.Singleton;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.sem.SemException;
import org.apache.maven.execution.MavenSession;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.resolution.VersionRangeRequest;
import org.eclipse.aether.resolution.VersionRangeResolutionException;
import org.eclipse.aether.version.Version;

/**
 * Resolves a distribution by its Maven coordinates from the configured repositories, mirrors and credentials.
 *
 * <p>Accepted forms: {@code groupId:artifactId:version} (the {@code tar.gz} with classifier {@code scripts}, as the
 * package goal attaches it), {@code groupId:artifactId:extension:version} and
 * {@code groupId:artifactId:extension:classifier:version}.
 */
@Named
@Singleton
public class SemArtifactResolver {

    /** The classifier the package goal attaches the distribution with. */
    public static final String CLASSIFIER = "scripts";

    /** The distribution's type and extension. */
    public static final String EXTENSION = "tar.gz";

    private final RepositorySystem repositorySystem;

    @Inject
    public SemArtifactResolver(RepositorySystem repositorySystem) {
        this.repositorySystem = Objects.requireNonNull(repositorySystem, "repositorySystem");
    }

    /** Parses coordinates, with the distribution's extension and classifier as defaults. */
    public static Artifact parse(String coordinates) {
        String[] parts = coordinates.trim().split(":", -1);
        for (String p : parts) {
            if (p.isBlank()) {
                throw invalid(coordinates);
            }
        }
        return switch (parts.length) {
            case 3 -> new DefaultArtifact(parts[0], parts[1], CLASSIFIER, EXTENSION, parts[2]);
            case 4 -> new DefaultArtifact(parts[0], parts[1], null, parts[2], parts[3]);
            case 5 -> new DefaultArtifact(parts[0], parts[1], parts[3], parts[2], parts[4]);
            default -> throw invalid(coordinates);
        };
    }

    private static SemException invalid(String coordinates) {
        return new SemException("-Dsem.artifact=" + coordinates + " is not valid Maven coordinates; use"
                + " groupId:artifactId:version, for example -Dsem.artifact=com.example:crm-schema:1.4.0");
    }

    /** Downloads (or finds in the local repository) the artifact and returns its file. */
    public Path resolve(MavenSession session, String coordinates) {
        return resolve(session, parse(coordinates));
    }

    /**
     * The highest released (non-SNAPSHOT) version of the distribution {@code groupId:artifactId} below
     * {@code version}, if the repositories have one.
     */
    public Optional<String> previousRelease(MavenSession session, String groupId, String artifactId, String version) {
        Artifact range = new DefaultArtifact(groupId, artifactId, CLASSIFIER, EXTENSION, "[0," + version + ")");
        try {
            var result = repositorySystem.resolveVersionRange(
                    session.getRepositorySession(),
                    new VersionRangeRequest(range, session.getCurrentProject().getRemoteProjectRepositories(), "sem"));
            List<Version> versions = new ArrayList<>(result.getVersions());
            Collections.reverse(versions);
            for (Version v : versions) {
                if (!v.toString().endsWith("-SNAPSHOT")) {
                    return Optional.of(v.toString());
                }
            }
            return Optional.empty();
        } catch (VersionRangeResolutionException e) {
            return Optional.empty();
        }
    }

    /**
     * Resolves the dependencies of {@code roots}, transitively, from the configured repositories (the POMs name them),
     * and returns the resolved artifacts other than the roots, in Maven's resolution order.
     */
    public List<Artifact> resolveDependencies(MavenSession session, List<Dependency> roots) {
        CollectRequest collect = new CollectRequest(roots, null, repositories(session));
        try {
            List<Artifact> out = new ArrayList<>();
            for (ArtifactResult r : repositorySystem
                    .resolveDependencies(session.getRepositorySession(), new DependencyRequest(collect, null))
                    .getArtifactResults()) {
                Artifact a = r.getArtifact();
                boolean root = roots.stream().anyMatch(d -> sameArtifact(d.getArtifact(), a));
                if (!root) {
                    out.add(a);
                }
            }
            return out;
        } catch (DependencyResolutionException e) {
            throw SemException.environment(
                    "Could not resolve the dependencies of "
                            + roots.stream()
                                    .map(d -> d.getArtifact().toString())
                                    .toList()
                            + " from the configured repositories: " + e.getMessage()
                            + ". Check that each was deployed, and the repositories in settings.xml.",
                    e);
        }
    }

    private static boolean sameArtifact(Artifact a, Artifact b) {
        return a.getGroupId().equals(b.getGroupId())
                && a.getArtifactId().equals(b.getArtifactId())
                && a.getClassifier().equals(b.getClassifier())
                && a.getExtension().equals(b.getExtension())
                && a.getBaseVersion().equals(b.getBaseVersion());
    }

    private static List<org.eclipse.aether.repository.RemoteRepository> repositories(MavenSession session) {
        return session.getCurrentProject().getRemoteProjectRepositories();
    }

    /** Downloads (or finds in the local repository) the artifact and returns its file. */
    public Path resolve(MavenSession session, Artifact artifact) {
        ArtifactRequest request =
                new ArtifactRequest(artifact, session.getCurrentProject().getRemoteProjectRepositories(), "sem");
        try {
            return repositorySystem
                    .resolveArtifact(session.getRepositorySession(), request)
                    .getArtifact()
                    .getFile()
                    .toPath();
        } catch (ArtifactResolutionException e) {
            throw SemException.environment(
                    "Could not resolve " + artifact + " from the configured repositories: " + e.getMessage()
                            + ". Check the coordinates, that it was deployed, and the repositories in settings.xml.",
                    e);
        }
    }
}
