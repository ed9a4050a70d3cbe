package dev.sem.maven;

import javax.inject.Inject;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Stream;

import dev.sem.SemException;
import dev.sem.TempFiles;
import dev.sem.fleet.PackageDeployOperation;
import dev.sem.pkg.DependencyDeployer;
import dev.sem.pkg.DeployOptions;
import dev.sem.pkg.DeployResult;
import dev.sem.pkg.DeployValidation;
import dev.sem.pkg.LoadedPackage;
import dev.sem.pkg.PackageDependencies;
import dev.sem.pkg.PackageDeployer;
import dev.sem.pkg.PackageException;
import dev.sem.pkg.PackageLoader;
import org.apache.maven.RepositoryUtils;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.eclipse.aether.graph.Dependency;

/**
 * Deploys a pgpm package into one database (pgpm {@code deploy}): validates the descriptor and files before
 * connecting, then runs types, table scripts, functions, views and triggers in one transaction under the package
 * registry lock, sets grants and owner, and records the deploy in the {@code sem_packages} registry. The package comes
 * from the project ({@code config.json} at the project's base directory), {@code -Dsem.package=<dir>},
 * {@code -Dsem.tarball=<file.tar.gz>} or {@code -Dsem.artifact=groupId:artifactId:version} (the package artifact
 * {@code sem:package} attached, {@code tar.gz} with classifier {@code package}, whose {@code sem-package-manifest.json}
 * is verified before connecting). With {@code -Dsem.deployDependencies} the packages it needs are deployed first.
 * Connection as for {@code apply}; {@code sem.url} also takes libpq key/value strings ({@code host=… dbname=…}).
 *
 * @since 0.2.0
 */
@Mojo(name = "deploy-package", requiresProject = false, threadSafe = true)
public class DeployPackageMojo extends AbstractFleetMojo {

