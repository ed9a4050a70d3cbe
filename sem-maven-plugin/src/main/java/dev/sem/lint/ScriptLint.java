package dev.sem.lint;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.sem.script.Script;
import dev.sem.script.TransactionMode;
import dev.sem.sql.SqlStatement;
import dev.sem.sql.StatementKind;
import dev.sem.sql.TokenType;

/**
 * Runs every rule over the statements of one script, in order, keeping what earlier statements did: tables created
 * in the script, constraints added {@code NOT VALID}, the transaction the applier is in, and whether
 * {@code lock_timeout} is in effect.
 */
final class ScriptLint {

    /** A finding before severity and suppressions are applied; {@code statement} indexes the script's statements. */
    record Raw(Rule rule, int statement, String file, int line, String message, String alternative) {}

    /** What one script leaves for the later scripts of the same run. */
    static final class Project {
        /** CHECK (col IS NOT NULL) constraints by name: {table, column}. */
        final Map<String, String[]> notNullChecks = new HashMap<>();
        /** "table.column" for which a validated CHECK (col IS NOT NULL) exists. */
        final Set<String> validatedNotNull = new HashSet<>();
    }

    private static final Pattern CONCURRENT_IN_BODY = Pattern.compile(
            "\\b(create\\s+(unique\\s+)?index\\s+concurrently|drop\\s+index\\s+concurrently"
                    + "|reindex\\b[^;]*?\\bconcurrently|detach\\s+partition\\b[^;]*?\\bconcurrently)\\b",
            Pattern.CASE_INSENSITIVE);

    private static final Pattern ZERO = Pattern.compile("^\\s*0+(\\.0*)?\\s*(us|ms|s|min|h|d)?\\s*$");

    private static final Set<String> ROBUST_CREATE = Set.of(
            "table", "index", "sequence", "schema", "extension", "materialized", "foreign", "collation", "statistics");

    private final LintConfig config;
    private final Script input;
    private final Project project;
    private final TransactionMode mode;
    private final List<Raw> raws = new ArrayList<>();

    private final Set<String> createdTables = new HashSet<>();
    private final Set<String> createdIndexes = new HashSet<>();
    /** Constraints added NOT VALID in this script: name to the id of the transaction they were added in (-1: none). */
    private final Map<String, Integer> notValidAdded = new HashMap<>();

    private final Set<String> droppedConstraintsIfExists = new HashSet<>();

    private boolean inTransaction;
    private int transactionId;
    private Stmt openBegin;

    private boolean lockTimeoutOn;
    /** Whether the lock_timeout in effect ends with the current transaction (SET LOCAL, or sem's own). */
    private boolean lockTimeoutLocal;

    private String lockTimeoutOff;
    private boolean statementTimeoutOn;
    private String statementTimeoutOff = "the script does not set statement_timeout before it";

    ScriptLint(LintConfig config, Script input, Project project) {
        this.config = config;
        this.input = input;
        this.project = project;
        this.mode = input.mode();
        this.inTransaction = mode == TransactionMode.SINGLE;
    }

    List<Raw> run() {
        List<SqlStatement> statements = input.parsed().statements();
        List<List<Stmt>> parts = new ArrayList<>();
        for (int i = 0; i < statements.size(); i++) {
            parts.add(Stmt.parts(statements.get(i), i));
        }
        int firstSet = firstLockTimeoutSetting(parts);
        if (firstSet > 0) {
            lockTimeoutOn = false;
            lockTimeoutOff = "the script sets lock_timeout itself (line " + firstSet
                    + "), so sem does not manage it, and it is not set yet here";
        } else if (config.lockTimeoutManaged()) {
            lockTimeoutOn = true;
            lockTimeoutLocal = mode == TransactionMode.SINGLE; // SET LOCAL in single, a session SET in none
        } else {
            lockTimeoutOff = "sem does not manage lock_timeout in this run (sem.lockTimeout = 0) and the script does"
                    + " not set it before this statement";
        }
        for (int i = 0; i < statements.size(); i++) {
            SqlStatement st = statements.get(i);
            for (Stmt s : parts.get(i)) {
                if (s.size() > 0) {
                    statement(s, st.kind());
                }
            }
        }
        if (openBegin != null) {
            report(
                    Rule.BAN_UNCOMMITTED_TRANSACTION,
                    openBegin,
                    0,
                    openBegin.kw(0).toUpperCase(Locale.ROOT) + " opens a transaction that the script never commits.",
                    null);
        }
        return raws;
    }

    private int firstLockTimeoutSetting(List<List<Stmt>> parts) {
        for (List<Stmt> list : parts) {
            for (Stmt s : list) {
                if (s.size() == 0) {
                    continue;
                }
                if (s.is(0, "set") && (s.is(1, "lock_timeout") || s.is(2, "lock_timeout"))) {
                    return s.line(0);
                }
                int call = setConfigCall(s, "lock_timeout");
                if (call >= 0) {
                    return s.line(call);
                }
            }
        }
        return -1;
    }

    // ---------------------------------------------------------------------------------------------------------------

    private void report(Rule rule, Stmt s, int token, String message, String alternative) {
        raws.add(new Raw(rule, s.index, s.source.file(), s.line(token), message, alternative));
    }

    private boolean existing(Stmt.Name table) {
        return table != null && !createdTables.contains(table.last());
    }

    private void statement(Stmt s, StatementKind kind) {
        identifiers(s);
        if (kind == StatementKind.TRANSACTION_CONTROL) {
            transactionControl(s);
            return;
        }
        if (kind == StatementKind.NON_TRANSACTIONAL
                && mode == TransactionMode.SINGLE
                && inTransaction
                && s.source.description() != null
                && s.source.description().contains("CONCURRENTLY")) {
            report(
                    Rule.BAN_CONCURRENT_INDEX_CREATION_IN_TRANSACTION,
                    s,
                    0,
                    s.source.description() + " cannot run inside the transaction this script runs in.",
                    null);
        }
        timeoutSettings(s);
        String first = s.kw(0);
        switch (first) {
            case "create" -> create(s);
            case "alter" -> alter(s);
            case "drop" -> drop(s);
            case "truncate" -> truncate(s);
            case "reindex" -> reindex(s);
            case "vacuum" -> vacuum(s);
            case "cluster" -> {
                report(Rule.PREFER_REPACK, s, 0, "CLUSTER rewrites the table under an ACCESS EXCLUSIVE lock.", null);
                lockTaking(s, "CLUSTER", true);
            }
            case "lock" -> lockTaking(s, "LOCK TABLE", true);
            case "refresh" -> {
                if (s.find(0, "concurrently") < 0) {
                    lockTaking(s, "REFRESH MATERIALIZED VIEW", true);
                }
            }
            case "do" -> body(s, "DO block");
            case "update", "insert", "with" -> duplicateAssignments(s);
            default -> {}
        }
    }

