/**
 * The lint engine and the {@code validate} goal's engine: plain Java, no Maven types.
 *
 * <p>{@link dev.sem.lint.Linter} reads each statement of a script as the applier would run it (split by the psql-exact
 * lexer, psql variables substituted) and looks at its tokens: keywords count only outside strings, dollar quotes,
 * comments and quoted identifiers. It knows the script's execution plan ({@code transaction = single} or {@code none}),
 * which tables the script itself created (they are exempt from the locking rules: nobody else uses them yet), which
 * constraints it added {@code NOT VALID}, which transaction it is in, and whether {@code lock_timeout} is in effect at
 * each statement. {@link dev.sem.lint.Linter#lint(java.util.List)} also carries validated {@code CHECK (col IS NOT
 * NULL)} constraints from one script to the next.
 *
 * <p>One walk per script ({@code ScriptLint}) hands each statement to every rule class in the order
 * {@code LintRules} lists them; each rule, or small family of rules that read the same statements, is one class
 * implementing {@code LintRule} (the rules it reports, and a check of one statement). What the walk knows from the
 * statements before, and the findings, are in the {@code LintContext} the rules read and update; statements are read
 * once for all rules ({@code CreateStatement}, {@code AlterTableStatement}, {@code DropStatement}). Adding a rule: its
 * {@code Rule} constant (id, default severity, explanation), its class, one line in {@code LintRules}, a failing and a
 * passing example in {@code LintRulesTest}, and a row in the table below.
 *
 * <p>Rule ids are squawk's rule names (squawk 2.63.0), so configuration and {@code squawk-ignore} comments carry over;
 * squawk's aliases {@code prefer-timestamp-tz}, {@code prefer-big-int} and {@code require-timeout-settings} are
 * accepted. Default severities: {@code error} for statements that block reads or writes on a live table, fail, lose
 * data or break running clients; {@code warning} for style and robustness; {@code off} for squawk's opt-in rules.
 *
 * <table>
 *   <caption>Rules</caption>
 *   <tr><th>Rule</th><th>Default</th><th>Flags</th></tr>
 *   <tr><td>adding-field-with-default</td><td>error</td><td>ADD COLUMN whose default is volatile (random(),
 *       clock_timestamp(), timeofday(), gen_random_uuid(), uuid_generate_v1/v1mc/v4(), nextval(), ...), calls a
 *       function sem does not know, is a serial type, an identity or a stored generated column; before PostgreSQL 11
 *       any non-null default. now(), current_timestamp and other stable defaults pass.</td></tr>
 *   <tr><td>adding-foreign-key-constraint</td><td>error</td><td>ADD FOREIGN KEY without NOT VALID</td></tr>
 *   <tr><td>adding-not-nullable-field</td><td>error</td><td>SET NOT NULL, unless (PostgreSQL 12+) a validated
 *       CHECK (col IS NOT NULL) precedes it in this or an earlier script</td></tr>
 *   <tr><td>adding-required-field</td><td>error</td><td>ADD COLUMN ... NOT NULL without a default</td></tr>
 *   <tr><td>adding-serial-primary-key-field</td><td>error</td><td>ADD PRIMARY KEY without USING INDEX, ADD COLUMN
 *       ... PRIMARY KEY</td></tr>
 *   <tr><td>ban-alter-domain-with-add-constraint</td><td>error</td><td>ALTER DOMAIN ... ADD CONSTRAINT without NOT
 *       VALID</td></tr>
 *   <tr><td>ban-char-field</td><td>warning</td><td>char(n), character(n), bpchar columns</td></tr>
 *   <tr><td>ban-concurrent-index-creation-in-transaction</td><td>error</td><td>CONCURRENTLY statements in a
 *       transaction = single script, or inside a DO block or function body</td></tr>
 *   <tr><td>ban-create-domain-with-constraint</td><td>warning</td><td>CREATE DOMAIN with a CHECK</td></tr>
 *   <tr><td>ban-drop-column</td><td>error</td><td>DROP COLUMN</td></tr>
 *   <tr><td>ban-drop-database</td><td>error</td><td>DROP DATABASE</td></tr>
 *   <tr><td>ban-drop-not-null</td><td>warning</td><td>ALTER COLUMN ... DROP NOT NULL</td></tr>
 *   <tr><td>ban-drop-table</td><td>error</td><td>DROP TABLE</td></tr>
 *   <tr><td>ban-duplicate-column-assignments</td><td>error</td><td>a column named twice in INSERT (...), UPDATE SET
 *       or ON CONFLICT DO UPDATE SET</td></tr>
 *   <tr><td>ban-truncate-cascade</td><td>error</td><td>TRUNCATE ... CASCADE</td></tr>
 *   <tr><td>ban-uncommitted-transaction</td><td>error</td><td>BEGIN without a later COMMIT</td></tr>
 *   <tr><td>changing-column-type</td><td>error</td><td>ALTER COLUMN ... TYPE</td></tr>
 *   <tr><td>constraint-missing-not-valid</td><td>error</td><td>ADD CHECK without NOT VALID; VALIDATE CONSTRAINT in
 *       the transaction that added it NOT VALID (exact: sem knows the transactions)</td></tr>
 *   <tr><td>disallowed-unique-constraint</td><td>error</td><td>ADD UNIQUE without USING INDEX, ADD COLUMN ...
 *       UNIQUE</td></tr>
 *   <tr><td>identifier-too-long</td><td>warning</td><td>identifiers over 63 bytes in CREATE and ALTER</td></tr>
 *   <tr><td>prefer-bigint-over-int</td><td>warning</td><td>integer/serial key columns (primary key, identity,
 *       serial)</td></tr>
 *   <tr><td>prefer-bigint-over-smallint</td><td>warning</td><td>smallint/smallserial key columns</td></tr>
 *   <tr><td>prefer-identity</td><td>warning</td><td>serial types</td></tr>
 *   <tr><td>prefer-repack</td><td>error</td><td>VACUUM FULL, CLUSTER</td></tr>
 *   <tr><td>prefer-robust-stmts</td><td>warning</td><td>in transaction = none scripts: CREATE without IF NOT
 *       EXISTS, DROP without IF EXISTS, ADD/DROP COLUMN without IF [NOT] EXISTS, ADD CONSTRAINT not preceded by DROP
 *       CONSTRAINT IF EXISTS, ADD VALUE without IF NOT EXISTS</td></tr>
 *   <tr><td>prefer-text-field</td><td>warning</td><td>varchar(n)</td></tr>
 *   <tr><td>prefer-timestamptz</td><td>warning</td><td>timestamp without time zone</td></tr>
 *   <tr><td>renaming-column</td><td>error</td><td>RENAME COLUMN</td></tr>
 *   <tr><td>renaming-table</td><td>error</td><td>ALTER TABLE ... RENAME TO</td></tr>
 *   <tr><td>require-concurrent-index-creation</td><td>error</td><td>CREATE INDEX without CONCURRENTLY</td></tr>
 *   <tr><td>require-concurrent-index-deletion</td><td>error</td><td>DROP INDEX without CONCURRENTLY</td></tr>
 *   <tr><td>require-concurrent-partition-detach</td><td>error</td><td>DETACH PARTITION without CONCURRENTLY
 *       (PostgreSQL 14+)</td></tr>
 *   <tr><td>require-concurrent-reindex</td><td>error</td><td>REINDEX without CONCURRENTLY (PostgreSQL 12+; not
 *       SYSTEM)</td></tr>
 *   <tr><td>require-enum-value-ordering</td><td>warning</td><td>ADD VALUE without BEFORE/AFTER</td></tr>
 *   <tr><td>require-lock-timeout</td><td>error</td><td>a statement taking a strong lock on an existing relation
 *       (ALTER TABLE except VALIDATE/SET STATISTICS, CREATE INDEX, DROP TABLE/INDEX, TRUNCATE, REINDEX, VACUUM FULL,
 *       CLUSTER, LOCK, CREATE/DROP TRIGGER, REFRESH MATERIALIZED VIEW) while no lock_timeout is in effect: sem's
 *       management is off ({@link dev.sem.lint.LintConfig#lockTimeoutManaged()}), or the script sets lock_timeout
 *       itself (sem then leaves it alone) and it is not set yet, is 0/DEFAULT/reset, was a SET LOCAL in a
 *       transaction = none script (no effect), or ended with the script's own COMMIT</td></tr>
 *   <tr><td>require-statement-timeout</td><td>off</td><td>the same statements without a statement_timeout</td></tr>
 *   <tr><td>require-table-schema</td><td>off</td><td>unqualified table names in CREATE/ALTER/DROP TABLE and CREATE
 *       INDEX</td></tr>
 *   <tr><td>transaction-nesting</td><td>error</td><td>BEGIN, COMMIT, ROLLBACK, END in a transaction = single
 *       script</td></tr>
 *   <tr><td>unused-ignore</td><td>warning</td><td>suppression comments naming an unknown rule, or a rule that found
 *       nothing in their statement</td></tr>
 * </table>
 *
 * <p>Suppression: {@code -- sem-lint-ignore: rule-a, rule-b} (or squawk's {@code -- squawk-ignore rule-a}) in the
 * comments before a statement, on its lines or inside it, silences those rules for that statement only;
 * {@code -- sem-lint-ignore-file: rule} (or {@code -- squawk-ignore-file rule}) anywhere silences them for the file.
 * Without rule names every rule is silenced. Statements from {@code \i} files honour only the including script's
 * file-wide comments.
 *
 * <p>{@link dev.sem.lint.ValidateGoal} runs the validator, the immutability check and the linter together.
 */
package dev.sem.lint;
