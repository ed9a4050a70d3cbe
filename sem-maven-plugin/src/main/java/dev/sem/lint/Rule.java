package dev.sem.lint;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The lint rules. Ids are squawk's rule names, so squawk configuration and {@code squawk-ignore} comments carry over;
 * see the package documentation for what each rule flags and why.
 */
public enum Rule {
    ADDING_FIELD_WITH_DEFAULT(
            "adding-field-with-default",
            Severity.ERROR,
            "From PostgreSQL 11 on, ADD COLUMN with a constant or stable default (0, 'x'::jsonb, now()) only records"
                    + " the default in the catalog; a volatile default (random(), clock_timestamp(),"
                    + " gen_random_uuid(), the nextval() of a serial), a stored generated column or an identity"
                    + " column must compute a value per row, so the whole table is rewritten under an ACCESS"
                    + " EXCLUSIVE lock that blocks reads and writes. Before 11 every non-null default rewrites.",
            "add the column without that default, SET DEFAULT for new rows, and backfill existing rows in batches"),
    ADDING_FOREIGN_KEY_CONSTRAINT(
            "adding-foreign-key-constraint",
            Severity.ERROR,
            "ADD FOREIGN KEY checks every existing row while holding SHARE ROW EXCLUSIVE locks on the table and on"
                    + " the referenced table, blocking writes to both for the whole scan.",
            "ADD CONSTRAINT ... FOREIGN KEY ... NOT VALID, then VALIDATE CONSTRAINT in a separate transaction (a later"
                    + " script, or a transaction = none script)"),
    ADDING_NOT_NULLABLE_FIELD(
            "adding-not-nullable-field",
            Severity.ERROR,
            "SET NOT NULL scans the whole table for NULLs while holding an ACCESS EXCLUSIVE lock, blocking reads and"
                    + " writes. From PostgreSQL 12 on the scan is skipped when a validated CHECK (col IS NOT NULL)"
                    + " constraint already proves the column has no NULLs.",
            "ADD CONSTRAINT name CHECK (col IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT name in a separate"
                    + " transaction, then SET NOT NULL (no scan on PostgreSQL 12+) and DROP CONSTRAINT name"),
    ADDING_REQUIRED_FIELD(
            "adding-required-field",
            Severity.ERROR,
            "ADD COLUMN ... NOT NULL without a default fails on a table that has rows, and breaks clients that insert"
                    + " rows without naming the new column.",
            "add the column nullable, or NOT NULL with a constant DEFAULT"),
    ADDING_SERIAL_PRIMARY_KEY_FIELD(
            "adding-serial-primary-key-field",
            Severity.ERROR,
            "ADD PRIMARY KEY builds its unique index while holding an ACCESS EXCLUSIVE lock, blocking reads and"
                    + " writes for the whole build.",
            "CREATE UNIQUE INDEX CONCURRENTLY in a transaction = none script, then ADD CONSTRAINT name PRIMARY KEY"
                    + " USING INDEX index_name"),
    BAN_ALTER_DOMAIN_WITH_ADD_CONSTRAINT(
            "ban-alter-domain-with-add-constraint",
            Severity.ERROR,
            "ALTER DOMAIN ... ADD CONSTRAINT checks every column of every table that uses the domain, under locks"
                    + " that block writes to those tables.",
            "ADD CONSTRAINT ... NOT VALID and VALIDATE CONSTRAINT separately, or put the CHECK on the table columns"),
    BAN_CHAR_FIELD(
            "ban-char-field",
            Severity.WARNING,
            "char(n) pads values with spaces, ignores trailing spaces in comparisons and is no faster than text; it is"
                    + " almost never what is wanted.",
            "text (with a CHECK on length(col) if a limit is needed) or varchar"),
    BAN_CONCURRENT_INDEX_CREATION_IN_TRANSACTION(
            "ban-concurrent-index-creation-in-transaction",
            Severity.ERROR,
            "CREATE INDEX CONCURRENTLY, DROP INDEX CONCURRENTLY, REINDEX CONCURRENTLY and DETACH PARTITION"
                    + " CONCURRENTLY cannot run inside a transaction block, a function or a DO block; they fail at"
                    + " run time.",
            "a top-level statement in a script with -- sem.attribute.transaction = none"),
    BAN_CREATE_DOMAIN_WITH_CONSTRAINT(
            "ban-create-domain-with-constraint",
            Severity.WARNING,
            "A domain's CHECK constraint is hard to change online: changing it re-checks every column that uses the"
                    + " domain.",
            "a domain without constraints (or the base type), with CHECK constraints on the table columns"),
    BAN_DROP_COLUMN(
            "ban-drop-column",
            Severity.ERROR,
            "Clients that still read or write the column fail as soon as it is dropped (ORMs often name every"
                    + " column).",
            "stop using the column in every client first, drop it in a later release and mark that statement with"
                    + " -- sem-lint-ignore: ban-drop-column"),
    BAN_DROP_DATABASE(
            "ban-drop-database",
            Severity.ERROR,
            "DROP DATABASE destroys every object and row in the database.",
            "do not drop databases from upgrade scripts"),
    BAN_DROP_NOT_NULL(
            "ban-drop-not-null",
            Severity.WARNING,
            "Clients written for a NOT NULL column may not handle NULLs.",
            "make sure every client handles NULL first, then mark the statement with"
                    + " -- sem-lint-ignore: ban-drop-not-null"),
    BAN_DROP_TABLE(
            "ban-drop-table",
            Severity.ERROR,
            "Clients that still use the table fail as soon as it is dropped, and its data is gone.",
            "stop using the table in every client first, drop it in a later release and mark that statement with"
                    + " -- sem-lint-ignore: ban-drop-table"),
    BAN_DUPLICATE_COLUMN_ASSIGNMENTS(
            "ban-duplicate-column-assignments",
            Severity.ERROR,
            "Naming the same column twice in an INSERT column list or an UPDATE SET list is an error"
                    + " (\"multiple assignments to same column\").",
            "assign each column once"),
    BAN_TRUNCATE_CASCADE(
            "ban-truncate-cascade",
            Severity.ERROR,
            "TRUNCATE ... CASCADE also empties every table that references the truncated ones through foreign keys,"
                    + " recursively, without naming them.",
            "name every table to truncate, without CASCADE"),
    BAN_UNCOMMITTED_TRANSACTION(
            "ban-uncommitted-transaction",
            Severity.ERROR,
            "A BEGIN without a later COMMIT leaves the statements after it in an open transaction, which is rolled"
                    + " back when the connection closes.",
            "end the transaction with COMMIT, or remove the BEGIN"),
    CHANGING_COLUMN_TYPE(
            "changing-column-type",
            Severity.ERROR,
            "ALTER COLUMN ... TYPE rewrites the table and rebuilds its indexes under an ACCESS EXCLUSIVE lock, unless"
                    + " the old type is binary-coercible to the new one (varchar(n) to text or to a longer varchar,"
                    + " for example).",
            "add a column of the new type, backfill it in batches, switch clients over and drop the old column; for"
                    + " a binary-coercible change, mark the statement with -- sem-lint-ignore: changing-column-type"),
    CONSTRAINT_MISSING_NOT_VALID(
            "constraint-missing-not-valid",
            Severity.ERROR,
            "ADD CONSTRAINT ... CHECK checks every existing row while holding an ACCESS EXCLUSIVE lock. Validating a"
                    + " NOT VALID constraint in the transaction that added it gains nothing, because the lock taken"
                    + " by the ADD is held until commit. (Foreign keys are reported by adding-foreign-key-constraint.)",
            "ADD CONSTRAINT ... NOT VALID, then VALIDATE CONSTRAINT in a separate transaction (a later script or a"
                    + " transaction = none script); VALIDATE takes only a SHARE UPDATE EXCLUSIVE lock"),
    DISALLOWED_UNIQUE_CONSTRAINT(
            "disallowed-unique-constraint",
            Severity.ERROR,
            "ADD UNIQUE builds its unique index while holding an ACCESS EXCLUSIVE lock, blocking reads and writes for"
                    + " the whole build.",
            "CREATE UNIQUE INDEX CONCURRENTLY in a transaction = none script, then ADD CONSTRAINT name UNIQUE USING"
                    + " INDEX index_name"),
    IDENTIFIER_TOO_LONG(
            "identifier-too-long",
            Severity.WARNING,
            "PostgreSQL silently truncates identifiers to 63 bytes, so the object gets another name than written and"
                    + " two long names can collide.",
            "a name of at most 63 bytes"),
    PREFER_BIGINT_OVER_INT(
            "prefer-bigint-over-int",
            Severity.WARNING,
            "A 32-bit key overflows at 2,147,483,647, and changing the column's type later rewrites the table.",
            "bigint (bigint GENERATED ALWAYS AS IDENTITY for generated keys)"),
    PREFER_BIGINT_OVER_SMALLINT(
            "prefer-bigint-over-smallint",
            Severity.WARNING,
            "A 16-bit key overflows at 32,767, and changing the column's type later rewrites the table.",
            "bigint (bigint GENERATED ALWAYS AS IDENTITY for generated keys)"),
    PREFER_IDENTITY(
            "prefer-identity",
            Severity.WARNING,
            "serial types create a separately owned sequence with its own permissions; identity columns are the"
                    + " standard replacement and keep the sequence tied to the column.",
            "bigint GENERATED ALWAYS AS IDENTITY (or GENERATED BY DEFAULT AS IDENTITY)"),
    PREFER_REPACK(
            "prefer-repack",
            Severity.ERROR,
            "VACUUM FULL and CLUSTER rewrite the table while holding an ACCESS EXCLUSIVE lock, blocking reads and"
                    + " writes for the whole rewrite.",
            "the pg_repack extension (REPACK CONCURRENTLY on PostgreSQL 19+), or a plain VACUUM"),
    PREFER_ROBUST_STMTS(
            "prefer-robust-stmts",
            Severity.WARNING,
            "In a transaction = none script every statement commits on its own. When a run stops part-way, the"
                    + " statement whose outcome is unknown is run again on resume (or by hand) and must not fail"
                    + " because its object already exists or is already gone.",
            "IF NOT EXISTS on CREATE and ADD COLUMN, IF EXISTS on DROP"),
    PREFER_TEXT_FIELD(
            "prefer-text-field",
            Severity.WARNING,
            "Changing the limit of varchar(n) later is an ALTER COLUMN TYPE under an ACCESS EXCLUSIVE lock (and a"
                    + " rewrite when the limit shrinks).",
            "text with a CHECK (length(col) <= n) constraint, which can be replaced NOT VALID without a rewrite"),
    PREFER_TIMESTAMPTZ(
            "prefer-timestamptz",
            Severity.WARNING,
            "timestamp without time zone stores a wall-clock value without its UTC offset; values written from"
                    + " different time zones, or across a daylight-saving change, cannot be compared.",
            "timestamptz (timestamp with time zone)"),
    RENAMING_COLUMN(
            "renaming-column",
            Severity.ERROR,
            "Clients that still use the old column name fail as soon as the column is renamed.",
            "add the new column, write both, backfill, switch reads, then drop the old one; or rename only when no"
                    + " running client uses the old name and mark the statement with"
                    + " -- sem-lint-ignore: renaming-column"),
    RENAMING_TABLE(
            "renaming-table",
            Severity.ERROR,
            "Clients that still use the old table name fail as soon as the table is renamed.",
            "rename the table and create a view with the old name for old clients, or rename only when no running"
                    + " client uses the old name and mark the statement with -- sem-lint-ignore: renaming-table"),
    REQUIRE_CONCURRENT_INDEX_CREATION(
            "require-concurrent-index-creation",
            Severity.ERROR,
            "CREATE INDEX without CONCURRENTLY takes a SHARE lock that blocks every INSERT, UPDATE and DELETE on the"
                    + " table until the index is built. Tables created in the same script are exempt.",
            "CREATE INDEX CONCURRENTLY in a script with -- sem.attribute.transaction = none"),
    REQUIRE_CONCURRENT_INDEX_DELETION(
            "require-concurrent-index-deletion",
            Severity.ERROR,
            "DROP INDEX without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the index's table; while it waits for"
                    + " running queries, every later query on the table queues behind it.",
            "DROP INDEX CONCURRENTLY in a script with -- sem.attribute.transaction = none"),
    REQUIRE_CONCURRENT_PARTITION_DETACH(
            "require-concurrent-partition-detach",
            Severity.ERROR,
            "DETACH PARTITION without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the partitioned table.",
            "DETACH PARTITION ... CONCURRENTLY (PostgreSQL 14+) in a script with -- sem.attribute.transaction = none"),
    REQUIRE_CONCURRENT_REINDEX(
            "require-concurrent-reindex",
            Severity.ERROR,
            "REINDEX without CONCURRENTLY blocks writes to the table, and reads that would use the index, for the"
                    + " whole rebuild.",
            "REINDEX ... CONCURRENTLY (PostgreSQL 12+) in a script with -- sem.attribute.transaction = none"),
    REQUIRE_ENUM_VALUE_ORDERING(
            "require-enum-value-ordering",
            Severity.WARNING,
            "ALTER TYPE ... ADD VALUE without BEFORE or AFTER appends the value at the end of the enum's sort order,"
                    + " which matters for ORDER BY and comparisons.",
            "ADD VALUE 'new' BEFORE 'existing' (or AFTER 'existing')"),
    REQUIRE_LOCK_TIMEOUT(
            "require-lock-timeout",
            Severity.ERROR,
            "A statement that needs a strong lock waits for every running transaction on the table, and while it"
                    + " waits every later query on the table queues behind it; without a lock_timeout one slow query"
                    + " turns the migration into an outage. sem sets lock_timeout itself (sem.lockTimeout, retried on"
                    + " timeout) unless management is switched off or the script sets lock_timeout on its own.",
            "let sem manage lock_timeout (remove the script's own setting and keep sem.lockTimeout > 0), or SET"
                    + " lock_timeout = '2s' before the statement"),
    REQUIRE_STATEMENT_TIMEOUT(
            "require-statement-timeout",
            Severity.OFF,
            "Without a statement_timeout, a slow statement holding a strong lock blocks the table for as long as it"
                    + " runs.",
            "SET statement_timeout = '...' before the statement"),
    REQUIRE_TABLE_SCHEMA(
            "require-table-schema",
            Severity.OFF,
            "An unqualified table name resolves through search_path, which can differ between environments.",
            "a schema-qualified name, such as public.users"),
    TRANSACTION_NESTING(
            "transaction-nesting",
            Severity.ERROR,
            "sem runs a transaction = single script in one transaction: a BEGIN inside it only warns, and a COMMIT"
                    + " ends sem's transaction early, so the rest of the script runs in autocommit and is no longer"
                    + " atomic.",
            "remove the transaction control, or add -- sem.attribute.transaction = none and manage transactions"
                    + " yourself"),
    UNUSED_IGNORE(
            "unused-ignore",
            Severity.WARNING,
            "A suppression comment names a rule that does not exist, or a rule that found nothing in its statement,"
                    + " so it silences nothing.",
            "correct the rule name, or remove the comment");