    /**
     * A package tarball ({@code .tar.gz}) to deploy.
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.tarball")
    protected File tarball;

    /**
     * Maven coordinates of a package, {@code groupId:artifactId:version} (the {@code tar.gz} with classifier
     * {@code package} that {@code sem:package} attaches), resolved from the configured repositories.
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.artifact")
    protected String artifact;

    /**
     * Not for packages: {@code sem.dir} names a sem distribution (for {@code sem:apply}); giving it here is refused
     * with a hint to use {@code sem.package}.
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.dir")
    protected File dir;

    /**
     * Print what would be deployed, and change nothing.
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.dryRun", defaultValue = "false")
    protected boolean dryRun;

    /**
     * A table script that changed since it was deployed is an error instead of a warning.
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.strict", defaultValue = "false")
    protected boolean strict;

    /**
     * Seconds to wait for another deploy to release the package registry's lock.
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.lockWait", defaultValue = "60")
    protected int lockWait;

    /**
     * The {@code lock_timeout} sem sets for the deploy's statements, in milliseconds; 0 leaves it to the database.
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.lockTimeout", defaultValue = "2000")
    protected int lockTimeout;

    /**
     * How often a deploy step that hit the lock_timeout is retried, with exponential backoff.
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.lockRetries", defaultValue = "8")
    protected int lockRetries;

    /**
     * The package directory (the one holding {@code config.json}).
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.package")
    protected File packageDir;

    /**
     * What a full deploy does when the schema exists: {@code safe} (refuse), {@code moderate} (rename it to
     * {@code <schema>_<N>} and create it afresh), {@code unsafe} (DROP SCHEMA … CASCADE and create it afresh) or
     * {@code overwrite} (run the scripts over it). Any other value is an error before connecting.
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.mode", defaultValue = "safe")
    protected String mode;

    /**
     * The role that owns the schema and its objects after a full deploy (overrides {@code owner_role}).
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.owner")
    protected String owner;

    /**
     * Roles given USAGE on the schema and EXECUTE on its routines (comma-separated; overrides {@code usage_roles}).
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.usage")
    protected List<String> usage;

    /**
     * Single-file deploy (pgpm {@code -f}): files relative to the package root, comma-separated. The schema must exist.
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.files")
    protected List<String> files;

    /**
     * Run every statement in autocommit (single-file deploys in safe mode only), for {@code CREATE INDEX
     * CONCURRENTLY}; the deploy is then not atomic.
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.autoCommit", defaultValue = "false")
    protected boolean autoCommit;

    /**
     * The VCS reference recorded with the deploy; default: git HEAD of the package root.
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.vcsRef")
    protected String vcsRef;

    /**
     * A link to the VCS reference (a commit URL), recorded with the deploy.
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.vcsLink")
    protected String vcsLink;

    /**
     * An issue reference (such as OPS-123), recorded with the deploy.
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.issueRef")
    protected String issueRef;

    /**
     * A link to the issue, recorded with the deploy.
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.issueLink")
    protected String issueLink;

    /**
     * The {@code statement_timeout} of the deploy, in milliseconds; 0 for none.
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.statementTimeout", defaultValue = "0")
    protected int statementTimeout;

    /**
     * Allow type files in overwrite mode (CREATE TYPE fails on an existing type).
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.allowTypesInOverwrite", defaultValue = "false")
    protected boolean allowTypesInOverwrite;

    /**
     * Allow type files in a single-file deploy.
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.allowTypesInFileDeploy", defaultValue = "false")
    protected boolean allowTypesInFileDeploy;

    /**
     * Allow an unsafe deploy whose DROP SCHEMA … CASCADE also drops objects outside the schema (a dry run lists them).
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.allowCascadeOutside", defaultValue = "false")
    protected boolean allowCascadeOutside;

    /**
     * Table scripts (paths relative to the package root) to run again although they were executed.
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.rerunTableScripts")
    protected List<String> rerunTableScripts;

    /**
     * Record the table scripts that would run as executed without running them (adopting an existing schema).
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.logOnlyTableScripts", defaultValue = "false")
    protected boolean logOnlyTableScripts;

    /**
     * Give the usage roles SELECT on views and materialized views.
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.grantViews", defaultValue = "false")
    protected boolean grantViews;

    /**
     * Give the usage roles USAGE on types and domains.
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.grantTypes", defaultValue = "false")
    protected boolean grantTypes;

    /**
     * Give the usage roles USAGE and SELECT on sequences.
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.grantSequences", defaultValue = "false")
    protected boolean grantSequences;

    /**
     * Also set matching default privileges for the owner role.
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.defaultPrivileges", defaultValue = "false")
    protected boolean defaultPrivileges;

    /**
     * Also revoke PostgreSQL's default USAGE on the package's types and domains from PUBLIC.
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.revokeTypeUsage", defaultValue = "false")
    protected boolean revokeTypeUsage;

    /**
     * pgpm's {@code --add-config}: not supported; giving it is an error (pgpm silently ignored it).
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.addConfig")
    protected String addConfig;

    /**
     * pgpm's {@code --compare-table-scripts-as-int}: accepted with a warning; table scripts always run in natural order.
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.compareTableScriptsAsInt", defaultValue = "false")
    protected boolean compareTableScriptsAsInt;

    /**
     * Deploy the package's dependencies first: each one not yet deployed in a version that satisfies the requirements
     * on it is deployed (safe mode), in dependency order, before the package. They are the Maven dependencies of type
     * {@code tar.gz} with classifier {@code package}, resolved transitively, of {@code -Dsem.artifact} or of the package
     * project. Without it (the default, as pgpm) each dependency must already be deployed.
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.deployDependencies", defaultValue = "false")
    protected boolean deployDependencies;

    private final SemArtifactResolver resolver;

    @Inject
    public DeployPackageMojo(SettingsDecrypter settingsDecrypter, SemArtifactResolver artifactResolver) {
        super(settingsDecrypter);
        this.resolver = artifactResolver;
    }

    @Override
    protected String goal() {
        return "deploy-package";
    }

    @Override
    protected void doExecute() {
        DeployOptions options = options();
        Path work = null;
        try {
            work = Files.createTempDirectory("sem-package-");
            LoadedPackage pkg = load(work.resolve("package"));
            List<PackageDependencies.Provided> dependencies = deployDependencies
                    ? PackageDependencies.order(
                            pkg,
                            PackageArtifacts.load(dependencyArtifacts(), work.resolve("dependencies"), engineLog()))
                    : List.of();
            if (fleet()) {
                runFleet(new PackageDeployOperation(pkg, options, dependencies, engineLog()));
                return;
            }
            var settings = connectionSettings();
            PackageDeployer deployer = new PackageDeployer(settings, engineLog());
            if (!dependencies.isEmpty()) {
                new DependencyDeployer(settings, engineLog()).deploy(pkg, dependencies, options);
            }
            if (!deployDependencies && !pkg.descriptor().dependencies().isEmpty()) {
                getLog().info(pkg.descriptor().name() + " needs "
                        + pkg.descriptor().dependencies().keySet()
                        + ": each must already be deployed (-Dsem.deployDependencies deploys the missing ones from"
                        + " their Maven artifacts first)");
            }
            try {
                DeployResult result = deployer.deploy(pkg, options);
                try {
                    writeReport(result);
                } catch (SemException e) {
                    getLog().warn("The deploy is committed, but " + e.getMessage()); // never fails a committed deploy
                }
            } catch (PackageDeployer.DeployFailedException e) {
                writeReport(e.result());
                throw e;
            }
        } catch (IOException e) {
            throw SemException.environment("Cannot create a work directory: " + e.getMessage(), e);
        } finally {
            TempFiles.deleteTree(work);
        }
    }

    /** The deploy options from the parameters; the engine checks them before connecting. */
    DeployOptions options() {
        DeployOptions.refuseUnsupported(addConfig != null && !addConfig.isBlank(), dir != null);
        if (compareTableScriptsAsInt) {
            getLog().warn("-Dsem.compareTableScriptsAsInt is accepted for pgpm compatibility and has no effect: table"
                    + " scripts always run in natural order (9.sql before 10.sql)");
        }
        return DeployOptions.defaults()
                .withMode(DeployValidation.parseMode(mode))
                .withOwner(blankToNull(owner))
                .withUsage(usage == null || usage.isEmpty() ? null : trimmed(usage))
                .withFiles(files == null ? List.of() : trimmed(files))
                .withAutoCommit(autoCommit)
                .withVcs(blankToNull(vcsRef), blankToNull(vcsLink))
                .withIssue(blankToNull(issueRef), blankToNull(issueLink))
                .withLockTimeout(Duration.ofMillis(lockTimeout), lockRetries)
                .withLockWait(Duration.ofSeconds(lockWait))
                .withStatementTimeout(Duration.ofMillis(statementTimeout))
                .withStrict(strict)
                .withAllowTypesInOverwrite(allowTypesInOverwrite)
                .withAllowTypesInFileDeploy(allowTypesInFileDeploy)
                .withAllowCascadeOutside(allowCascadeOutside)
                .withRerunTableScripts(
                        new HashSet<>(rerunTableScripts == null ? List.of() : trimmed(rerunTableScripts)))
                .withLogOnlyTableScripts(logOnlyTableScripts)
                .withGrants(grantViews, grantTypes, grantSequences, defaultPrivileges)
                .withRevokeTypeUsage(revokeTypeUsage)
                .withDryRun(dryRun)
                .withToolVersion(toolVersion());
    }

