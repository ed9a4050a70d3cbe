package dev.sem.verify;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Supplier;

import dev.sem.EngineLog;
import dev.sem.Message;
import dev.sem.SemException;
import dev.sem.apply.Applier;
import dev.sem.apply.ApplyOptions;
import dev.sem.apply.ApplyReport;
import dev.sem.apply.ScriptOutcome;

/**
 * Proves that the scripts apply: replays the whole history on a throwaway PostgreSQL with the real runner, applies
 * again to show the second run is a no-op, optionally upgrades a database from an earlier release, and writes the
 * resulting schema for review.
 */
public final class Verifier {

    private final EngineLog log;

    public Verifier(EngineLog log) {
        this.log = log;
    }

    /**
     * What verification found.
     *
     * @param server the throwaway server used (never contains a password)
     * @param applied scripts applied from scratch
     * @param upgradedFrom the earlier release upgraded from, or null
     * @param upgradeApplied scripts applied on top of the earlier release
     * @param schemaDump where the schema was written, or null
     */
    public record Result(String server, int applied, String upgradedFrom, int upgradeApplied, Path schemaDump) {}

    /**
     * Verifies {@code baseDir}.
     *
     * @param servers opens a new throwaway database each time it is called
     * @param previousRelease an unpacked earlier release to upgrade from, or null
     * @param previousVersion that release's version, for messages
     * @param schemaDump where to write the schema, or null
     */
    public Result verify(
            Path baseDir,
            ApplyOptions options,
            Supplier<ThrowawayPostgres> servers,
            Path previousRelease,
            String previousVersion,
            Path schemaDump) {
        ApplyOptions quietLocks = options.withDryRun(false);
        String description;
        int applied;
        Path dumped = null;
        try (ThrowawayPostgres pg = servers.get()) {
            description = pg.description();
            log.info("Verifying on a throwaway " + description);
            ApplyReport first = apply(pg, baseDir, quietLocks, "applying every script to an empty database");
            applied = first.withStatus(ScriptOutcome.APPLIED).size();
            ApplyReport second = apply(pg, baseDir, quietLocks, "applying a second time");
            if (!second.withStatus(ScriptOutcome.APPLIED).isEmpty()) {
                throw new SemException("A second apply on the throwaway database applied "
                        + second.withStatus(ScriptOutcome.APPLIED).size() + " script(s) again: "
                        + second.withStatus(ScriptOutcome.APPLIED).stream()
                                .map(ApplyReport.ScriptResult::name)
                                .toList()
                        + "; a script may be deleting its own history row");
            }
            log.info("Second apply is a no-op: all " + applied + " script(s) were recorded once");
            if (schemaDump != null) {
                try (Connection c = pg.connect()) {
                    SchemaDump.write(c, schemaDump);
                }
                dumped = schemaDump;
                log.info("Schema written to " + schemaDump);
            }
        } catch (SQLException e) {
            throw SemException.environment("The throwaway PostgreSQL failed: " + e.getMessage(), e);
        }
        int upgradeApplied = 0;
        if (previousRelease != null) {
            try (ThrowawayPostgres pg = servers.get()) {
                apply(pg, previousRelease, quietLocks, "applying the earlier release " + previousVersion);
                ApplyReport upgrade =
                        apply(pg, baseDir, quietLocks, "upgrading from the earlier release " + previousVersion);
                upgradeApplied = upgrade.withStatus(ScriptOutcome.APPLIED).size();
                log.info("Upgrade from " + previousVersion + " applied " + upgradeApplied + " script(s)");
            }
        }
        return new Result(description, applied, previousVersion, upgradeApplied, dumped);
    }

    private ApplyReport apply(ThrowawayPostgres pg, Path baseDir, ApplyOptions options, String step) {
        try {
            return Applier.onThrowawayDatabase(pg.settings(), log).apply(baseDir, options);
        } catch (Applier.ApplyFailedException e) {
            throw new VerificationFailedException(
                    Message.text("Verification failed " + step + " on a throwaway " + pg.description() + ": ")
                            .then(e.message()),
                    e);
        } catch (Applier.ValidationFailedException e) {
            throw new VerificationFailedException(e.message(), e);
        }
    }

    /** The scripts do not apply cleanly. */
    public static final class VerificationFailedException extends SemException {
        private static final long serialVersionUID = 1L;

        VerificationFailedException(String message, Throwable cause) {
            super(message, cause);
        }

        VerificationFailedException(Message message, Throwable cause) {
            super(message, cause);
        }
    }
}
