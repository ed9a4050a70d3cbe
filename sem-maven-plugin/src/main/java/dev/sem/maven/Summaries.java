package dev.sem.maven;

import dev.sem.apply.ApplyReport;
import dev.sem.apply.Goal;
import dev.sem.apply.ScriptOutcome;

/** One-line summaries of reports. */
final class Summaries {

    private Summaries() {}

    static String of(ApplyReport r) {
        StringBuilder b = new StringBuilder("sem:")
                .append(r.goal())
                .append(r.dryRun() && r.goal() != Goal.STATUS ? " (dry run)" : "")
                .append(" on ")
                .append(r.target())
                .append(": ");
        switch (r.goal()) {
            case STATUS ->
                b.append(r.withStatus(ScriptOutcome.PREVIOUSLY_APPLIED).size())
                        .append(" applied, ")
                        .append(r.withStatus(ScriptOutcome.PENDING).size())
                        .append(" pending, ")
                        .append(r.withStatus(ScriptOutcome.CHANGED).size())
                        .append(" changed, ")
                        .append(r.scripts().stream()
                                .filter(ApplyReport.ScriptResult::late)
                                .count())
                        .append(" late");
            case BASELINE ->
                b.append(r.withStatus(ScriptOutcome.BASELINED).size()).append(" baselined");
            default ->
                b.append(r.withStatus(ScriptOutcome.APPLIED).size())
                        .append(" applied, ")
                        .append(r.withStatus(ScriptOutcome.SKIPPED).size())
                        .append(" skipped");
        }
        b.append("; deployed version ").append(r.latestVersion() == null ? "none" : r.latestVersion());
        b.append("; ").append(r.durationMs()).append(" ms");
        return b.toString();
    }
}
