package dev.sem.pkg;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.sem.EngineLog;
import dev.sem.Message;
import dev.sem.Option;
import dev.sem.SemException;
import dev.sem.db.ConnectionFactory;
import dev.sem.db.ConnectionSettings;
import dev.sem.db.SessionProbe;
import dev.sem.git.GitRepo;

/**
 * Deploys a package into one database (pgpm spec §6–§8, §10, §13, §15).
 *
 * <p>Order: everything is validated before connecting ({@link DeployValidation}); then the connection must keep its
 * session (no pooler in transaction mode, {@link SessionProbe}); then, in ONE transaction, the
 * registry lock (polled, never blocking), the session preamble ({@code SET LOCAL}), the registry schema, the dependency
 * resolution, the role check, the schema state and mode, the files (types, table scripts, functions, views, triggers),
 * grants and owner, the registry rows, event and notifications, and COMMIT. A {@code lock_timeout} rolls the whole
 * transaction back and runs it again, up to {@link DeployOptions#lockRetries()} times. Any failure rolls back: no
 * schema and no registry row are left behind. A dry run plans in a transaction that is always rolled back. Auto-commit
 * single-file deploys (§6.5) run every statement in autocommit under the session-level lock, then the bookkeeping in a
 * short transaction.
 */
public final class PackageDeployer {

    private final ConnectionSettings settings;
    private final EngineLog log;

