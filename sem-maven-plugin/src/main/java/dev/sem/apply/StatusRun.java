package dev.sem.apply;

import java.sql.SQLException;
import java.util.List;

/** {@code status}: reports applied, pending, changed and late scripts of a plan; changes nothing. */
final class StatusRun {

    private final Run run;

    StatusRun(Run run) {
        this.run = run;
    }

    ApplyReport execute(Plan plan) throws SQLException {
        for (PendingScript p : plan.pending()) {
            run.result(p, ScriptOutcome.PENDING, null, null);
        }
        plan.errors().forEach(run::warn);
        return run.report(
                run.latestVersion(),
                null,
                List.of(),
                plan.errors().isEmpty() ? null : plan.errors().get(0).toString());
    }
}