    // --- transactions -----------------------------------------------------------------------------------------------

    private void transactionControl(Stmt s) {
        String w = s.kw(0);
        boolean opens = w.equals("begin") || (w.equals("start") && s.is(1, "transaction"));
        boolean closes = w.equals("commit")
                || w.equals("end")
                || w.equals("abort")
                || (w.equals("rollback") && !s.is(1, "to") && !s.is(1, "prepared"))
                || (w.equals("prepare") && s.is(1, "transaction"));
        if (mode == TransactionMode.SINGLE && (opens || closes)) {
            String what = s.snippet(0, Math.min(s.size(), 2)).toUpperCase(Locale.ROOT);
            report(
                    Rule.TRANSACTION_NESTING,
                    s,
                    0,
                    opens
                            ? what + " inside a script that sem already runs in one transaction (only a warning from"
                                    + " the server, but a sign the script expects to manage its own transaction)."
                            : what + " ends the transaction sem runs this script in: the statements after it run in"
                                    + " autocommit and are not rolled back if a later one fails.",
                    null);
        }
        if (opens) {
            if (openBegin == null) {
                openBegin = s;
            }
            if (!inTransaction) {
                transactionId++;
            }
            inTransaction = true;
        } else if (closes) {
            openBegin = null;
            if (inTransaction && lockTimeoutOn && lockTimeoutLocal) {
                lockTimeoutOn = false;
                lockTimeoutOff = "the transaction-local lock_timeout ended with the script's "
                        + w.toUpperCase(Locale.ROOT) + " at line " + s.line(0);
            }
            inTransaction = false;
            transactionId++;
        }
    }

    // --- lock_timeout and statement_timeout -------------------------------------------------------------------------

    private void timeoutSettings(Stmt s) {
        if (s.is(0, "set")) {
            int i = 1;
            boolean local = s.is(1, "local");
            if (local || s.is(1, "session")) {
                i++;
            }
            String name = s.kw(i);
            if (name.equals("lock_timeout") || name.equals("statement_timeout")) {
                int v = s.is(i + 1, "to") || s.text(i + 1, "=") ? i + 2 : i + 1;
                boolean on;
                if (s.is(v, "default")) {
                    on = false;
                } else if (s.type(v, TokenType.NUMBER)) {
                    on = !ZERO.matcher(s.tok(v).text()).matches();
                } else if (s.type(v, TokenType.STRING)) {
                    on = !ZERO.matcher(literal(s.tok(v).text())).matches();
                } else {
                    on = true;
                }
                setting(s, name, on, local, "SET " + (local ? "LOCAL " : "") + name);
            }
        } else if (s.is(0, "reset")) {
            if (s.is(1, "all")) {
                setting(s, "lock_timeout", false, false, "RESET ALL");
                setting(s, "statement_timeout", false, false, "RESET ALL");
            } else if (s.is(1, "lock_timeout") || s.is(1, "statement_timeout")) {
                setting(s, s.kw(1), false, false, "RESET " + s.kw(1));
            }
        } else {
            for (String name : List.of("lock_timeout", "statement_timeout")) {
                int call = setConfigCall(s, name);
                if (call >= 0) {
                    String value = s.type(call + 4, TokenType.STRING)
                            ? literal(s.tok(call + 4).text())
                            : "1";
                    boolean local = s.is(call + 6, "true") || s.is(call + 6, "on");
                    setting(s, name, !ZERO.matcher(value).matches(), local, "set_config('" + name + "')");
                }
            }
        }
    }

