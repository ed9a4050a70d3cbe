package dev.sem.lint;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import dev.sem.script.TransactionMode;

/**
 * What the walk over one script's statements knows when it reaches a statement, shared by the rules: the transaction
 * the applier is in, the timeouts in effect, the tables and indexes the script created so far, and what the script
 * leaves for the later scripts of the run ({@link ScriptLint.Project}). Collects the findings.
 */
final class LintContext {

    private final LintConfig config;
    private final TransactionMode mode;
    private final ScriptLint.Project project;
    private final Timeouts timeouts;
    private final List<ScriptLint.Raw> raws = new ArrayList<>();

    private final Set<String> createdTables = new HashSet<>();
    private final Set<String> createdIndexes = new HashSet<>();

    private boolean inTransaction;
    private int transactionId;

    private LintRule current;
    private Stmt parsedFor;
    private final Map<Class<?>, Optional<?>> parsed = new HashMap<>();

    LintContext(LintConfig config, TransactionMode mode, ScriptLint.Project project, Timeouts timeouts) {
        this.config = config;
        this.mode = mode;
        this.project = project;
        this.timeouts = timeouts;
        this.inTransaction = mode == TransactionMode.SINGLE;
    }

    // --- findings ---------------------------------------------------------------------------------------------------

    /** Reports for {@code rule}, which the rule now checking must declare in {@link LintRule#reports()}. */
    void report(Rule rule, Stmt s, int token, String message, String alternative) {
        if (!current.reports().contains(rule)) {
            throw new IllegalStateException(
                    current.getClass().getSimpleName() + " reports " + rule.id() + ", which it does not declare");
        }
        raws.add(new ScriptLint.Raw(rule, s.index, s.source.file(), s.line(token), message, alternative));
    }

    void checking(LintRule rule) {
        current = rule;
    }

    List<ScriptLint.Raw> raws() {
        return raws;
    }

    // --- the run and the script -------------------------------------------------------------------------------------

    int postgresVersion() {
        return config.postgresVersion();
    }

    TransactionMode mode() {
        return mode;
    }

    /** Whether the script runs with {@code transaction = none}: each statement commits on its own. */
    boolean none() {
        return mode == TransactionMode.NONE;
    }

    ScriptLint.Project project() {
        return project;
    }

    Timeouts timeouts() {
        return timeouts;
    }

    // --- transactions -----------------------------------------------------------------------------------------------

    boolean inTransaction() {
        return inTransaction;
    }

    /** Counts transactions: two statements with the same id inside a transaction run in the same one. */
    int transactionId() {
        return transactionId;
    }

    void beginTransaction() {
        if (!inTransaction) {
            transactionId++;
        }
        inTransaction = true;
    }

    /** The statement {@code s} (COMMIT, ROLLBACK, ...) ends the transaction, and a transaction-local lock_timeout. */
    void endTransaction(Stmt s) {
        if (inTransaction) {
            timeouts.transactionEnded(s);
        }
        inTransaction = false;
        transactionId++;
    }

    // --- objects the script created ---------------------------------------------------------------------------------

    /** Whether the table exists before the script: it is named and the script did not create it. */
    boolean existing(Stmt.Name table) {
        return table != null && !createdTables.contains(table.last());
    }

    boolean createdTable(Stmt.Name table) {
        return table != null && createdTables.contains(table.last());
    }

    boolean createdIndex(Stmt.Name index) {
        return index != null && createdIndexes.contains(index.last());
    }

    /** Records the tables and indexes {@code s} creates (or renames into), once every rule has read it. */
    void created(Stmt s) {
        CreateStatement create = create(s);
        if (create != null) {
            create.createdTable().ifPresent(n -> createdTables.add(n.last()));
            CreateStatement.Index index = create.index();
            if (index != null && index.name() != null) {
                createdIndexes.add(index.name().last());
            }
        }
        AlterTableStatement alter = alterTable(s);
        if (alter != null && !existing(alter.table)) {
            alter.renamedTo().ifPresent(n -> createdTables.add(n.last()));
        }
    }

    // --- statements parsed once for all rules -----------------------------------------------------------------------

    CreateStatement create(Stmt s) {
        return parsed(s, CreateStatement.class, CreateStatement::of);
    }

    AlterTableStatement alterTable(Stmt s) {
        return parsed(s, AlterTableStatement.class, AlterTableStatement::of);
    }

    DropStatement drop(Stmt s) {
        return parsed(s, DropStatement.class, DropStatement::of);
    }

    /** {@code parser}'s reading of {@code s} ({@code null}: not that kind of statement), parsed once per statement. */
    private <T> T parsed(Stmt s, Class<T> type, Function<Stmt, T> parser) {
        if (s != parsedFor) {
            parsed.clear();
            parsedFor = s;
        }
        return type.cast(parsed.computeIfAbsent(type, k -> Optional.ofNullable(parser.apply(s)))
                .orElse(null));
    }
}
