package dev.sem.verify;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

import dev.sem.EngineLog;
import dev.sem.Message;
import dev.sem.SemException;
import dev.sem.pkg.DeployMode;
import dev.sem.pkg.DeployOptions;
import dev.sem.pkg.DeployPlan;
import dev.sem.pkg.DeployResult;
import dev.sem.pkg.LoadedPackage;
import dev.sem.pkg.PackageDeployer;
import dev.sem.pkg.PackageDescriptor;
import dev.sem.pkg.PackageException;
import dev.sem.pkg.PackageVersion;

/**
 * Proves that a package deploys: on a throwaway PostgreSQL, deploys its dependencies, deploys the package into an empty
 * database, deploys it again in the redeploy mode, binds a new session to it with {@code sem_packages.set_search_path},
 * checks that every function of the package resolves through that search path, runs the given calls, and writes the
 * resulting schema for review.
 */
public final class PackageVerifier {

    private final EngineLog log;

    public PackageVerifier(EngineLog log) {
        this.log = Objects.requireNonNull(log, "log");
    }

    /**
     * How to verify.
     *
     * @param redeployMode the mode of the second deploy (moderate, unsafe or overwrite), or null for none
     * @param calls SQL run one by one in the bound session, such as {@code SELECT greet('world')}
     * @param toolVersion this sem's version, recorded with the deploys
     */
    public record Options(DeployMode redeployMode, List<String> calls, String toolVersion) {
        public Options {
            if (redeployMode == DeployMode.SAFE) {
                throw new PackageException("The redeploy mode of verify cannot be safe (a safe redeploy is refused by"
                        + " design): use moderate (the default), unsafe, overwrite, or none to skip the redeploy");
            }
            calls = calls == null
                    ? List.of()
                    : calls.stream()
                            .filter(s -> s != null && !s.isBlank())
                            .map(String::strip)
                            .toList();
            Objects.requireNonNull(toolVersion, "toolVersion");
        }
    }

    /**
     * One call and the first column of its first row.
     *
     * @param sql the call
     * @param result the value as text, or null when the call returned no row or no result
     */
    public record Call(String sql, String result) {}

    /**
     * What verification found.
     *
     * @param server the throwaway server (never contains a password)
     * @param packageName the package
     * @param version its version as written
     * @param schema its schema, or null for DATABASE scope
     * @param dependencies the dependencies deployed first, as {@code name version}
     * @param files the files deployed by the first deploy
     * @param redeployMode the mode of the second deploy, lower case, or null
     * @param redeployAction what the second deploy did with the schema, or null
     * @param requirement the requirement the session was bound with, or null
     * @param searchPath the session's schemas after binding, or empty
     * @param functionsResolved how many functions of the package resolve through the search path
     * @param calls the calls and their results
     * @param schemaDump where the schema was written, or null
     */
    public record Result(
            String server,
            String packageName,
            String version,
            String schema,
            List<String> dependencies,
            int files,
            String redeployMode,
            String redeployAction,
            String requirement,
            List<String> searchPath,
            int functionsResolved,
            List<Call> calls,
            Path schemaDump) {}

