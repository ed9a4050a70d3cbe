package dev.sem.lint;

import java.util.Locale;
import java.util.Set;

/**
 * {@code require-concurrent-index-creation}, {@code require-concurrent-index-deletion} and {@code
 * require-concurrent-reindex}: building, dropping or rebuilding an index of an existing table without CONCURRENTLY
 * blocks writes to the table.
 */
final class IndexRules implements LintRule {

    private static final Set<Rule> REPORTS = Set.of(
            Rule.REQUIRE_CONCURRENT_INDEX_CREATION,
            Rule.REQUIRE_CONCURRENT_INDEX_DELETION,
            Rule.REQUIRE_CONCURRENT_REINDEX);

    private static final String IN_NONE_SCRIPT = " in a script with -- sem.attribute.transaction = none";

    @Override
    public Set<Rule> reports() {
        return REPORTS;
    }

    @Override
    public void check(Stmt s, LintContext cx) {
        CreateStatement create = cx.create(s);
        CreateStatement.Index index = create == null ? null : create.index();
        if (index != null && !index.concurrently() && cx.existing(index.table())) {
            String what = create.indexWords();
            cx.report(
                    Rule.REQUIRE_CONCURRENT_INDEX_CREATION,
                    s,
                    0,
                    what + " on " + index.table().text()
                            + " without CONCURRENTLY blocks writes to the table while it builds.",
                    what + " CONCURRENTLY" + (cx.none() ? "" : IN_NONE_SCRIPT));
        }
        DropStatement drop = cx.drop(s);
        if (drop != null
                && drop.what.equals("index")
                && !drop.concurrently
                && drop.names.stream().anyMatch(n -> !cx.createdIndex(n))) {
            cx.report(
                    Rule.REQUIRE_CONCURRENT_INDEX_DELETION,
                    s,
                    0,
                    "DROP INDEX without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the index's table.",
                    "DROP INDEX CONCURRENTLY" + (cx.none() ? "" : IN_NONE_SCRIPT));
        }
        ReindexStatement reindex = ReindexStatement.of(s);
        if (reindex != null && !reindex.concurrently() && reindex.existing(cx) && cx.postgresVersion() >= 12) {
            String target = reindex.target().toUpperCase(Locale.ROOT);
            cx.report(
                    Rule.REQUIRE_CONCURRENT_REINDEX,
                    s,
                    0,
                    "REINDEX " + target
                            + (reindex.name() == null
                                    ? ""
                                    : " " + reindex.name().text())
                            + " without CONCURRENTLY blocks writes for the whole rebuild.",
                    cx.none() ? "REINDEX " + target + " CONCURRENTLY" : null);
        }
    }
}
