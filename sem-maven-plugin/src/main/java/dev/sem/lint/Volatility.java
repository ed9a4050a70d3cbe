package dev.sem.lint;

import java.util.Set;

import dev.sem.sql.TokenType;

/**
 * Whether a default expression is volatile, read from its tokens: what decides whether {@code ADD COLUMN ... DEFAULT}
 * rewrites the table on PostgreSQL 11+. Literals, casts, operators and the SQL value keywords
 * ({@code current_timestamp}, {@code current_user}, ...) are not volatile; functions are looked up in a list of
 * well-known volatile built-ins and a list of well-known stable or immutable ones; any other function is unknown.
 */
final class Volatility {

    /** What the expression is. */
    enum Kind {
        /** Only constants, stable or immutable functions: evaluated once, no rewrite on 11+. */
        NOT_VOLATILE,
        /** Calls a function known to be volatile. */
        VOLATILE,
        /** Calls a function sem does not know. */
        UNKNOWN
    }

    /**
     * The verdict.
     *
     * @param kind what the expression is
     * @param function the first volatile (or, for {@link Kind#UNKNOWN}, unknown) function, else {@code null}
     */
    record Verdict(Kind kind, String function) {}

    /** Built-in (and common extension) functions whose pg_proc.provolatile is 'v'. */
    static final Set<String> VOLATILE = Set.of(
            "random",
            "random_normal",
            "setseed",
            "clock_timestamp",
            "timeofday",
            "gen_random_uuid",
            "uuidv4",
            "uuidv7",
            "uuid_generate_v1",
            "uuid_generate_v1mc",
            "uuid_generate_v4",
            "nextval",
            "currval",
            "lastval",
            "setval",
            "gen_random_bytes",
            "gen_salt");

    /** Well-known stable or immutable functions (pg_proc.provolatile 's' or 'i'). */
    static final Set<String> NOT_VOLATILE = Set.of(
            "now",
            "transaction_timestamp",
            "statement_timestamp",
            "current_setting",
            "current_database",
            "current_schema",
            "current_schemas",
            "to_char",
            "to_date",
            "to_timestamp",
            "to_number",
            "date_trunc",
            "date_part",
            "date_bin",
            "make_date",
            "make_time",
            "make_timestamp",
            "make_timestamptz",
            "make_interval",
            "age",
            "timezone",
            "justify_interval",
            "lower",
            "upper",
            "initcap",
            "btrim",
            "ltrim",
            "rtrim",
            "substr",
            "replace",
            "translate",
            "concat",
            "concat_ws",
            "length",
            "char_length",
            "character_length",
            "octet_length",
            "left",
            "right",
            "lpad",
            "rpad",
            "repeat",
            "reverse",
            "md5",
            "sha224",
            "sha256",
            "sha384",
            "sha512",
            "encode",
            "decode",
            "format",
            "quote_ident",
            "quote_literal",
            "abs",
            "round",
            "ceil",
            "ceiling",
            "floor",
            "trunc",
            "power",
            "sqrt",
            "mod",
            "div",
            "pi",
            "array_fill",
            "array_length",
            "cardinality",
            "string_to_array",
            "array_to_string",
            "jsonb_build_object",
            "jsonb_build_array",
            "json_build_object",
            "json_build_array",
            "to_json",
            "to_jsonb",
            "jsonb_object",
            "json_object",
            "row_to_json",
            "uuid_nil",
            "uuid_ns_dns",
            "uuid_ns_url",
            "uuid_ns_oid",
            "uuid_ns_x500",
            "uuid_generate_v3",
            "uuid_generate_v5",
            "inet",
            "host",
            "int4range",
            "int8range",
            "numrange",
            "tsrange",
            "tstzrange",
            "daterange",
            "point",
            "box",
            "circle",
            "to_tsvector",
            "to_tsquery",
            "plainto_tsquery",
            "setweight",
            // type names written as functions
            "int2",
            "int4",
            "int8",
            "float4",
            "float8",
            "numeric",
            "text",
            "varchar",
            "bool",
            "date",
            "time",
            "timestamp",
            "timestamptz",
            "interval",
            "jsonb",
            "json",
            "uuid",
            "bytea");

    /** Keywords that are followed by a parenthesis without being a function call, or are SQL's own constructs. */
    private static final Set<String> NOT_FUNCTIONS = Set.of(
            "in",
            "any",
            "all",
            "some",
            "not",
            "and",
            "or",
            "is",
            "exists",
            "values",
            "select",
            "from",
            "where",
            "then",
            "else",
            "when",
            "case",
            "as",
            "between",
            "like",
            "ilike",
            "similar",
            "distinct",
            "array",
            "row",
            "cast",
            "coalesce",
            "nullif",
            "greatest",
            "least",
            "extract",
            "position",
            "substring",
            "overlay",
            "trim",
            "collate",
            "over",
            "filter",
            "within",
            "of",
            "current_timestamp",
            "current_time",
            "localtime",
            "localtimestamp",
            "normalize",
            "treat",
            "xmlelement",
            "json_scalar");

    private Volatility() {}

    /** Classifies the tokens [from, to) of {@code s}. */
    static Verdict of(Stmt s, int from, int to) {
        String unknown = null;
        for (int i = from; i < to; i++) {
            if (!s.isName(i) || !s.type(i + 1, TokenType.LEFT_PAREN)) {
                continue;
            }
            String name = s.tok(i).word();
            if (s.type(i, TokenType.IDENTIFIER) && NOT_FUNCTIONS.contains(name) && !s.text(i - 1, ".")) {
                continue;
            }
            if (s.text(i - 1, "::") || s.is(i - 1, "as")) {
                continue; // a type with a modifier: '1'::numeric(10,2), CAST(x AS varchar(3))
            }
            if (VOLATILE.contains(name)) {
                return new Verdict(Kind.VOLATILE, name);
            }
            if (!NOT_VOLATILE.contains(name) && unknown == null) {
                unknown = name;
            }
        }
        return unknown != null ? new Verdict(Kind.UNKNOWN, unknown) : new Verdict(Kind.NOT_VOLATILE, null);
    }
}