    /**
     * Verifies {@code pkg}.
     *
     * @param dependencies the packages it needs, in deploy order (each after the ones it depends on)
     * @param servers opens a throwaway database
     * @param schemaDump where to write the schema, or null
     * @throws Verifier.VerificationFailedException when a deploy, the binding or a call fails
     */
    public Result verify(
            LoadedPackage pkg,
            List<LoadedPackage> dependencies,
            Options options,
            Supplier<ThrowawayPostgres> servers,
            Path schemaDump) {
        PackageDescriptor d = pkg.descriptor();
        String title = d.name() + " " + d.version().text();
        try (ThrowawayPostgres pg = servers.get()) {
            String server = pg.description();
            log.info("Verifying package " + title + " on a throwaway " + server);
            createMissingRoles(pg, pkg, dependencies);
            PackageDeployer deployer = new PackageDeployer(pg.settings(), log);
            DeployOptions base = DeployOptions.defaults().withToolVersion(options.toolVersion());
            List<String> deployed = new ArrayList<>();
            for (LoadedPackage dependency : dependencies) {
                String dep = dependency.descriptor().name() + " "
                        + dependency.descriptor().version().text();
                deploy(deployer, dependency, base, "deploying the dependency " + dep, server);
                deployed.add(dep);
            }
            DeployResult first = deploy(deployer, pkg, base, "deploying " + title + " into an empty database", server);
            String redeployAction = null;
            if (options.redeployMode() != null) {
                String mode = options.redeployMode().name().toLowerCase(java.util.Locale.ROOT);
                DeployResult again = deploy(
                        deployer,
                        pkg,
                        base.withMode(options.redeployMode()),
                        "redeploying " + title + " in " + mode + " mode",
                        server);
                DeployPlan plan = again.plan();
                redeployAction = plan == null ? null : plan.schemaAction().name();
                log.info("Redeployed in " + mode + " mode: " + describe(plan));
            }
            try (Connection c = pg.connect()) {
                String requirement = null;
                List<String> searchPath = List.of();
                int resolved = 0;
                if (d.schemaName() != null) {
                    requirement = exact(d.version());
                    searchPath = bind(c, d.name(), requirement, server);
                    resolved = checkFunctions(c, d.schemaName(), d.name(), requirement);
                    log.info("Bound a new session with sem_packages.set_search_path('" + d.name() + "', '"
                            + requirement + "'): search_path " + String.join(", ", searchPath) + "; " + resolved
                            + " function(s) of " + d.schemaName() + " resolve through it");
                }
                List<Call> calls = new ArrayList<>();
                for (String sql : options.calls()) {
                    Call call = call(c, sql, d, requirement);
                    log.info("  " + sql + " -> " + call.result());
                    calls.add(call);
                }
                Path dumped = null;
                if (schemaDump != null) {
                    SchemaDump.write(c, schemaDump);
                    dumped = schemaDump;
                    log.info("Schema written to " + schemaDump);
                }
                return new Result(
                        server,
                        d.name(),
                        d.version().text(),
                        d.schemaName(),
                        List.copyOf(deployed),
                        first.executed(),
                        options.redeployMode() == null
                                ? null
                                : options.redeployMode().name().toLowerCase(java.util.Locale.ROOT),
                        redeployAction,
                        requirement,
                        searchPath,
                        resolved,
                        List.copyOf(calls),
                        dumped);
            }
        } catch (SQLException e) {
            throw SemException.environment("The throwaway PostgreSQL failed: " + e.getMessage(), e);
        }
    }

    /** {@code M_m_p}: the requirement only this version's numbers satisfy. */
    static String exact(PackageVersion v) {
        return v.major() + "_" + v.minor() + "_" + v.patch();
    }

    private DeployResult deploy(
            PackageDeployer deployer, LoadedPackage pkg, DeployOptions options, String step, String server) {
        try {
            DeployResult result = deployer.deploy(pkg, options);
            log.info("Verified " + step + ": " + result.summary());
            return result;
        } catch (SemException e) {
            throw new Verifier.VerificationFailedException(
                    Message.text("Verification failed " + step + " on a throwaway " + server + ": ")
                            .then(e.message()),
                    e);
        }
    }

    private static String describe(DeployPlan plan) {
        if (plan == null) {
            return "done";
        }
        return switch (plan.schemaAction()) {
            case RENAME_AND_CREATE ->
                "schema " + plan.schema() + " renamed to " + plan.renamedTo() + " and created afresh";
            case DROP_AND_CREATE -> "schema " + plan.schema() + " dropped and created afresh";
            case KEEP -> "the scripts ran over schema " + plan.schema();
            case CREATE -> "schema " + plan.schema() + " created";
            case NONE -> "database-scope package deployed again";
        };
    }

