package dev.sem.maven;

import dev.sem.apply.ApplyReport;

/** One-line summaries of reports. */
final class Summaries {

    private Summaries() {}

    static String of(ApplyReport r) {
        StringBuilder b = new StringBuilder("sem:")
                .append(r.goal())
                .append(r.dryRun() && !r.goal().equals("status") ? " (dry run)" : "")
                .append(" on ")
                .append(r.target())
                .append(": ");
        switch (r.goal()) {
            case "status" ->
                b.append(r.withStatus("previously-applied").size())
                        .append(" applied, ")
                        .append(r.withStatus("pending").size())
                        .append(" pending, ")
                        .append(r.withStatus("changed").size())
                        .append(" changed, ")
                        .append(r.scripts().stream()
                                .filter(ApplyReport.ScriptResult::late)
                                .count())
                        .append(" late");
            case "baseline" -> b.append(r.withStatus("baselined").size()).append(" baselined");
            default ->
                b.append(r.withStatus("applied").size())
                        .append(" applied, ")
                        .append(r.withStatus("skipped").size())
                        .append(" skipped");
        }
        b.append("; deployed version ").append(r.latestVersion() == null ? "none" : r.latestVersion());
        b.append("; ").append(r.durationMs()).append(" ms");
        return b.toString();
    }
}