    public PackageDeployer(ConnectionSettings settings, EngineLog log) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.log = Objects.requireNonNull(log, "log");
    }

    /** A deploy that failed; carries the result for the report. */
    public static final class DeployFailedException extends PackageException {
        private static final long serialVersionUID = 1L;

        private final transient DeployResult result;

        DeployFailedException(Message message, DeployResult result, Throwable cause) {
            super(message, cause);
            this.result = result;
        }

        /** What was done (auto-commit: the statements committed before the failure). */
        public DeployResult result() {
            return result;
        }
    }

    /**
     * Deploys.
     *
     * @throws PackageException for invalid input, before connecting
     * @throws DeployFailedException when the deploy failed; nothing changed, except statements an auto-commit deploy
     *     had committed (listed in the result)
     */
    public DeployResult deploy(LoadedPackage pkg, DeployOptions options) {
        return deploy(pkg, options, null);
    }

    /**
     * Deploys a dependency unless the registry already holds an active version of it that satisfies every requirement
     * of {@code unlessSatisfied}, read once the registry lock is held: another deploy may have registered it while
     * this one waited for the lock. Only for transactional deploys.
     *
     * @return the result, or null when nothing was deployed because a satisfying version is registered
     */
    DeployResult deploy(LoadedPackage pkg, DeployOptions options, List<Requirement> unlessSatisfied) {
        DeployValidation.Prepared prepared = DeployValidation.prepare(pkg, options);
        DeployOptions o = withDefaults(pkg.root(), options);
        pkg.warnings().forEach(log::warn);
        PackageDescriptor d = pkg.descriptor();
        log.info((o.dryRun() ? "Planning " : "Deploying ") + d.name() + " "
                + d.version().text() + " ("
                + o.mode().name().toLowerCase(java.util.Locale.ROOT)
                + (o.singleFile() ? ", " + o.files().size() + " file(s)" : "") + ") to " + settings.sanitizedUrl());
        long start = System.nanoTime();
        List<Message> warnings = new ArrayList<>();
        boolean autoCommit = o.autoCommit() && !o.dryRun(); // a dry run plans in a rolled-back transaction
        List<String> committed = autoCommit ? new ArrayList<>() : null;
        int attempts = 0;
        ConnectionFactory factory = new ConnectionFactory(settings);
        Connection c = factory.open("the package deploy");
        requireOwnSession(factory, c);
        BlockerSampler blockers = new BlockerSampler(
                () -> factory.open("finding sessions that block the deploy"), backendPid(c), o.lockTimeout());
        try {
            factory.warnings().forEach(log::warn);
            while (true) {
                attempts++;
                warnings.clear();
                DeployRun run = new DeployRun(c, pkg, o, prepared, log, warnings, committed, blockers);
                try {
                    DeployResult r = autoCommit
                            ? autoCommit(c, run, o, attempts, start)
                            : transaction(c, run, o, attempts, start, unlessSatisfied);
                    if (r == null) {
                        return null;
                    }
                    r = r.withWarnings(warnings.stream().map(Message::toString).toList(), committed);
                    warnings.forEach(w -> log.warn(w));
                    log.info(r.summary());
                    return r;
                } catch (SQLException | RuntimeException e) {
                    rollback(c);
                    if (!o.autoCommit()
                            && !o.dryRun()
                            && StatementFailure.isLockTimeout(e)
                            && attempts <= o.lockRetries()) {
                        log.warn("lock_timeout (" + o.lockTimeout().toMillis() + " ms) hit, attempt " + attempts
                                + " of " + (o.lockRetries() + 1) + "; the transaction was rolled back and runs again");
                        sleep(attempts);
                        continue;
                    }
                    throw failure(c, pkg, o, e, attempts, start, committed);
                }
            }
        } finally {
            blockers.close();
            closeQuietly(c);
        }
    }

    /** Refuses a pooler that shares server sessions (see {@link SessionProbe}); closes {@code c} when refusing. */
    private void requireOwnSession(ConnectionFactory factory, Connection c) {
        try (Connection other = factory.open("checking that the deploy keeps its session")) {
            SessionProbe.requireOwnSession(c, other, settings.sanitizedUrl());
        } catch (SQLException | RuntimeException e) {
            closeQuietly(c);
            if (e instanceof SemException se) {
                throw se;
            }
            throw SemException.environment(
                    "Database error on " + settings.sanitizedUrl() + ": " + settings.redact(e.getMessage()), e);
        }
    }

    private static int backendPid(Connection c) {
        try {
            return Integer.parseInt(
                    Sql.strings(c, "SELECT pg_catalog.pg_backend_pid()::text").get(0));
        } catch (SQLException e) {
            return 0;
        }
    }

    /** Closing cannot fail a deploy: after COMMIT nothing turns success into failure (defect 46). */
    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            // committed or rolled back already; the server ends the session
        }
    }

    private DeployResult transaction(
            Connection c, DeployRun run, DeployOptions o, int attempts, long start, List<Requirement> unlessSatisfied)
            throws SQLException {
        c.setAutoCommit(false);
        RegistryLock.acquire(c, o.lockWait());
        if (unlessSatisfied != null && satisfied(c, run.pkg().descriptor().name(), unlessSatisfied)) {
            c.rollback();
            return null;
        }
        Preamble.apply(c, run.pkg().descriptor(), o, true);
        RegistrySchema.ensure(c);
        if (o.dryRun()) {
            Sql.exec(c, "SET TRANSACTION READ ONLY");
        }
        DeployRun.Planned planned = run.plan();
        if (o.dryRun()) {
            c.rollback();
            planned.plan().describe().forEach(log::info);
            return result(run.pkg(), o, planned.plan(), null, attempts, start, null);
        }
        DeployRun.Executed done = run.execute(planned);
        c.commit();
        return result(run.pkg(), o, planned.plan(), done, attempts, start, null);
    }

    /** Whether the registry holds an active version of {@code name} that satisfies every requirement. */
    private static boolean satisfied(Connection c, String name, List<Requirement> requirements) throws SQLException {
        if (RegistrySchema.installedVersion(c) == 0) {
            return false;
        }
        for (RegistryState.Row r : RegistryState.active(c, name)) {
            if (requirements.stream().allMatch(q -> q.matches(r.version()))) {
                return true;
            }
        }
        return false;
    }

    private DeployResult autoCommit(Connection c, DeployRun run, DeployOptions o, int attempts, long start)
            throws SQLException {
        c.setAutoCommit(true);
        DeployLock.inSession(c, o.lockWait(), log);
        try {
            Preamble.apply(c, run.pkg().descriptor(), o, false);
            c.setAutoCommit(false);
            RegistrySchema.ensure(c);
            DeployRun.Planned planned = run.plan();
            c.commit();
            if (o.dryRun()) {
                planned.plan().describe().forEach(log::info);
                return result(run.pkg(), o, planned.plan(), null, attempts, start, null);
            }
            c.setAutoCommit(true);
            DeployRun.Executed done = run.execute(planned);
            c.commit();
            return result(run.pkg(), o, planned.plan(), done, attempts, start, null);
        } finally {
            restoreAutoCommit(c);
            DeployLock.release(c);
        }
    }

    /** Back to autocommit after the bookkeeping transaction; cannot fail a deploy that has committed. */
    private static void restoreAutoCommit(Connection c) {
        try {
            if (!c.getAutoCommit()) {
                c.rollback();
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            // the connection is closed next
        }
    }

    private DeployResult result(
            LoadedPackage pkg,
            DeployOptions o,
            DeployPlan plan,
            DeployRun.Executed done,
            int attempts,
            long start,
            String error) {
        List<DeployResult.FileOutcome> files = done != null ? done.files() : planned(plan);
        int executed = (int) files.stream()
                .filter(f -> f.status().equals("executed")
                        || (done == null && f.status().equals("planned")))
                .count();
        return new DeployResult(
                settings.sanitizedUrl(),
                pkg.descriptor().name(),
                pkg.descriptor().version().text(),
                pkg.descriptor().schemaName(),
                o.mode().name().toLowerCase(java.util.Locale.ROOT),
                o.dryRun(),
                error == null,
                error,
                plan,
                files,
                executed,
                plan == null ? 0 : plan.files().size(),
                (System.nanoTime() - start) / 1_000_000,
                done == null ? null : done.packageId(),
                done == null ? null : done.eventId(),
                attempts,
                List.of(),
                List.of());
    }

    private static List<DeployResult.FileOutcome> planned(DeployPlan plan) {
        if (plan == null) {
            return List.of();
        }
        return plan.files().stream()
                .map(f -> new DeployResult.FileOutcome(
                        DeployValidation.category(f.category()),
                        f.path(),
                        null,
                        f.run() ? "planned" : "skipped",
                        f.reason(),
                        0,
                        0))
                .toList();
    }

    private DeployFailedException failure(
            Connection c,
            LoadedPackage pkg,
            DeployOptions o,
            Throwable e,
            int attempts,
            long start,
            List<String> committed) {
        Message message = e instanceof SemException se ? se.message() : Message.text(settings.redact(e.getMessage()));
        if (StatementFailure.isLockTimeout(e)) {
            message = message.then(". Gave up after " + attempts + " attempt(s) with lock_timeout "
                            + o.lockTimeout().toMillis() + " ms"
                            + (message.toString().contains("; blocked by pid ") ? "" : "; " + Blockers.describe(c))
                            + ". Retry later, or raise ")
                    .then(Option.LOCK_TIMEOUT)
                    .then(" / ")
                    .then(Option.LOCK_RETRIES);
        }
        if (committed != null && !committed.isEmpty()) {
            message = message.then(". Auto-commit: " + committed.size() + " statement(s) were committed before the"
                    + " failure (" + String.join(", ", committed) + ")");
            try {
                Long event = DeployRecorder.recordPartial(c, pkg.descriptor(), o, committed);
                if (event != null) {
                    message = message.then("; recorded as the partial deploy event " + event);
                }
            } catch (SQLException | RuntimeException recordFailure) {
                log.warn("Could not record the partial deploy in the registry: " + recordFailure.getMessage());
            }
        }
        DeployResult base = result(pkg, o, null, null, attempts, start, message.toString());
        DeployResult r = new DeployResult(
                base.target(),
                base.packageName(),
                base.version(),
                base.schema(),
                base.mode(),
                base.dryRun(),
                false,
                message.toString(),
                null,
                List.of(),
                0,
                0,
                base.durationMillis(),
                null,
                null,
                attempts,
                committed == null ? List.of() : List.copyOf(committed),
                List.of());
        log.info("Deployed 0 files out of " + pkgFileCount(pkg, o)); // the error itself is the build's one [ERROR] line
        return new DeployFailedException(message, r, e);
    }

    private static int pkgFileCount(LoadedPackage pkg, DeployOptions o) {
        return o.singleFile() ? o.files().size() : pkg.files().size();
    }

    /** The VCS reference: the option, else HEAD's commit when the package root is in a git work tree. */
    private DeployOptions withDefaults(Path root, DeployOptions o) {
        DeployOptions out = o.target() == null ? o.withTarget(settings.sanitizedUrl()) : o;
        if (o.vcsRef() != null || root == null) {
            return out;
        }
        try (GitRepo repo = GitRepo.open(root)) {
            if (repo.hasHead()) {
                return out.withVcs(repo.commit("HEAD").getName(), o.vcsLink());
            }
        } catch (SemException e) {
            log.debug("No git HEAD for the VCS reference: " + e.getMessage());
        }
        return out;
    }

    private static void rollback(Connection c) {
        try {
            if (!c.getAutoCommit()) {
                c.rollback();
            }
        } catch (SQLException e) {
            // the connection is closed next
        }
    }

    private static void sleep(int attempt) {
        try {
            Thread.sleep(Math.min(5_000, 200L << Math.min(attempt, 5)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SemException.environment("Interrupted while waiting to retry the deploy", e);
        }
    }

    /** The default lock wait, for callers that build options from scratch. */
    public static Duration defaultLockWait() {
        return DeployOptions.defaults().lockWait();
    }
}
