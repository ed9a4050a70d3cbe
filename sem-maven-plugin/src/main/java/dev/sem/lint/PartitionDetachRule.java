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
        for (int[] r : alter.actions()) {
            if (s.is(r[0], "detach")
                    && s.find(r[0], r[1], 0, "concurrently") < 0
                    && s.find(r[0], r[1], 0, "finalize") < 0) {
                cx.report(
                        Rule.REQUIRE_CONCURRENT_PARTITION_DETACH,
                        s,
                        r[0],
                        "DETACH PARTITION from " + alter.table.text() + " without CONCURRENTLY takes an ACCESS"
                                + " EXCLUSIVE lock on the partitioned table.",
                        null);
            }
        }
    }
}