    private static final Map<String, List<Rule>> BY_NAME = new LinkedHashMap<>();

    static {
        for (Rule r : values()) {
            BY_NAME.put(r.id, List.of(r));
        }
        // squawk's aliases and deprecated names
        BY_NAME.put("prefer-timestamp-tz", List.of(PREFER_TIMESTAMPTZ));
        BY_NAME.put("require-timeout-settings", List.of(REQUIRE_LOCK_TIMEOUT, REQUIRE_STATEMENT_TIMEOUT));
        BY_NAME.put("prefer-big-int", List.of(PREFER_BIGINT_OVER_INT, PREFER_BIGINT_OVER_SMALLINT));
    }

    private final String id;
    private final Severity defaultSeverity;
    private final String explanation;
    private final String safeAlternative;

    Rule(String id, Severity defaultSeverity, String explanation, String safeAlternative) {
        this.id = id;
        this.defaultSeverity = defaultSeverity;
        this.explanation = explanation;
        this.safeAlternative = safeAlternative;
    }

    /** The rule's id: squawk's name for it. */
    public String id() {
        return id;
    }

    /** The severity when the configuration does not name the rule. */
    public Severity defaultSeverity() {
        return defaultSeverity;
    }

    /** Why the rule exists. */
    public String explanation() {
        return explanation;
    }

    /** What to write instead, in general; findings may give a more specific alternative. */
    public String safeAlternative() {
        return safeAlternative;
    }

    /**
     * The rules a name stands for: a rule id, or one of squawk's aliases ({@code prefer-timestamp-tz},
     * {@code prefer-big-int}, and {@code require-timeout-settings}, which stands
     * for both timeout rules). Case-insensitive; empty when unknown.
     */
    public static List<Rule> byName(String name) {
        List<Rule> rules = BY_NAME.get(name.trim().toLowerCase(Locale.ROOT));
        return rules == null ? List.of() : rules;
    }

    /** The rule with this exact id or alias, when it stands for exactly one rule. */
    public static Optional<Rule> byId(String id) {
        List<Rule> rules = byName(id);
        return rules.size() == 1 ? Optional.of(rules.get(0)) : Optional.empty();
    }

    /** Every accepted name: the ids, then the aliases. */
    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }

    @Override
    public String toString() {
        return id;
    }
}
