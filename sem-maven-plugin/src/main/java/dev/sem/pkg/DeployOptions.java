package dev.sem.pkg;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import dev.sem.Message;
import dev.sem.Option;

/**
 * How to deploy a package (pgpm spec §6–§8, §10, §13, §15). Immutable; start from {@link #defaults()} and use the
 * {@code with…} methods.
 *
 * @param mode what a full deploy does with an existing schema (§7)
 * @param owner the owner role overriding the descriptor's {@code owner_role}, or null
 * @param usage the usage roles overriding the descriptor's {@code usage_roles}, or null to keep the descriptor's
 * @param files single-file deploy (pgpm {@code -f}): paths relative to the package root; empty for a full deploy
 * @param autoCommit run every statement in autocommit (single-file deploys in safe mode only, §6.5)
 * @param vcsRef the VCS reference recorded in the event; null takes git HEAD of the package root when there is one
 * @param vcsLink a link to the VCS reference, or null
 * @param issueRef an issue reference, or null
 * @param issueLink a link to the issue, or null
 * @param lockTimeout the {@code lock_timeout} of the deploy transaction (§6.2); zero leaves the server's
 * @param lockRetries how often a transaction that hit the lock_timeout is rolled back and run again
 * @param lockWait how long to poll for the registry lock held by another deploy
 * @param statementTimeout the {@code statement_timeout} of the deploy transaction; zero for none
 * @param strict a changed table script is an error instead of a warning
 * @param allowTypesInOverwrite allow type files in overwrite mode ({@code CREATE TYPE} cannot be replaced)
 * @param allowTypesInFileDeploy allow type files in a single-file deploy
 * @param allowCascadeOutside allow an unsafe deploy whose {@code DROP SCHEMA … CASCADE} drops objects outside the
 *     schema
 * @param rerunTableScripts table scripts (relative paths) to run again although they are logged
 * @param logOnlyTableScripts record the table scripts that would run without running them (baseline)
 * @param grantViews give the usage roles SELECT on views and materialized views
 * @param grantTypes give the usage roles USAGE on types and domains
 * @param grantSequences give the usage roles USAGE and SELECT on sequences
 * @param defaultPrivileges also set matching default privileges for the owner role (or the deploying role)
 * @param revokeTypeUsage also revoke PostgreSQL's default USAGE on the package's types from PUBLIC
 * @param dryRun build and report the plan, change nothing
 * @param target the redacted connection string recorded in the event
 * @param toolVersion the plugin version recorded in the event
 */