    /** The index of {@code set_config} in {@code set_config('name', ...)}, or -1. */
    private static int setConfigCall(Stmt s, String name) {
        for (int i = 0; i + 2 < s.size(); i++) {
            if (s.is(i, "set_config")
                    && s.type(i + 1, TokenType.LEFT_PAREN)
                    && s.type(i + 2, TokenType.STRING)
                    && literal(s.tok(i + 2).text()).trim().equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    private void setting(Stmt s, String name, boolean on, boolean local, String what) {
        boolean lock = name.equals("lock_timeout");
        if (local && !inTransaction) {
            // SET LOCAL outside a transaction block has no effect (the server only warns)
            if (lock && !lockTimeoutOn) {
                lockTimeoutOff = what + " at line " + s.line(0) + " has no effect outside a transaction block (in a"
                        + " transaction = none script every statement is its own transaction)";
            }
            return;
        }
        String off = on
                ? null
                : name + " is " + (what.startsWith("RESET") ? "reset to the server default" : "0 (off)") + " after "
                        + what + " at line " + s.line(0);
        if (lock) {
            lockTimeoutOn = on;
            lockTimeoutLocal = local;
            lockTimeoutOff = off;
        } else {
            statementTimeoutOn = on;
            statementTimeoutOff = off;
        }
    }

    /** A statement that waits for a strong lock on an existing relation. */
    private void lockTaking(Stmt s, String what, boolean existing) {
        if (!existing) {
            return;
        }
        if (!lockTimeoutOn) {
            String why = lockTimeoutOff != null ? lockTimeoutOff : "no lock_timeout is in effect";
            report(
                    Rule.REQUIRE_LOCK_TIMEOUT,
                    s,
                    0,
                    what + " waits for a strong lock with no lock_timeout: " + why + ".",
                    null);
        }
        if (!statementTimeoutOn) {
            report(
                    Rule.REQUIRE_STATEMENT_TIMEOUT,
                    s,
                    0,
                    what + " runs with no statement_timeout: " + statementTimeoutOff + ".",
                    null);
        }
    }

    // --- CREATE -----------------------------------------------------------------------------------------------------

    private void create(Stmt s) {
        int i = 1;
        boolean orReplace = false;
        boolean temp = false;
        boolean unique = false;
        while (true) {
            String w = s.kw(i);
            if (w.equals("or") && s.is(i + 1, "replace")) {
                orReplace = true;
                i += 2;
            } else if (w.equals("temp") || w.equals("temporary")) {
                temp = true;
                i++;
            } else if (w.equals("global") || w.equals("local") || w.equals("unlogged")) {
                i++;
            } else if (w.equals("unique")) {
                unique = true;
                i++;
            } else {
                break;
            }
        }
        String what = s.kw(i);
        switch (what) {
            case "table" -> createTable(s, i + 1, temp);
            case "index" -> createIndex(s, i + 1, unique);
            case "domain" -> createDomain(s, i + 1);
            case "materialized" -> {
                int n = s.is(i + 1, "view") ? i + 2 : i + 1;
                if (s.is(n, "if", "not", "exists")) {
                    n += 3;
                }
                Stmt.Name name = s.name(n);
                if (name != null) {
                    createdTables.add(name.last());
                }
            }
            case "function", "procedure" -> body(s, what.equals("function") ? "function" : "procedure");
            case "trigger" -> {
                int on = s.find(i, "on");
                Stmt.Name table = on >= 0 ? s.name(on + 1) : null;
                lockTaking(s, "CREATE TRIGGER on " + (table == null ? "a table" : table.text()), existing(table));
            }
            default -> {}
        }
        if (mode == TransactionMode.NONE
                && !orReplace
                && !temp
                && ROBUST_CREATE.contains(what)
                && !what.equals("table")
                && !what.equals("index")
                && s.find(i, "if", "not", "exists") < 0) {
            String object = what.equals("materialized")
                    ? "MATERIALIZED VIEW"
                    : what.equals("foreign") ? "FOREIGN TABLE" : what.toUpperCase(Locale.ROOT);
            report(
                    Rule.PREFER_ROBUST_STMTS,
                    s,
                    0,
                    "CREATE " + object + " without IF NOT EXISTS fails when run again after an interrupted run.",
                    "CREATE " + object + " IF NOT EXISTS");
        }
    }

    private void createTable(Stmt s, int i, boolean temp) {
        boolean ifNotExists = s.is(i, "if", "not", "exists");
        if (ifNotExists) {
            i += 3;
        }
        Stmt.Name table = s.name(i);
        if (table == null) {
            return;
        }
        createdTables.add(table.last());
        if (mode == TransactionMode.NONE && !ifNotExists && !temp) {
            report(
                    Rule.PREFER_ROBUST_STMTS,
                    s,
                    0,
                    "CREATE TABLE " + table.text() + " without IF NOT EXISTS fails when run again after an"
                            + " interrupted run.",
                    "CREATE TABLE IF NOT EXISTS " + table.text());
        }
        if (!temp && !table.qualified()) {
            report(
                    Rule.REQUIRE_TABLE_SCHEMA,
                    s,
                    i,
                    "Table " + table.text() + " is not schema-qualified; it is created in the first schema of"
                            + " search_path.",
                    null);
        }
        int open = table.end();
        if (!s.type(open, TokenType.LEFT_PAREN)) {
            return; // AS SELECT, OF type, PARTITION OF parent
        }
        int close = s.closing(open);
        int depth = s.tok(open).depth() + 1;
        Set<String> pkColumns = new HashSet<>();
        List<ColumnDef> columns = new ArrayList<>();
        for (int[] r : s.split(open + 1, close, depth)) {
            String w = s.kw(r[0]);
            if (w.equals("constraint")
                    || w.equals("check")
                    || w.equals("unique")
                    || w.equals("primary")
                    || w.equals("foreign")
                    || w.equals("exclude")
                    || w.equals("like")) {
                int pk = s.find(r[0], r[1], depth, "primary", "key");
                if (pk >= 0 && s.type(pk + 2, TokenType.LEFT_PAREN)) {
                    int pkClose = s.closing(pk + 2);
                    for (int[] c : s.split(pk + 3, pkClose, depth + 1)) {
                        pkColumns.add(s.tok(c[0]).word());
                    }
                }
                continue;
            }
            ColumnDef c = ColumnDef.parse(s, r[0], r[1]);
            if (c != null) {
                columns.add(c);
            }
        }
        for (ColumnDef c : columns) {
            columnTypes(c, c.primaryKey || pkColumns.contains(c.name));
        }
    }

    private void createIndex(Stmt s, int i, boolean unique) {
        boolean concurrently = s.is(i, "concurrently");
        if (concurrently) {
            i++;
        }
        boolean ifNotExists = s.is(i, "if", "not", "exists");
        if (ifNotExists) {
            i += 3;
        }
        Stmt.Name index = s.is(i, "on") ? null : s.name(i);
        int on = s.find(i, "on");
        if (on < 0) {
            return;
        }
        int t = s.is(on + 1, "only") ? on + 2 : on + 1;
        Stmt.Name table = s.name(t);
        if (index != null) {
            createdIndexes.add(index.last());
        }
        String what = "CREATE " + (unique ? "UNIQUE " : "") + "INDEX";
        String tableText = table == null ? "the table" : table.text();
        if (!concurrently && existing(table)) {
            report(
                    Rule.REQUIRE_CONCURRENT_INDEX_CREATION,
                    s,
                    0,
                    what + " on " + tableText + " without CONCURRENTLY blocks writes to the table while it builds.",
                    mode == TransactionMode.NONE
                            ? what + " CONCURRENTLY"
                            : what + " CONCURRENTLY in a script with -- sem.attribute.transaction = none");
            lockTaking(s, what + " on " + tableText, true);
        }
        if (table != null && !table.qualified()) {
            report(
                    Rule.REQUIRE_TABLE_SCHEMA,
                    s,
                    t,
                    "Table " + table.text() + " is not schema-qualified; it is looked up through search_path.",
                    null);
        }
        if (mode == TransactionMode.NONE && !ifNotExists) {
            String name = index == null ? "a name" : index.text();
            report(
                    Rule.PREFER_ROBUST_STMTS,
                    s,
                    0,
                    what
                            + (concurrently ? " CONCURRENTLY" : "")
                            + (index == null
                                    ? " without a name cannot use IF NOT EXISTS, so it creates a second index when"
                                            + " run again after an interrupted run."
                                    : " without IF NOT EXISTS fails when run again after an interrupted run."),
                    concurrently
                            ? "DROP INDEX CONCURRENTLY IF EXISTS " + name + " (a failed build leaves an INVALID index)"
                                    + " followed by " + what + " CONCURRENTLY IF NOT EXISTS " + name
                            : what + " IF NOT EXISTS " + name);
        }
    }

    private void createDomain(Stmt s, int i) {
        Stmt.Name domain = s.name(i);
        int check = s.find(i, "check");
        int constraint = s.find(i, "constraint");
        int at = check >= 0 ? check : constraint;
        if (at >= 0) {
            report(
                    Rule.BAN_CREATE_DOMAIN_WITH_CONSTRAINT,
                    s,
                    at,
                    "Domain " + (domain == null ? "" : domain.text() + " ") + "has a CHECK constraint, which is hard"
                            + " to change once tables use the domain.",
                    null);
        }
    }

    /** The type rules for one column; {@code key}: the column is (part of) the primary key. */
    private void columnTypes(ColumnDef c, boolean key) {
        Stmt s = c.s;
        int at = c.typeStart;
        String type = c.typeText();
        switch (c.type) {
            case CHAR ->
                report(
                        Rule.BAN_CHAR_FIELD,
                        s,
                        at,
                        "Column " + c.name + " is " + type + ", which pads with spaces.",
                        null);
            case VARCHAR -> {
                if (c.typeModifier) {
                    report(
                            Rule.PREFER_TEXT_FIELD,
                            s,
                            at,
                            "Column " + c.name + " is " + type + "; raising the limit later takes an ACCESS EXCLUSIVE"
                                    + " lock.",
                            null);
                }
            }
            case TIMESTAMP ->
                report(
                        Rule.PREFER_TIMESTAMPTZ,
                        s,
                        at,
                        "Column " + c.name + " is " + type + ", which drops the UTC offset.",
                        "timestamptz");
            default -> {}
        }
        if (c.serial()) {
            report(
                    Rule.PREFER_IDENTITY,
                    s,
                    at,
                    "Column " + c.name + " is " + type + "; identity columns replace serial types.",
                    c.type == ColumnDef.TypeKind.SMALLSERIAL || c.type == ColumnDef.TypeKind.SERIAL
                            ? "bigint GENERATED ALWAYS AS IDENTITY"
                            : "bigint GENERATED ALWAYS AS IDENTITY (instead of " + type + ")");
        }
        boolean isKey = key || c.identity || c.serial();
        if (isKey && (c.type == ColumnDef.TypeKind.INT || c.type == ColumnDef.TypeKind.SERIAL)) {
            report(
                    Rule.PREFER_BIGINT_OVER_INT,
                    s,
                    at,
                    "Key column " + c.name + " is " + type + " (32-bit), which overflows at 2,147,483,647.",
                    null);
        }
        if (isKey && (c.type == ColumnDef.TypeKind.SMALLINT || c.type == ColumnDef.TypeKind.SMALLSERIAL)) {
            report(
                    Rule.PREFER_BIGINT_OVER_SMALLINT,
                    s,
                    at,
                    "Key column " + c.name + " is " + type + " (16-bit), which overflows at 32,767.",
                    null);
        }
    }

    /** Bodies of DO blocks, functions and procedures cannot run CREATE INDEX CONCURRENTLY. */
    private void body(Stmt s, String what) {
        for (int i = 0; i < s.size(); i++) {
            Stmt.Tok t = s.tok(i);
            if (t.type() == TokenType.DOLLAR_STRING || t.type() == TokenType.STRING) {
                var m = CONCURRENT_IN_BODY.matcher(t.text());
                if (m.find()) {
                    report(
                            Rule.BAN_CONCURRENT_INDEX_CREATION_IN_TRANSACTION,
                            s,
                            i,
                            "The " + what + " runs '"
                                    + m.group(1).replaceAll("\\s+", " ").toUpperCase(Locale.ROOT)
                                    + "', which cannot run inside a function or DO block and always fails.",
                            null);
                    return;
                }
            }
        }
    }

    // --- ALTER ------------------------------------------------------------------------------------------------------

    private void alter(Stmt s) {
        switch (s.kw(1)) {
            case "table" -> alterTable(s);
            case "domain" -> {
                int add = s.find(2, "add");
                if (add >= 0 && s.find(add, "not", "valid") < 0) {
                    Stmt.Name domain = s.name(2);
                    report(
                            Rule.BAN_ALTER_DOMAIN_WITH_ADD_CONSTRAINT,
                            s,
                            add,
                            "ALTER DOMAIN " + (domain == null ? "" : domain.text() + " ") + "ADD CONSTRAINT checks"
                                    + " every column that uses the domain.",
                            null);
                }
            }
            case "type" -> {
                int add = s.find(2, "add", "value");
                if (add >= 0) {
                    Stmt.Name type = s.name(2);
                    if (s.find(add, "before") < 0 && s.find(add, "after") < 0) {
                        report(
                                Rule.REQUIRE_ENUM_VALUE_ORDERING,
                                s,
                                add,
                                "ADD VALUE to " + (type == null ? "the enum" : type.text()) + " without BEFORE or"
                                        + " AFTER appends the value at the end of the sort order.",
                                null);
                    }
                    if (mode == TransactionMode.NONE && !s.is(add + 2, "if", "not", "exists")) {
                        report(
                                Rule.PREFER_ROBUST_STMTS,
                                s,
                                add,
                                "ADD VALUE without IF NOT EXISTS fails when run again after an interrupted run.",
                                "ADD VALUE IF NOT EXISTS");
                    }
                }
            }
            default -> {}
        }
    }

    private void alterTable(Stmt s) {
        int i = 2;
        if (s.is(i, "if", "exists")) {
            i += 2;
        }
        if (s.is(i, "only")) {
            i++;
        }
        if (s.is(i, "all", "in")) {
            return; // ALTER TABLE ALL IN TABLESPACE
        }
        Stmt.Name table = s.name(i);
        if (table == null) {
            return;
        }
        i = table.end();
        if (s.text(i, "*")) {
            i++;
        }
        boolean existing = existing(table);
        String t = table.text();
        if (!table.qualified()) {
            report(
                    Rule.REQUIRE_TABLE_SCHEMA,
                    s,
                    2,
                    "Table " + t + " is not schema-qualified; it is looked up through search_path.",
                    null);
        }
        if (s.is(i, "rename")) {
            if (s.is(i + 1, "to")) {
                Stmt.Name to = s.name(i + 2);
                if (!existing && to != null) {
                    createdTables.add(to.last());
                }
                if (existing) {
                    report(
                            Rule.RENAMING_TABLE,
                            s,
                            i,
                            "Renaming table " + t + (to == null ? "" : " to " + to.text())
                                    + " breaks clients that still use the old name.",
                            null);
                }
            } else if (!s.is(i + 1, "constraint") && existing) {
                int col = s.is(i + 1, "column") ? i + 2 : i + 1;
                Stmt.Name from = s.name(col);
                report(
                        Rule.RENAMING_COLUMN,
                        s,
                        i,
                        "Renaming column " + t + "." + (from == null ? "?" : from.text())
                                + " breaks clients that still use the old name.",
                        null);
            }
            lockTaking(s, "ALTER TABLE " + t + " RENAME", existing);
            return;
        }
        boolean strongLock = false;
        for (int[] r : s.split(i, s.size(), 0)) {
            if (action(s, r[0], r[1], table, existing)) {
                strongLock = true;
            }
        }
        if (strongLock) {
            lockTaking(s, "ALTER TABLE " + t, existing);
        }
    }

    /** One ALTER TABLE action in [a, end); returns whether it takes a lock that blocks reads or writes. */
    private boolean action(Stmt s, int a, int end, Stmt.Name table, boolean existing) {
        String t = table.text();
        switch (s.kw(a)) {
            case "add" -> {
                int j = a + 1;
                String w = s.kw(j);
                if (w.equals("constraint")
                        || w.equals("check")
                        || w.equals("unique")
                        || w.equals("primary")
                        || w.equals("foreign")
                        || w.equals("exclude")) {
                    addConstraint(s, j, end, table, existing);
                    return true;
                }
                if (w.equals("column")) {
                    j++;
                }
                boolean ifNotExists = s.is(j, "if", "not", "exists");
                if (ifNotExists) {
                    j += 3;
                }
                ColumnDef c = ColumnDef.parse(s, j, end);
                if (c == null) {
                    return true;
                }
                if (mode == TransactionMode.NONE && !ifNotExists) {
                    report(
                            Rule.PREFER_ROBUST_STMTS,
                            s,
                            a,
                            "ADD COLUMN " + c.name + " without IF NOT EXISTS fails when run again after an"
                                    + " interrupted run.",
                            "ADD COLUMN IF NOT EXISTS " + c.name);
                }
                columnTypes(c, c.primaryKey);
                if (existing) {
                    addColumn(s, a, c, t);
                }
                return true;
            }
            case "alter" -> {
                int j = s.is(a + 1, "column") ? a + 2 : a + 1;
                Stmt.Name col = s.name(j);
                if (col == null) {
                    return true;
                }
                j = col.end();
                String column = t + "." + col.text();
                if (s.is(j, "type") || s.is(j, "set", "data", "type")) {
                    int typeStart = s.is(j, "type") ? j + 1 : j + 3;
                    int typeEnd = typeStart;
                    while (typeEnd < end && !s.is(typeEnd, "collate") && !s.is(typeEnd, "using")) {
                        typeEnd++;
                    }
                    if (existing) {
                        report(
                                Rule.CHANGING_COLUMN_TYPE,
                                s,
                                a,
                                "Changing the type of " + column + " to " + s.snippet(typeStart, typeEnd)
                                        + " rewrites the table under an ACCESS EXCLUSIVE lock unless the types are"
                                        + " binary-coercible.",
                                null);
                    }
                    int[] modifier = new int[1];
                    ColumnDef.TypeKind kind = ColumnDef.classify(s, typeStart, typeEnd, modifier);
                    if (kind == ColumnDef.TypeKind.CHAR) {
                        report(Rule.BAN_CHAR_FIELD, s, typeStart, "Column " + column + " becomes char(n).", null);
                    } else if (kind == ColumnDef.TypeKind.TIMESTAMP) {
                        report(
                                Rule.PREFER_TIMESTAMPTZ,
                                s,
                                typeStart,
                                "Column " + column + " becomes timestamp without time zone.",
                                "timestamptz");
                    } else if (kind == ColumnDef.TypeKind.VARCHAR && modifier[0] > 0) {
                        report(
                                Rule.PREFER_TEXT_FIELD,
                                s,
                                typeStart,
                                "Column " + column + " becomes " + s.snippet(typeStart, typeEnd) + ".",
                                null);
                    }
                    return true;
                }
                if (s.is(j, "set", "not", "null")) {
                    setNotNull(s, a, table, col, existing);
                    return true;
                }
                if (s.is(j, "drop", "not", "null")) {
                    if (existing) {
                        report(
                                Rule.BAN_DROP_NOT_NULL,
                                s,
                                a,
                                "Dropping NOT NULL from " + column + " lets NULLs reach clients that do not expect"
                                        + " them.",
                                null);
                    }
                    return true;
                }
                // SET STATISTICS takes SHARE UPDATE EXCLUSIVE; SET/DROP DEFAULT and the rest ACCESS EXCLUSIVE
                return !s.is(j, "set", "statistics");
            }
            case "drop" -> {
                if (s.is(a + 1, "constraint")) {
                    boolean ifExists = s.is(a + 2, "if", "exists");
                    Stmt.Name name = s.name(ifExists ? a + 4 : a + 2);
                    if (ifExists && name != null) {
                        droppedConstraintsIfExists.add(name.last());
                    }
                    if (mode == TransactionMode.NONE && !ifExists) {
                        report(
                                Rule.PREFER_ROBUST_STMTS,
                                s,
                                a,
                                "DROP CONSTRAINT without IF EXISTS fails when run again after an interrupted run.",
                                "DROP CONSTRAINT IF EXISTS");
                    }
                    return true;
                }
                int j = s.is(a + 1, "column") ? a + 2 : a + 1;
                boolean ifExists = s.is(j, "if", "exists");
                Stmt.Name col = s.name(ifExists ? j + 2 : j);
                String column = t + "." + (col == null ? "?" : col.text());
                if (existing) {
                    report(
                            Rule.BAN_DROP_COLUMN,
                            s,
                            a,
                            "Dropping column " + column + " breaks clients that still use it.",
                            null);
                }
                if (mode == TransactionMode.NONE && !ifExists) {
                    report(
                            Rule.PREFER_ROBUST_STMTS,
                            s,
                            a,
                            "DROP COLUMN without IF EXISTS fails when run again after an interrupted run.",
                            "DROP COLUMN IF EXISTS " + (col == null ? "" : col.text()));
                }
                return true;
            }
            case "validate" -> {
                Stmt.Name name = s.is(a + 1, "constraint") ? s.name(a + 2) : null;
                if (name == null) {
                    return false;
                }
                Integer addedIn = notValidAdded.get(name.last());
                if (addedIn != null && addedIn >= 0 && inTransaction && addedIn == transactionId) {
                    report(
                            Rule.CONSTRAINT_MISSING_NOT_VALID,
                            s,
                            a,
                            "VALIDATE CONSTRAINT " + name.text() + " runs in the transaction that added it NOT"
                                    + " VALID, so the ACCESS EXCLUSIVE lock of the ADD is held during the whole scan.",
                            "VALIDATE CONSTRAINT " + name.text() + " in a later script (or make this script"
                                    + " -- sem.attribute.transaction = none)");
                }
                String[] check = project.notNullChecks.get(name.last());
                if (check != null) {
                    project.validatedNotNull.add(check[0] + "." + check[1]);
                }
                return false; // SHARE UPDATE EXCLUSIVE: reads and writes go on
            }
            case "detach" -> {
                boolean concurrently = s.find(a, end, 0, "concurrently") >= 0;
                boolean finalize = s.find(a, end, 0, "finalize") >= 0;
                if (!concurrently && !finalize && existing && config.postgresVersion() >= 14) {
                    report(
                            Rule.REQUIRE_CONCURRENT_PARTITION_DETACH,
                            s,
                            a,
                            "DETACH PARTITION from " + t + " without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on"
                                    + " the partitioned table.",
                            null);
                }
                return !concurrently;
            }
            case "set" -> {
                // SET (storage parameters) and SET STATISTICS take SHARE UPDATE EXCLUSIVE; the rest more
                return !(s.type(a + 1, TokenType.LEFT_PAREN) || s.is(a + 1, "statistics"));
            }
            case "cluster" -> {
                return false;
            }
            default -> {
                return true;
            }
        }
    }

    private void addConstraint(Stmt s, int j, int end, Stmt.Name table, boolean existing) {
        String t = table.text();
        String name = null;
        if (s.is(j, "constraint")) {
            Stmt.Name n = s.name(j + 1);
            name = n == null ? null : n.last();
            j = n == null ? j + 1 : n.end();
        }
        String kind = s.kw(j);
        boolean notValid = s.find(j, end, 0, "not", "valid") >= 0;
        boolean usingIndex = s.find(j, end, 0, "using", "index") >= 0;
        String named = name == null ? "" : " " + name;
        if (mode == TransactionMode.NONE && (name == null || !droppedConstraintsIfExists.contains(name))) {
            report(
                    Rule.PREFER_ROBUST_STMTS,
                    s,
                    j,
                    "ADD CONSTRAINT" + named + " fails when run again after an interrupted run (there is no IF NOT"
                            + " EXISTS for constraints).",
                    "ALTER TABLE " + t + " DROP CONSTRAINT IF EXISTS " + (name == null ? "name" : name)
                            + " before adding it" + (name == null ? " by that name" : ""));
        }
        switch (kind) {
            case "check" -> {
                String column = notNullColumn(s, j + 1);
                if (column != null && name != null) {
                    project.notNullChecks.put(name, new String[] {table.last(), column});
                }
                if (column != null && !notValid) {
                    project.validatedNotNull.add(table.last() + "." + column);
                }
                if (notValid && name != null) {
                    notValidAdded.put(name, inTransaction ? transactionId : -1);
                }
                if (existing && !notValid) {
                    report(
                            Rule.CONSTRAINT_MISSING_NOT_VALID,
                            s,
                            j,
                            "ADD CONSTRAINT" + named + " CHECK on " + t + " without NOT VALID checks every row"
                                    + " under an ACCESS EXCLUSIVE lock.",
                            null);
                }
            }
            case "foreign" -> {
                if (notValid && name != null) {
                    notValidAdded.put(name, inTransaction ? transactionId : -1);
                }
                if (existing && !notValid) {
                    int ref = s.find(j, end, 0, "references");
                    Stmt.Name target = ref >= 0 ? s.name(ref + 1) : null;
                    report(
                            Rule.ADDING_FOREIGN_KEY_CONSTRAINT,
                            s,
                            j,
                            "ADD" + (name == null ? "" : " CONSTRAINT " + name) + " FOREIGN KEY on " + t
                                    + " without NOT VALID checks every row while blocking writes to " + t
                                    + (target == null ? "" : " and " + target.text()) + ".",
                            null);
                }
            }
            case "unique" -> {
                if (existing && !usingIndex) {
                    report(
                            Rule.DISALLOWED_UNIQUE_CONSTRAINT,
                            s,
                            j,
                            "ADD" + (name == null ? "" : " CONSTRAINT " + name) + " UNIQUE on " + t + " builds its"
                                    + " index under an ACCESS EXCLUSIVE lock.",
                            null);
                }
            }
            case "primary" -> {
                if (existing && !usingIndex) {
                    report(
                            Rule.ADDING_SERIAL_PRIMARY_KEY_FIELD,
                            s,
                            j,
                            "ADD" + (name == null ? "" : " CONSTRAINT " + name) + " PRIMARY KEY on " + t
                                    + " builds its index under an ACCESS EXCLUSIVE lock.",
                            null);
                }
            }
            default -> {}
        }
    }

    /** For {@code CHECK (col IS NOT NULL)} starting at the parenthesis {@code open}: the column, else null. */
    private static String notNullColumn(Stmt s, int open) {
        if (!s.type(open, TokenType.LEFT_PAREN)) {
            return null;
        }
        int close = s.closing(open);
        // ( col IS NOT NULL ), possibly with extra parentheses around the column
        int i = open + 1;
        while (s.type(i, TokenType.LEFT_PAREN)) {
            i++;
        }
        if (!s.isName(i)) {
            return null;
        }
        String column = s.tok(i).word();
        int j = i + 1;
        while (s.type(j, TokenType.RIGHT_PAREN) && j < close) {
            j++;
        }
        return s.is(j, "is", "not", "null") && j + 3 == close ? column : null;
    }

    private void setNotNull(Stmt s, int a, Stmt.Name table, Stmt.Name col, boolean existing) {
        if (!existing) {
            return;
        }
        String column = table.text() + "." + col.text();
        boolean pg12 = config.postgresVersion() >= 12;
        if (pg12 && project.validatedNotNull.contains(table.last() + "." + col.last())) {
            return;
        }
        report(
                Rule.ADDING_NOT_NULLABLE_FIELD,
                s,
                a,
                "SET NOT NULL on " + column + " scans the whole table under an ACCESS EXCLUSIVE lock"
                        + (pg12 ? "; no validated CHECK (" + col.text() + " IS NOT NULL) precedes it." : "."),
                pg12
                        ? "ALTER TABLE " + table.text() + " ADD CONSTRAINT " + table.last() + "_" + col.last()
                                + "_not_null CHECK (" + col.text() + " IS NOT NULL) NOT VALID; VALIDATE CONSTRAINT it"
                                + " in a later transaction; then SET NOT NULL skips the scan (and the CHECK can be"
                                + " dropped)"
                        : "before PostgreSQL 12 SET NOT NULL always scans: keep a validated CHECK (" + col.text()
                                + " IS NOT NULL) constraint (added NOT VALID, validated separately) instead");
    }

    private void addColumn(Stmt s, int a, ColumnDef c, String t) {
        String column = t + "." + c.name;
        boolean pg11 = config.postgresVersion() >= 11;
        String rewrite = " rewrites " + t + " under an ACCESS EXCLUSIVE lock.";
        if (c.serial()) {
            report(
                    Rule.ADDING_FIELD_WITH_DEFAULT,
                    s,
                    c.typeStart,
                    "Adding " + c.typeText() + " column " + column + " fills every row from a sequence (a volatile"
                            + " nextval() default), which" + rewrite,
                    "add a nullable bigint column, attach a sequence default for new rows and backfill in batches");
        } else if (c.identity) {
            report(
                    Rule.ADDING_FIELD_WITH_DEFAULT,
                    s,
                    c.nameIndex,
                    "Adding identity column " + column + " fills every row from a sequence, which" + rewrite,
                    "add the column nullable, backfill it in batches, then make it an identity column");
        } else if (c.generatedStored) {
            report(
                    Rule.ADDING_FIELD_WITH_DEFAULT,
                    s,
                    c.nameIndex,
                    "Adding stored generated column " + column + " computes a value for every row, which" + rewrite,
                    "add a plain nullable column kept up to date by a trigger, and backfill it in batches");
        } else if (c.hasNonNullDefault()) {
            String expr = s.snippet(c.defaultStart, c.defaultEnd);
            if (!pg11) {
                report(
                        Rule.ADDING_FIELD_WITH_DEFAULT,
                        s,
                        c.defaultStart,
                        "Before PostgreSQL 11, ADD COLUMN " + c.name + " with DEFAULT " + expr + rewrite,
                        null);
            } else {
                Volatility.Verdict v = Volatility.of(s, c.defaultStart, c.defaultEnd);
                if (v.kind() == Volatility.Kind.VOLATILE) {
                    report(
                            Rule.ADDING_FIELD_WITH_DEFAULT,
                            s,
                            c.defaultStart,
                            "DEFAULT " + expr + " on new column " + column + " is volatile (" + v.function()
                                    + "() gives each row its own value), so ADD COLUMN" + rewrite,
                            null);
                } else if (v.kind() == Volatility.Kind.UNKNOWN) {
                    report(
                            Rule.ADDING_FIELD_WITH_DEFAULT,
                            s,
                            c.defaultStart,
                            "DEFAULT " + expr + " on new column " + column + " calls " + v.function() + "(), which sem"
                                    + " cannot prove stable or immutable; if it is volatile, ADD COLUMN" + rewrite,
                            "add the column without the default, SET DEFAULT and backfill in batches; if "
                                    + v.function() + "() is STABLE or IMMUTABLE, mark the statement with"
                                    + " -- sem-lint-ignore: adding-field-with-default");
                }
            }
        }
        boolean valueForEveryRow = c.hasNonNullDefault() || c.identity || c.generatedStored || c.serial();
        if (c.notNull && !valueForEveryRow) {
            report(
                    Rule.ADDING_REQUIRED_FIELD,
                    s,
                    a,
                    "ADD COLUMN " + c.name + " NOT NULL without a default fails if " + t + " has rows, and breaks"
                            + " clients that insert without it.",
                    null);
        }
        if (c.primaryKey) {
            report(
                    Rule.ADDING_SERIAL_PRIMARY_KEY_FIELD,
                    s,
                    a,
                    "ADD COLUMN " + c.name + " PRIMARY KEY builds the key's index on " + t + " under an ACCESS"
                            + " EXCLUSIVE lock.",
                    null);
        } else if (c.unique) {
            report(
                    Rule.DISALLOWED_UNIQUE_CONSTRAINT,
                    s,
                    a,
                    "ADD COLUMN " + c.name + " UNIQUE builds a unique index on " + t + " under an ACCESS EXCLUSIVE"
                            + " lock.",
                    null);
        }
    }

    // --- DROP, TRUNCATE, REINDEX, VACUUM ----------------------------------------------------------------------------

    private void drop(Stmt s) {
        String what = s.kw(1);
        if (what.equals("owned")) {
            return;
        }
        int i = what.equals("materialized") || what.equals("foreign") ? 3 : 2;
        boolean concurrently = s.is(i, "concurrently");
        if (concurrently) {
            i++;
        }
        boolean ifExists = s.is(i, "if", "exists");
        if (ifExists) {
            i += 2;
        }
        List<Stmt.Name> names = new ArrayList<>();
        for (int[] r : s.split(i, s.size(), 0)) {
            Stmt.Name n = s.name(r[0]);
            if (n != null) {
                names.add(n);
            }
        }
        switch (what) {
            case "table" -> {
                boolean any = false;
                for (Stmt.Name n : names) {
                    if (existing(n)) {
                        any = true;
                        report(
                                Rule.BAN_DROP_TABLE,
                                s,
                                0,
                                "Dropping table " + n.text() + " breaks clients that still use it.",
                                null);
                    }
                    if (!n.qualified()) {
                        report(
                                Rule.REQUIRE_TABLE_SCHEMA,
                                s,
                                0,
                                "Table " + n.text() + " is not schema-qualified; it is looked up through search_path.",
                                null);
                    }
                }
                lockTaking(s, "DROP TABLE", any);
            }
            case "index" -> {
                boolean any = names.stream().anyMatch(n -> !createdIndexes.contains(n.last()));
                if (!concurrently && any) {
                    report(
                            Rule.REQUIRE_CONCURRENT_INDEX_DELETION,
                            s,
                            0,
                            "DROP INDEX without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the index's table.",
                            mode == TransactionMode.NONE
                                    ? "DROP INDEX CONCURRENTLY"
                                    : "DROP INDEX CONCURRENTLY in a script with -- sem.attribute.transaction = none");
                    lockTaking(s, "DROP INDEX", true);
                }
            }
            case "database" ->
                report(
                        Rule.BAN_DROP_DATABASE,
                        s,
                        0,
                        "DROP DATABASE " + (names.isEmpty() ? "" : names.get(0).text() + " ")
                                + "destroys the whole database.",
                        null);
            case "trigger", "rule", "policy" -> {
                int on = s.find(i, "on");
                Stmt.Name table = on >= 0 ? s.name(on + 1) : null;
                lockTaking(s, "DROP " + what.toUpperCase(Locale.ROOT), existing(table));
            }
            default -> {}
        }
        if (mode == TransactionMode.NONE && !ifExists && !what.equals("database")) {
            String object = s.snippet(1, what.equals("materialized") || what.equals("foreign") ? 3 : 2)
                    .toUpperCase(Locale.ROOT);
            report(
                    Rule.PREFER_ROBUST_STMTS,
                    s,
                    0,
                    "DROP " + object + " without IF EXISTS fails when run again after an interrupted run.",
                    "DROP " + object + (concurrently ? " CONCURRENTLY" : "") + " IF EXISTS");
        }
    }

    private void truncate(Stmt s) {
        int last = s.size() - 1;
        boolean cascade = s.find(1, "cascade") >= 0;
        if (cascade) {
            report(
                    Rule.BAN_TRUNCATE_CASCADE,
                    s,
                    last,
                    "TRUNCATE ... CASCADE also empties every table that references these through foreign keys.",
                    null);
        }
        int i = s.is(1, "table") ? 2 : 1;
        if (s.is(i, "only")) {
            i++;
        }
        boolean any = false;
        for (int[] r : s.split(i, s.size(), 0)) {
            Stmt.Name n = s.name(r[0]);
            if (n != null && existing(n)) {
                any = true;
            }
        }
        lockTaking(s, "TRUNCATE", any);
    }

    private void reindex(Stmt s) {
        int i = 1;
        boolean concurrently = false;
        if (s.type(i, TokenType.LEFT_PAREN)) {
            int close = s.closing(i);
            for (int j = i + 1; j < close; j++) {
                if (s.is(j, "concurrently") && !s.is(j + 1, "false") && !s.is(j + 1, "off")) {
                    concurrently = true;
                }
            }
            i = close + 1;
        }
        String target = s.kw(i);
        if (s.is(i + 1, "concurrently")) {
            concurrently = true;
            i++;
        }
        if (target.equals("system")) {
            return;
        }
        Stmt.Name name = s.name(i + 1);
        boolean existing = !(target.equals("table") && name != null && createdTables.contains(name.last()))
                && !(target.equals("index") && name != null && createdIndexes.contains(name.last()));
        if (!concurrently && existing && config.postgresVersion() >= 12) {
            report(
                    Rule.REQUIRE_CONCURRENT_REINDEX,
                    s,
                    0,
                    "REINDEX " + target.toUpperCase(Locale.ROOT) + (name == null ? "" : " " + name.text())
                            + " without CONCURRENTLY blocks writes for the whole rebuild.",
                    mode == TransactionMode.NONE
                            ? "REINDEX " + target.toUpperCase(Locale.ROOT) + " CONCURRENTLY"
                            : null);
        }
        if (!concurrently) {
            lockTaking(s, "REINDEX", existing);
        }
    }

    private void vacuum(Stmt s) {
        boolean full = s.is(1, "full");
        if (s.type(1, TokenType.LEFT_PAREN)) {
            int close = s.closing(1);
            for (int j = 2; j < close; j++) {
                if (s.is(j, "full") && !s.is(j + 1, "false") && !s.is(j + 1, "off") && !s.text(j + 1, "0")) {
                    full = true;
                }
            }
        }
        if (full) {
            report(Rule.PREFER_REPACK, s, 0, "VACUUM FULL rewrites the table under an ACCESS EXCLUSIVE lock.", null);
            lockTaking(s, "VACUUM FULL", true);
        }
    }

    // --- INSERT and UPDATE ------------------------------------------------------------------------------------------

    private void duplicateAssignments(Stmt s) {
        int start = 0;
        if (s.is(0, "with")) {
            start = -1;
            for (int i = 1; i < s.size(); i++) {
                if (s.tok(i).depth() == 0 && (s.is(i, "insert") || s.is(i, "update"))) {
                    start = i;
                    break;
                }
            }
            if (start < 0) {
                return;
            }
        }
        if (s.is(start, "insert")) {
            int i = s.is(start + 1, "into") ? start + 2 : start + 1;
            Stmt.Name table = s.name(i);
            if (table == null) {
                return;
            }
            i = table.end();
            if (s.is(i, "as")) {
                i += 2;
            }
            if (s.type(i, TokenType.LEFT_PAREN)
                    && !s.is(i + 1, "select")
                    && !s.is(i + 1, "values")
                    && !s.is(i + 1, "with")) {
                List<Integer> columns = new ArrayList<>();
                for (int[] r : s.split(i + 1, s.closing(i), s.tok(i).depth() + 1)) {
                    columns.add(r[0]);
                }
                duplicates(s, columns, "INSERT INTO " + table.text());
            }
            int set = s.find(i, "do", "update", "set");
            if (set >= 0) {
                setList(s, set + 3, "ON CONFLICT DO UPDATE");
            }
        } else if (s.is(start, "update")) {
            int set = s.find(start + 1, "set");
            if (set >= 0) {
                Stmt.Name table = s.name(s.is(start + 1, "only") ? start + 2 : start + 1);
                setList(s, set + 1, "UPDATE " + (table == null ? "" : table.text()));
            }
        }
    }

    private void setList(Stmt s, int from, String what) {
        int end = s.size();
        for (String stop : List.of("from", "where", "returning")) {
            int at = s.find(from, stop);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        List<Integer> columns = new ArrayList<>();
        for (int[] r : s.split(from, end, 0)) {
            if (s.type(r[0], TokenType.LEFT_PAREN)) {
                for (int[] c : s.split(r[0] + 1, s.closing(r[0]), 1)) {
                    columns.add(c[0]);
                }
            } else {
                columns.add(r[0]);
            }
        }
        duplicates(s, columns, what);
    }

    private void duplicates(Stmt s, List<Integer> columns, String what) {
        Set<String> seen = new HashSet<>();
        Set<String> reported = new LinkedHashSet<>();
        for (int i : columns) {
            if (!s.isName(i)) {
                continue;
            }
            // col, col.field and col[1] all assign col; only whole-column assignments collide for sure
            boolean whole = !s.text(i + 1, ".") && !s.text(i + 1, "[");
            String name = s.tok(i).word();
            if (whole && !seen.add(name) && reported.add(name)) {
                report(
                        Rule.BAN_DUPLICATE_COLUMN_ASSIGNMENTS,
                        s,
                        i,
                        what + " assigns column " + name + " more than once.",
                        null);
            }
        }
    }

    // --- identifiers ------------------------------------------------------------------------------------------------

    private void identifiers(Stmt s) {
        String first = s.kw(0);
        if (!first.equals("create") && !first.equals("alter")) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < s.size(); i++) {
            if (!(s.type(i, TokenType.IDENTIFIER) || s.type(i, TokenType.QUOTED_IDENTIFIER))) {
                continue;
            }
            String name = s.tok(i).word();
            int bytes = name.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > 63 && seen.add(name)) {
                report(
                        Rule.IDENTIFIER_TOO_LONG,
                        s,
                        i,
                        "Identifier " + s.tok(i).text() + " is " + bytes + " bytes; PostgreSQL truncates it to 63.",
                        null);
            }
        }
    }

    private static String literal(String quoted) {
        int open = quoted.indexOf('\'');
        if (open < 0 || quoted.length() < open + 2) {
            return quoted;
        }
        return quoted.substring(open + 1, quoted.length() - 1).replace("''", "'");
    }
}
