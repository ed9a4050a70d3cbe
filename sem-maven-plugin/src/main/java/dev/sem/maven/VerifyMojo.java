package dev.sem.maven;

import javax.inject.Inject;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import dev.sem.SemException;
import dev.sem.apply.ApplyOptions;
import dev.sem.pkg.DeployValidation;
import dev.sem.pkg.LoadedPackage;
import dev.sem.pkg.PackageDependencies;
import dev.sem.pkg.PackageLoader;
import dev.sem.pkg.PackageProject;
import dev.sem.script.ScriptReader;
import dev.sem.source.ScriptSource;
import dev.sem.verify.PackageVerifier;
import dev.sem.verify.ThrowawayPostgres;
import dev.sem.verify.Verifier;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;
import org.eclipse.aether.artifact.DefaultArtifact;

/**
 * Proves the scripts apply: replays every script on a throwaway PostgreSQL with the real runner, applies again to show
 * the second run is a no-op, upgrades a database from the previous release when one is resolvable, and writes the
 * resulting schema to {@code target/sem-verify/schema.sql}. The default needs neither Docker nor a server: an embedded
 * PostgreSQL whose binaries come from Maven Central.
 *
 * <p>In a package project ({@code config.json} at the base directory) it deploys the package's dependencies (its Maven
 * dependencies of type {@code tar.gz}, classifier {@code package}), deploys the package into an empty database,
 * deploys it again in {@code redeployMode}, binds a new session with {@code sem_packages.set_search_path}, checks that
 * every function of the package resolves through it, runs {@code verifyCalls}, and writes the schema dump.
 *
 * @since 0.1.0
 */
@Mojo(
        name = "verify",
        defaultPhase = LifecyclePhase.VERIFY,
        requiresDependencyResolution = ResolutionScope.RUNTIME,
        threadSafe = true)
public class VerifyMojo extends AbstractScriptsMojo {

    /**
     * The psql program that runs the scripts marked {@code -- sem.executor = psql}: a path, or a name looked up on the
     * {@code PATH}. Needed only when such a script is pending; checked before anything is applied.
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.psql", defaultValue = "psql")
    protected String psql;

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

    /**
     * Package projects: the mode of the second deploy that proves the redeploy path: {@code moderate} (rename the
     * schema and deploy afresh), {@code unsafe}, {@code overwrite}, or {@code none} to skip it.
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.verify.redeployMode", defaultValue = "moderate")
    private String redeployMode;

    /**
     * Package projects: SQL run one by one in a session bound to the package with
     * {@code sem_packages.set_search_path}, such as {@code <verifyCall>SELECT greet('world')</verifyCall>}; the first
     * value of each is logged. A failing call fails the build.
     *
     * @since 0.2.0
     */
    @Parameter
    private List<String> verifyCalls = new ArrayList<>();

    /**
     * Maven's usual switch to skip tests: {@code -DskipTests} skips this verification too, as it skips the unit tests
     * (use {@code sem.verify.skip} to skip only this).
     *
     * @since 0.1.0
     */
    @Parameter(property = "skipTests", defaultValue = "false")
    private boolean skipTests;

    /** The project being verified (set by Maven): its base directory, coordinates and package dependencies. */
    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    /** This plugin's version, recorded with the package deploys. */
    @Parameter(defaultValue = "${plugin.version}", readonly = true, required = true)
    private String pluginVersion;

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
        if (PackageProject.isPackage(project.getBasedir().toPath())) {
            verifyPackage(work, servers);
            return;
        }
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

    private void verifyPackage(Path work, Supplier<ThrowawayPostgres> servers) {
        LoadedPackage pkg = PackageLoader.load(project.getBasedir().toPath());
        PackageProject.checkCoordinates(pkg.descriptor(), project.getArtifactId(), project.getVersion());
        List<PackageDependencies.Provided> provided =
                PackageArtifacts.load(PackageArtifacts.of(project), work.resolve("dependencies"), engineLog());
        List<LoadedPackage> dependencies = PackageDependencies.order(pkg, provided).stream()
                .map(PackageDependencies.Provided::pkg)
                .toList();
        String mode = redeployMode == null ? "moderate" : redeployMode.strip();
        PackageVerifier.Options options = new PackageVerifier.Options(
                mode.equalsIgnoreCase("none") ? null : DeployValidation.parseMode(mode), verifyCalls, pluginVersion);
        PackageVerifier.Result result = new PackageVerifier(engineLog())
                .verify(
                        pkg,
                        dependencies,
                        options,
                        servers,
                        schemaDump == null || schemaDump.getPath().isBlank() ? null : schemaDump.toPath());
        getLog().info("sem:verify: package " + result.packageName() + " " + result.version() + " deploys on "
                + result.server()
                + (result.redeployMode() == null ? "" : " and redeploys in " + result.redeployMode() + " mode") + "; "
                + result.functionsResolved() + " function(s) resolve through set_search_path; "
                + result.calls().size() + " verify call(s) passed");
        writeReport(result);
    }

    /** The options the scripts are applied with: as sem:apply reads them (encoding, strictness, variables). */
    ApplyOptions applyOptions() {
        ApplyOptions defaults = ApplyOptions.defaults();
        return defaults.withVariables(scriptVariables())
                .withEncoding(ScriptReader.Options.charset(encoding))
                .withStrict(strict)
                .withLockTimeout(Duration.ofMillis(lockTimeout), defaults.lockRetries())
                .withPsql(psql);
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
                                    + e.getMessage()
                                    + " Run online once (without -o), or give a PostgreSQL server instead, such as"
                                    + " -Dsem.verify.url='jdbc:postgresql://localhost:5432/postgres?user=ci' (a role that"
                                    + " may create databases).",
                            e);
                }
                yield () -> ThrowawayPostgres.embedded(jar, postgres, work);
            }
        };
    }
}