public record DeployOptions(
        DeployMode mode,
        String owner,
        List<String> usage,
        List<String> files,
        boolean autoCommit,
        String vcsRef,
        String vcsLink,
        String issueRef,
        String issueLink,
        Duration lockTimeout,
        int lockRetries,
        Duration lockWait,
        Duration statementTimeout,
        boolean strict,
        boolean allowTypesInOverwrite,
        boolean allowTypesInFileDeploy,
        boolean allowCascadeOutside,
        Set<String> rerunTableScripts,
        boolean logOnlyTableScripts,
        boolean grantViews,
        boolean grantTypes,
        boolean grantSequences,
        boolean defaultPrivileges,
        boolean revokeTypeUsage,
        boolean dryRun,
        String target,
        String toolVersion) {

    public DeployOptions {
        Objects.requireNonNull(mode, "mode");
        usage = usage == null ? null : List.copyOf(usage);
        files = files == null ? List.of() : List.copyOf(files);
        rerunTableScripts = rerunTableScripts == null ? Set.of() : Set.copyOf(rerunTableScripts);
        Objects.requireNonNull(lockTimeout, "lockTimeout");
        Objects.requireNonNull(lockWait, "lockWait");
        Objects.requireNonNull(statementTimeout, "statementTimeout");
        if (lockRetries < 0 || lockTimeout.isNegative() || lockWait.isNegative() || statementTimeout.isNegative()) {
            throw new PackageException(Message.text("")
                    .then(Option.LOCK_TIMEOUT)
                    .then(", ")
                    .then(Option.LOCK_RETRIES)
                    .then(", ")
                    .then(Option.LOCK_WAIT)
                    .then(" and ")
                    .then(Option.STATEMENT_TIMEOUT)
                    .then(" must not be negative"));
        }
    }

    /**
     * Refuses options a package deploy does not take, before anything is read or connected.
     *
     * @param addConfig whether pgpm's {@code --add-config} overlay was given (pgpm ignored it silently)
     * @param distributionDir whether a sem distribution directory was given instead of a package
     * @throws PackageException naming the option at fault
     */
    public static void refuseUnsupported(boolean addConfig, boolean distributionDir) {
        if (addConfig) {
            throw new PackageException(Message.text("")
                    .then(Option.ADD_CONFIG)
                    .then(" is not supported (pgpm ignored --add-config silently): merge the overlay into"
                            + " config.json, or deploy another package directory"));
        }
        if (distributionDir) {
            throw new PackageException(Message.text("")
                    .then(Option.DIR)
                    .then(" names a sem distribution; give the package directory (the one holding config.json)"
                            + " with ")
                    .then(Option.PACKAGE));
        }
    }

    /** Safe mode, descriptor roles, full deploy, lock_timeout 10 s with 3 retries, lock wait 60 s, no dry run. */
    public static DeployOptions defaults() {
        return new DeployOptions(
                DeployMode.SAFE,
                null,
                null,
                List.of(),
                false,
                null,
                null,
                null,
                null,
                Duration.ofSeconds(10),
                3,
                Duration.ofSeconds(60),
                Duration.ZERO,
                false,
                false,
                false,
                false,
                Set.of(),
                false,
                false,
                false,
                false,
                false,
                false,
                false,
                null,
                "dev");
    }

    /** Whether this is a single-file deploy (pgpm {@code -f}). */
    public boolean singleFile() {
        return !files.isEmpty();
    }

    public DeployOptions withMode(DeployMode m) {
        return copy(b -> b.mode = m);
    }

    public DeployOptions withOwner(String o) {
        return copy(b -> b.owner = o);
    }

    public DeployOptions withUsage(List<String> u) {
        return copy(b -> b.usage = u);
    }

    public DeployOptions withFiles(List<String> f) {
        return copy(b -> b.files = f);
    }

    public DeployOptions withAutoCommit(boolean a) {
        return copy(b -> b.autoCommit = a);
    }

    public DeployOptions withVcs(String ref, String link) {
        return copy(b -> {
            b.vcsRef = ref;
            b.vcsLink = link;
        });
    }

    public DeployOptions withIssue(String ref, String link) {
        return copy(b -> {
            b.issueRef = ref;
            b.issueLink = link;
        });
    }

    public DeployOptions withLockTimeout(Duration timeout, int retries) {
        return copy(b -> {
            b.lockTimeout = timeout;
            b.lockRetries = retries;
        });
    }

    public DeployOptions withLockWait(Duration w) {
        return copy(b -> b.lockWait = w);
    }

    public DeployOptions withStatementTimeout(Duration t) {
        return copy(b -> b.statementTimeout = t);
    }

    public DeployOptions withStrict(boolean s) {
        return copy(b -> b.strict = s);
    }

    public DeployOptions withAllowTypesInOverwrite(boolean a) {
        return copy(b -> b.allowTypesInOverwrite = a);
    }

    public DeployOptions withAllowTypesInFileDeploy(boolean a) {
        return copy(b -> b.allowTypesInFileDeploy = a);
    }

    public DeployOptions withAllowCascadeOutside(boolean a) {
        return copy(b -> b.allowCascadeOutside = a);
    }

    public DeployOptions withRerunTableScripts(Set<String> paths) {
        return copy(b -> b.rerunTableScripts = paths);
    }

    public DeployOptions withLogOnlyTableScripts(boolean l) {
        return copy(b -> b.logOnlyTableScripts = l);
    }

    /** The optional grants of §13: SELECT on views, USAGE on types and sequences, default privileges. */
    public DeployOptions withGrants(boolean views, boolean types, boolean sequences, boolean defaults) {
        return copy(b -> {
            b.grantViews = views;
            b.grantTypes = types;
            b.grantSequences = sequences;
            b.defaultPrivileges = defaults;
        });
    }

    /** Revoke PostgreSQL's default USAGE on the package's types and domains from PUBLIC. */
    public DeployOptions withRevokeTypeUsage(boolean r) {
        return copy(b -> b.revokeTypeUsage = r);
    }

    public DeployOptions withDryRun(boolean d) {
        return copy(b -> b.dryRun = d);
    }

    public DeployOptions withTarget(String t) {
        return copy(b -> b.target = t);
    }

    public DeployOptions withToolVersion(String v) {
        return copy(b -> b.toolVersion = v);
    }

    private DeployOptions copy(java.util.function.Consumer<Builder> change) {
        Builder b = new Builder(this);
        change.accept(b);
        return b.build();
    }

    /** Mutable twin used by the {@code with…} methods. */
    private static final class Builder {
        DeployMode mode;
        String owner;
        List<String> usage;
        List<String> files;
        boolean autoCommit;
        String vcsRef;
        String vcsLink;
        String issueRef;
        String issueLink;
        Duration lockTimeout;
        int lockRetries;
        Duration lockWait;
        Duration statementTimeout;
        boolean strict;
        boolean allowTypesInOverwrite;
        boolean allowTypesInFileDeploy;
        boolean allowCascadeOutside;
        Set<String> rerunTableScripts;
        boolean logOnlyTableScripts;
        boolean grantViews;
        boolean grantTypes;
        boolean grantSequences;
        boolean defaultPrivileges;
        boolean revokeTypeUsage;
        boolean dryRun;
        String target;
        String toolVersion;

        Builder(DeployOptions o) {
            mode = o.mode;
            owner = o.owner;
            usage = o.usage;
            files = o.files;
            autoCommit = o.autoCommit;
            vcsRef = o.vcsRef;
            vcsLink = o.vcsLink;
            issueRef = o.issueRef;
            issueLink = o.issueLink;
            lockTimeout = o.lockTimeout;
            lockRetries = o.lockRetries;
            lockWait = o.lockWait;
            statementTimeout = o.statementTimeout;
            strict = o.strict;
            allowTypesInOverwrite = o.allowTypesInOverwrite;
            allowTypesInFileDeploy = o.allowTypesInFileDeploy;
            allowCascadeOutside = o.allowCascadeOutside;
            rerunTableScripts = o.rerunTableScripts;
            logOnlyTableScripts = o.logOnlyTableScripts;
            grantViews = o.grantViews;
            grantTypes = o.grantTypes;
            grantSequences = o.grantSequences;
            defaultPrivileges = o.defaultPrivileges;
            revokeTypeUsage = o.revokeTypeUsage;
            dryRun = o.dryRun;
            target = o.target;
            toolVersion = o.toolVersion;
        }

        DeployOptions build() {
            return new DeployOptions(
                    mode,
                    owner,
                    usage,
                    files,
                    autoCommit,
                    vcsRef,
                    vcsLink,
                    issueRef,
                    issueLink,
                    lockTimeout,
                    lockRetries,
                    lockWait,
                    statementTimeout,
                    strict,
                    allowTypesInOverwrite,
                    allowTypesInFileDeploy,
                    allowCascadeOutside,
                    rerunTableScripts,
                    logOnlyTableScripts,
                    grantViews,
                    grantTypes,
                    grantSequences,
                    defaultPrivileges,
                    revokeTypeUsage,
                    dryRun,
                    target,
                    toolVersion);
        }
    }
}
