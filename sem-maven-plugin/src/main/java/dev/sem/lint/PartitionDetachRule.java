package dev.sem.lint;

import java.util.Set;

/** {@code require-concurrent-partition-detach}: DETACH PARTITION without CONCURRENTLY (PostgreSQL 14+). */
final class PartitionDetachRule implements LintRule {

    private static final Set<Rule> REPORTS = Set.of(Rule.REQUIRE_CONCURRENT_PARTITION_DETACH);

    @Override
    public Set<Rule> reports() {
        return REPORTS;
    }

    @Override
    public void check(Stmt s, LintContext cx) {
        AlterTableStatement alter = cx.alterTable(s);
        if (alter == null || !cx.existing(alter.table) || cx.postgresVersion() < 14) {
            return;
        }
        for (AlterTableStatement.Action a : alter.actions()) {
            if (a.word().equals("detach")
                    && s.find(a.start(), a.end(), 0, "concurrently") < 0
                    && s.find(a.start(), a.end(), 0, "finalize") < 0) {
                cx.report(
                        Rule.REQUIRE_CONCURRENT_PARTITION_DETACH,
                        s,
                        a.start(),
                        "DETACH PARTITION from " + alter.table.text() + " without CONCURRENTLY takes an ACCESS"
                                + " EXCLUSIVE lock on the partitioned table.",
                        null);
            }
        }
    }
}
