package dev.sem.maven;

import javax.inject.Inject;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

import dev.sem.SemException;
import dev.sem.apply.ApplyOptions;
import dev.sem.script.ScriptReader;
import dev.sem.source.ScriptSource;
import dev.sem.verify.ThrowawayPostgres;
import dev.sem.verify.Verifier;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.eclipse.aether.artifact.DefaultArtifact;

/**
 * Proves the scripts apply: replays every script on a throwaway PostgreSQL with the real runner, applies again to show
 * the second run is a no-op, upgrades a database from the previous release when one is resolvable, and writes the
 * resulting schema to {@code target/sem-verify/schema.sql}. The default needs neither Docker nor a server: an embedded
 * PostgreSQL whose binaries come from Maven Central.
 *
 * @since 0.1.0
 */
@Mojo(name = "verify", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class VerifyMojo extends AbstractScriptsMojo {

    /**
     * A server on which a scratch database is created and dropped, instead of the embedded PostgreSQL:
     * {@code jdbc:postgresql://host:5432/postgres?user=ci} or {@code postgresql://ci@host/postgres}; the password
     * from the URL, {@code PGPASSWORD} or {@code ~/.pgpass}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sem.verify.url")
    private String url;

    /**
     * Where the throwaway PostgreSQL comes from when no URL is given: {@code embedded} (default) or {@code docker}
     * (Testcontainers; needs a Docker engine).
     *
     * @since 0.1.0
     */
    @Parameter(property = "sem.verify.provider", defaultValue = "embedded")
    private Choices.Provider provider;

    /**
     * The PostgreSQL major version of the embedded server (13 to 18); match production.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sem.verify.postgres", defaultValue = "17")
    private int postgres;

    /**
     * The Docker image for {@code -Dsem.verify.provider=docker}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sem.verify.image", defaultValue = ThrowawayPostgres.DEFAULT_DOCKER_IMAGE)
    private String image;

    /**
     * The earlier release to upgrade from: a version of this artifact, {@code auto} (the highest released version
     * below this one, when the repositories have one) or {@code none}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sem.verify.upgradeFrom", defaultValue = "auto")
    private String upgradeFrom;

    /**
     * Where the resulting schema is written; empty to skip.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sem.verify.schemaDump", defaultValue = "${project.build.directory}/sem-verify/schema.sql")
    private File schemaDump;

    /**
     * Skip verification (also skipped with {@code -DskipTests}).
     *
     * @since 0.1.0
     */
    @Parameter(property = "sem.verify.skip", defaultValue = "false")
    private boolean skipVerify;

    @Parameter(property = "skipTests", defaultValue = "false")
    private boolean skipTests;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    private final SemArtifactResolver resolver;

    @Inject
    public VerifyMojo(SemArtifactResolver resolver) {
        this.resolver = resolver;
    }

    @Override
    protected String goal() {
        return "verify";
    }

    @Override
    protected void doExecute() {
        if (skipVerify || skipTests) {
            getLog().info("Skipping sem:verify (" + (skipVerify ? "sem.verify.skip" : "skipTests") + "=true)");
            return;
        }
        Path work = Path.of(project.getBuild().getDirectory(), "sem-verify");
        Supplier<ThrowawayPostgres> servers = servers(work);
        ApplyOptions options = applyOptions();
        Optional<String> previous = previousVersion();
        try (ScriptSource earlier = previous.map(v -> ScriptSource.tarball(
                        resolver.resolve(session, project.getGroupId() + ":" + project.getArtifactId() + ":" + v),
                        project.getGroupId() + ":" + project.getArtifactId() + ":" + v))
                .orElse(null)) {
            Verifier.Result result = new Verifier(engineLog())
                    .verify(
                            project.getBasedir().toPath(),
                            options,
                            servers,
                            earlier == null ? null : earlier.baseDir(),
                            previous.orElse(null),
                            schemaDump == null || schemaDump.getPath().isBlank() ? null : schemaDump.toPath());
            getLog().info("sem:verify: " + result.applied() + " script(s) apply cleanly on " + result.server()
                    + (result.upgradedFrom() == null
                            ? "; no earlier release to upgrade from"
                            : "; upgrade from " + result.upgradedFrom() + " applied " + result.upgradeApplied()));
            writeReport(result);
        }
    }

    /** The options the scripts are applied with: as sem:apply reads them (encoding, strictness, variables). */
    ApplyOptions applyOptions() {
        ApplyOptions defaults = ApplyOptions.defaults();
        return defaults.withVariables(scriptVariables())
                .withEncoding(ScriptReader.Options.charset(encoding))
                .withStrict(strict)
                .withLockTimeout(Duration.ofMillis(lockTimeout), defaults.lockRetries());
    }

    private Optional<String> previousVersion() {
        String v = upgradeFrom == null ? "auto" : upgradeFrom.trim();
        if (v.equalsIgnoreCase("none") || v.isEmpty()) {
            return Optional.empty();
        }
        if (!v.equalsIgnoreCase("auto")) {
            return Optional.of(v);
        }
        Optional<String> found =
                resolver.previousRelease(session, project.getGroupId(), project.getArtifactId(), project.getVersion());
        if (found.isEmpty()) {
            getLog().info("No earlier release of " + project.getGroupId() + ":" + project.getArtifactId()
                    + " found in the repositories; skipping the upgrade check");
        }
        return found;
    }

    private Supplier<ThrowawayPostgres> servers(Path work) {
        if (url != null && !url.isBlank()) {
            return () -> ThrowawayPostgres.fromServer(url, null, null);
        }
        return switch (provider) {
            case docker -> () -> ThrowawayPostgres.docker(image);
            case embedded -> {
                String coordinates = ThrowawayPostgres.binariesCoordinates(postgres);
                Path jar;
                try {
                    jar = resolver.resolve(session, new DefaultArtifact(coordinates));
                } catch (SemException e) {
                    throw SemException.environment(
                            "Could not get the PostgreSQL " + postgres + " binaries (" + coordinates + "): "
                                    + e.getMessage() + " Give -Dsem.verify.url=<a server> instead, or run online once.",
                            e);
                }
                yield () -> ThrowawayPostgres.embedded(jar, postgres, work);
            }
        };
    }
}
