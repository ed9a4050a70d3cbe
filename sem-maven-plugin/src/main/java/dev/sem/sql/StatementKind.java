package dev.sem.sql;

/** How a statement relates to the transaction the applier wraps a script in. */
public enum StatementKind {
    /** Runs inside a transaction block; the default. */
    TRANSACTIONAL,
    /**
     * Cannot run inside a transaction block ({@code CREATE INDEX CONCURRENTLY}, {@code VACUUM}, {@code ALTER SYSTEM},
     * ...).
     */
    NON_TRANSACTIONAL,
    /** Runs in a transaction, but what it creates is usable only after a commit: {@code ALTER TYPE ... ADD VALUE}. */
    COMMIT_BOUNDARY,
    /** Controls the transaction itself: {@code BEGIN}, {@code COMMIT}, {@code ROLLBACK}, {@code SAVEPOINT}, ... */
    TRANSACTION_CONTROL
}
