package dev.sem.sql;

import java.util.List;
import java.util.Optional;

/**
 * A script split into units, in execution order. Units from {@code \i} files appear where the include was, with their
 * own file name.
 *
 * @param file the display path of the parsed file
 * @param units the statements and echoes
 */
public record ParsedScript(String file, List<Unit> units) {

    public ParsedScript {
        units = List.copyOf(units);
    }

    /** The SQL statements, without the echoes. */
    public List<SqlStatement> statements() {
        return units.stream()
                .filter(SqlStatement.class::isInstance)
                .map(SqlStatement.class::cast)
                .toList();
    }

    /** Whether any statement is {@link StatementKind#TRANSACTION_CONTROL} ({@code BEGIN}, {@code COMMIT}, ...). */
    public boolean hasTransactionControl() {
        return statements().stream().anyMatch(s -> s.kind() == StatementKind.TRANSACTION_CONTROL);
    }

    /** The first {@link StatementKind#NON_TRANSACTIONAL} statement (commit boundaries are not included). */
    public Optional<SqlStatement> firstNonTransactional() {
        return statements().stream()
                .filter(s -> s.kind() == StatementKind.NON_TRANSACTIONAL)
                .findFirst();
    }
}