    /** The package: by coordinates with its manifest verified, else a directory, a tarball or the project. */
    private LoadedPackage load(Path work) {
        if (artifact != null && packageDir == null && tarball == null) {
            org.eclipse.aether.artifact.Artifact a = coordinates(artifact);
            PackageLoader.Release release = PackageLoader.loadRelease(resolver.resolve(session, a), work);
            getLog().info("Verified sem-package-manifest.json of " + a + ": every file matches its SHA-256");
            return release.pkg();
        }
        return PackageLoader.loadSource(source(), work);
    }

    /** The package artifacts the package needs, resolved transitively by Maven. */
    private List<PackageArtifacts.Located> dependencyArtifacts() {
        List<Dependency> roots;
        if (artifact != null) {
            roots = List.of(new Dependency(coordinates(artifact), "runtime"));
        } else if (packageDir == null
                && tarball == null
                && session.getCurrentProject() != null
                && session.getCurrentProject().getFile() != null) {
            var types = session.getRepositorySession().getArtifactTypeRegistry();
            roots = session.getCurrentProject().getDependencies().stream()
                    .filter(d -> PackageArtifacts.isPackage(d.getType(), d.getClassifier()))
                    .map(d -> RepositoryUtils.toDependency(d, types))
                    .toList();
            if (roots.isEmpty()) {
                return List.of();
            }
        } else {
            throw new PackageException("-Dsem.deployDependencies needs the package by its coordinates"
                    + " (-Dsem.artifact=groupId:artifactId:version) or a package project, whose Maven dependencies"
                    + " name the packages it needs; a directory or tarball has none");
        }
        return resolver.resolveDependencies(session, roots).stream()
                .filter(a -> PackageArtifacts.isPackage(a.getExtension(), a.getClassifier()))
                .map(a -> new PackageArtifacts.Located(
                        a.getGroupId() + ":" + a.getArtifactId() + ":" + a.getBaseVersion(),
                        a.getFile().toPath()))
                .toList();
    }

    private Path source() {
        int given = (packageDir != null ? 1 : 0) + (tarball != null ? 1 : 0) + (artifact != null ? 1 : 0);
        if (given > 1) {
            throw new PackageException("Give only one of -Dsem.package, -Dsem.tarball and -Dsem.artifact");
        }
        if (packageDir != null) {
            return packageDir.toPath();
        }
        if (tarball != null) {
            return tarball.toPath();
        }
        if (artifact != null) {
            return resolver.resolve(session, coordinates(artifact));
        }
        return session.getCurrentProject() != null
                        && session.getCurrentProject().getBasedir() != null
                ? session.getCurrentProject().getBasedir().toPath()
                : Path.of(session.getRequest().getBaseDirectory());
    }

    /**
     * {@code g:a:v} is the package artifact {@code sem:package} attaches ({@code tar.gz}, classifier {@code package});
     * longer forms are taken as written.
     */
    static org.eclipse.aether.artifact.Artifact coordinates(String text) {
        String[] parts = text.trim().split(":", -1);
        if (parts.length == 3 && Stream.of(parts).noneMatch(String::isBlank)) {
            return new org.eclipse.aether.artifact.DefaultArtifact(
                    parts[0], parts[1], PackageArtifacts.CLASSIFIER, PackageArtifacts.TYPE, parts[2]);
        }
        return SemArtifactResolver.parse(text);
    }

    private static List<String> trimmed(List<String> values) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            for (String part : v.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.strip());
                }
            }
        }
        return out;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static String toolVersion() {
        String v = DeployPackageMojo.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