    /** Creates the owner and usage roles the packages name and the throwaway server lacks, without login. */
    private void createMissingRoles(ThrowawayPostgres pg, LoadedPackage pkg, List<LoadedPackage> dependencies)
            throws SQLException {
        Set<String> roles = new LinkedHashSet<>();
        List<LoadedPackage> all = new ArrayList<>(dependencies);
        all.add(pkg);
        for (LoadedPackage p : all) {
            if (p.descriptor().ownerRole() != null) {
                roles.add(p.descriptor().ownerRole());
            }
            roles.addAll(p.descriptor().usageRoles());
        }
        if (roles.isEmpty()) {
            return;
        }
        try (Connection c = pg.connect()) {
            for (String role : roles) {
                try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
                    ps.setString(1, role);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            continue;
                        }
                    }
                }
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE ROLE " + quoteIdent(role) + " NOLOGIN");
                }
                log.info("Created the role " + role + " (NOLOGIN) on the throwaway server: config.json names it");
            }
        }
    }

    private static List<String> bind(Connection c, String name, String requirement, String server) {
        try (PreparedStatement ps = c.prepareStatement("SELECT sem_packages.set_search_path(?, ?)")) {
            ps.setString(1, name);
            ps.setString(2, requirement);
            ps.execute();
        } catch (SQLException e) {
            throw new Verifier.VerificationFailedException(
                    "Verification failed binding a session with sem_packages.set_search_path('" + name + "', '"
                            + requirement + "') on a throwaway " + server + ": " + e.getMessage(),
                    e);
        }
        List<String> schemas = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT unnest(current_schemas(false))")) {
            while (rs.next()) {
                schemas.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw SemException.environment("Cannot read the search_path: " + e.getMessage(), e);
        }
        return schemas;
    }

    /** Counts the package's functions, failing when one does not resolve by its unqualified name. */
    private static int checkFunctions(Connection c, String schema, String name, String requirement) {
        String sql = "SELECT p.oid::regprocedure::text,"
                + " to_regprocedure(quote_ident(p.proname) || '(' || oidvectortypes(p.proargtypes) || ')') = p.oid"
                + " FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = ? ORDER BY 1";
        int resolved = 0;
        List<String> unresolved = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getBoolean(2)) {
                        resolved++;
                    } else {
                        unresolved.add(rs.getString(1));
                    }
                }
            }
        } catch (SQLException e) {
            throw SemException.environment("Cannot list the functions of " + schema + ": " + e.getMessage(), e);
        }
        compile(c, schema);
        if (!unresolved.isEmpty()) {
            throw new Verifier.VerificationFailedException(
                    "Verification failed: after sem_packages.set_search_path('" + name + "', '" + requirement + "')"
                            + " these functions of " + schema + " do not resolve by their unqualified names (another"
                            + " schema on the search_path hides them): " + String.join(", ", unresolved),
                    null);
        }
        return resolved;
    }

    /**
     * Runs each function's language validator with {@code check_function_bodies} on, in the bound session: a deploy
     * runs with it off (as pgpm did), so a body that names a missing table or function fails here instead of in
     * production.
     */
    private static void compile(Connection c, String schema) {
        String sql = "SELECT p.oid, p.oid::regprocedure::text, l.lanvalidator::regproc::text FROM pg_proc p"
                + " JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang"
                + " WHERE n.nspname = ? AND l.lanvalidator <> 0 ORDER BY 2";
        List<Object[]> functions = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    functions.add(new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3)});
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("SET check_function_bodies = on");
            }
        } catch (SQLException e) {
            throw SemException.environment("Cannot list the functions of " + schema + ": " + e.getMessage(), e);
        }
        for (Object[] f : functions) {
            // The validator's name comes from the catalog as a regproc, quoted where needed; the oid is bound.
            try (PreparedStatement ps = c.prepareStatement("SELECT " + f[2] + "(?::oid)")) {
                ps.setLong(1, (Long) f[0]);
                ps.execute();
            } catch (SQLException e) {
                throw new Verifier.VerificationFailedException(
                        "Verification failed: the body of " + schema + "." + f[1] + " does not compile in a session"
                                + " bound to the package: " + e.getMessage()
                                + " (deploys run with check_function_bodies off, so the deploy did not notice)",
                        e);
            }
        }
    }

    private static Call call(Connection c, String sql, PackageDescriptor d, String requirement) {
        try (Statement s = c.createStatement()) {
            String value = null;
            if (s.execute(sql)) {
                try (ResultSet rs = s.getResultSet()) {
                    if (rs.next()) {
                        value = rs.getString(1);
                    }
                }
            }
            return new Call(sql, value);
        } catch (SQLException e) {
            String bound = requirement == null
                    ? ""
                    : " (in a session bound with sem_packages.set_search_path('" + d.name() + "', '" + requirement
                            + "'))";
            throw new Verifier.VerificationFailedException(
                    "Verification failed: the verify call " + sql + " failed" + bound + ": " + e.getMessage()
                            + "; fix the package or the <verifyCalls> of pom.xml",
                    e);
        }
    }

    private static String quoteIdent(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }
}
