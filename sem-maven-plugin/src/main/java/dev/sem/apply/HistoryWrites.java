package dev.sem.apply;

import java.sql.SQLException;
import java.util.List;

import dev.sem.history.Bootstrap;
import dev.sem.history.BootstrapResult;
import dev.sem.history.ChecksumAcceptance;
import dev.sem.history.History;
import dev.sem.history.StoredChecksum;
import dev.sem.sql.Normalizer;

/** The history writes apply and baseline make before their scripts: bootstrap, adopted and accepted checksums. */
final class HistoryWrites {

    private HistoryWrites() {}

    /**
     * Bootstraps the history schema, stores the checksums of scripts applied without one and records accepted
     * changes.
     *
     * @return the bootstrap entries run
     */
    static List<String> prepare(Run run, Plan plan) throws SQLException {
        BootstrapResult bootstrap = Bootstrap.run(run.work);
        bootstrap.warnings().forEach(run::warn);
        for (StoredChecksum adopted : plan.adopt()) {
            History.recordChecksum(run.work, adopted);
        }
        if (!plan.adopt().isEmpty()) {
            run.log.info("  Adopted the current checksum of " + plan.adopt().size()
                    + " script(s) applied without one (by sem (Ruby) or before checksums were kept)");
        }
        for (Plan.Changed c : plan.changed()) {
            String reason = run.options.acceptChanges().get(c.name());
            if (reason == null) {
                continue;
            }
            History.recordAcceptance(
                    run.work,
                    new ChecksumAcceptance(
                            c.name(),
                            c.storedSha(),
                            c.currentSha(),
                            null,
                            c.normalized(),
                            c.normalized() == null ? null : Normalizer.VERSION_NUMBER,
                            reason,
                            run.options.actor(),
                            null));
            run.warn("Accepted the changed content of " + c.name() + " (applied " + c.storedSha() + ", now "
                    + c.currentSha() + "): " + reason);
        }
        return bootstrap.entryNames();
    }

    /** Records {@code VERSION} when it changed; returns the version recorded, or null. */
    static String recordVersion(Run run, Plan plan) throws SQLException {
        if (plan.version().isPresent()
                && History.recordVersionIfChanged(run.work, plan.version().get())) {
            run.log.info("  Recorded schema version " + plan.version().get());
            return plan.version().get();
        }
        return null;
    }
}
