package dev.sem.lint;

import java.util.List;
import java.util.function.Supplier;

/**
 * The registry: every {@link LintRule}, in the order they read each statement (which orders the findings of one
 * statement on one line). Adding a rule: one class, one line here.
 */
final class LintRules {

    private static final List<Supplier<LintRule>> RULES = List.of(
            IdentifierLengthRule::new,
            TransactionRules::new,
            ConcurrentInTransactionRule::new,
            TableSchemaRule::new,
            IndexRules::new,
            RenameRules::new,
            DropRules::new,
            EnumValueOrderingRule::new,
            DomainRules::new,
            ChangingColumnTypeRule::new,
            RobustStatementsRule::new,
            ColumnTypeRules::new,
            AddingFieldWithDefaultRule::new,
            AddingRequiredFieldRule::new,
            AddKeyRules::new,
            ConstraintNotValidRule::new,
            ForeignKeyRule::new,
            SetNotNullRule::new,
            PartitionDetachRule::new,
            TruncateCascadeRule::new,
            RepackRule::new,
            DuplicateAssignmentsRule::new,
            TimeoutRules::new);

    private LintRules() {}

    /** New instances of every rule, for linting one script. */
    static List<LintRule> all() {
        return RULES.stream().map(Supplier::get).toList();
    }
}
