package dev.sem.pkg;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import dev.sem.EngineLog;
import dev.sem.SemException;
import dev.sem.db.ConnectionFactory;
import dev.sem.db.ConnectionSettings;

/**
 * Deploys the packages a package depends on, in the order of {@link PackageDependencies#order}, before the package
 * itself: a dependency whose registry already holds an active version satisfying every requirement on it is skipped,
 * any other is deployed in safe mode (a versioned package gets its new schema beside the old one). The registry is read
 * again once the deploy holds the registry lock, so that concurrent runs deploy a missing dependency once: the others
 * wait for the lock and then find it deployed.
 *
 * <p>The package itself is then deployed by the caller with {@link PackageDeployer#deploy}.
 */
public final class DependencyDeployer {

    /** {@link Outcome#status()} of a dependency that was deployed. */
    public static final String DEPLOYED = "deployed";

    /** {@link Outcome#status()} of a dependency whose satisfying version the registry already holds. */
    public static final String ALREADY_DEPLOYED = "already-deployed";

    /**
     * {@link Outcome#status()} of a dependency a dry run would deploy. Nothing is deployed or planned: a dependency's
     * plan would need the dependencies before it deployed.
     */
    public static final String WOULD_DEPLOY = "would-deploy";

    /**
     * What happened to one dependency; written into the JSON report.
     *
     * @param name the package name
     * @param version the version the database now uses: the deployed one, or the registered one that satisfies
     * @param coordinates the artifact that provides the package
     * @param status {@link #DEPLOYED}, {@link #ALREADY_DEPLOYED} or {@link #WOULD_DEPLOY}
     * @param requirements the requirements on it from the packages being deployed, as declared
     * @param result the deploy's result when it was deployed, else null
     */
    public record Outcome(
            String name,
            String version,
            String coordinates,
            String status,
            List<String> requirements,
            DeployResult result) {}

    private final ConnectionSettings settings;
    private final EngineLog log;

    public DependencyDeployer(ConnectionSettings settings, EngineLog log) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.log = Objects.requireNonNull(log, "log");
    }

    /**
     * Deploys each dependency that the registry does not already satisfy, in the given order.
     *
     * <p>Each deploy takes the connection, lock and timeout options, the target and tool version of {@code base};
     * everything else is the default (safe mode, a full deploy, the roles of its own descriptor). A dry run
     * ({@code base.dryRun()}) only reads the registry and reports what it would deploy.
     *
     * @param main the package whose dependencies these are (its requirements count too)
     * @param ordered the dependencies in deploy order, as {@link PackageDependencies#order} returns them
     * @param base the options of the main deploy
     * @return one outcome per dependency, in order
     * @throws PackageDeployer.DeployFailedException when a dependency's deploy failed; the dependencies deployed
     *     before it stay deployed
     */
    public List<Outcome> deploy(LoadedPackage main, List<PackageDependencies.Provided> ordered, DeployOptions base) {
        if (ordered.isEmpty()) {
            return List.of();
        }
        DeployOptions options = DeployOptions.defaults()
                .withLockTimeout(base.lockTimeout(), base.lockRetries())
                .withLockWait(base.lockWait())
                .withStatementTimeout(base.statementTimeout())
                .withTarget(base.target())
                .withToolVersion(base.toolVersion());
        List<LoadedPackage> all = new ArrayList<>();
        all.add(main);
        ordered.forEach(p -> all.add(p.pkg()));
        PackageDeployer deployer = new PackageDeployer(settings, log);
        List<Outcome> out = new ArrayList<>();
        int i = 0;
        for (PackageDependencies.Provided p : ordered) {
            i++;
            PackageDescriptor d = p.pkg().descriptor();
            List<Requirement> reqs = requirements(all, d.name());
            List<String> texts = reqs.stream().map(Requirement::text).toList();
            String satisfying = registered(d.name(), reqs);
            if (satisfying != null) {
                log.info(d.name() + " " + satisfying + " is already deployed (satisfies " + String.join(", ", texts)
                        + ")");
                out.add(new Outcome(d.name(), satisfying, p.coordinates(), ALREADY_DEPLOYED, texts, null));
                continue;
            }
            String what = "dependency " + i + "/" + ordered.size() + ": " + d.name() + " "
                    + d.version().display() + " (" + p.coordinates() + ")";
            if (base.dryRun()) {
                log.info("Dry run: would deploy " + what);
                out.add(new Outcome(d.name(), d.version().display(), p.coordinates(), WOULD_DEPLOY, texts, null));
                continue;
            }
            log.info("Deploying " + what);
            DeployResult r = deployer.deploy(p.pkg(), options, reqs);
            if (r == null) {
                // Another deploy registered a satisfying version while this one waited for the registry lock.
                String meanwhile = Objects.requireNonNullElse(registered(d.name(), reqs), "(a satisfying version)");
                log.info(d.name() + " " + meanwhile + " is already deployed (satisfies " + String.join(", ", texts)
                        + "; deployed meanwhile by another run)");
                out.add(new Outcome(d.name(), meanwhile, p.coordinates(), ALREADY_DEPLOYED, texts, null));
                continue;
            }
            out.add(new Outcome(d.name(), d.version().display(), p.coordinates(), DEPLOYED, texts, r));
        }
        return out;
    }

    /** Every requirement on {@code name} from the packages being deployed, each text once, in order. */
    private static List<Requirement> requirements(List<LoadedPackage> all, String name) {
        Set<Requirement> out = new LinkedHashSet<>();
        for (LoadedPackage p : all) {
            for (Map.Entry<String, Requirement> e :
                    p.descriptor().dependencies().entrySet()) {
                if (e.getKey().equals(name)) {
                    out.add(e.getValue());
                }
            }
        }
        return List.copyOf(out);
    }

    /**
     * The highest active registered version of {@code name} that satisfies every requirement, for display; null when
     * there is none or the database has no registry yet.
     */
    private String registered(String name, List<Requirement> reqs) {
        ConnectionFactory factory = new ConnectionFactory(settings);
        try (Connection c = factory.open("checking the deployed dependencies")) {
            int version = RegistrySchema.installedVersion(c);
            if (version == 0) {
                return null;
            }
            if (version > RegistryMigrations.latest()) {
                throw RegistrySchema.newerThanTool(version, RegistryMigrations.latest());
            }
            RegistryState.Row best = null;
            for (RegistryState.Row r : RegistryState.active(c, name)) {
                if (reqs.stream().allMatch(q -> q.matches(r.version()))
                        && (best == null || r.version().compareTo(best.version()) > 0)) {
                    best = r;
                }
            }
            return best == null ? null : best.version().display();
        } catch (SQLException e) {
            throw SemException.environment(
                    "Could not read the package registry of " + settings.sanitizedUrl() + ": "
                            + settings.redact(e.getMessage()),
                    e);
        }
    }
}
