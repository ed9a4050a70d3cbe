package dev.sem.lint;

import java.util.Set;

import dev.sem.sql.TokenType;

/**
 * A column definition in {@code CREATE TABLE} or {@code ALTER TABLE ... ADD COLUMN}: its name, its type and the column
 * constraints that matter to the rules.
 */
final class ColumnDef {

    /** The type families the rules care about. */
    enum TypeKind {
        SMALLINT,
        INT,
        BIGINT,
        SMALLSERIAL,
        SERIAL,
        BIGSERIAL,
        CHAR,
        VARCHAR,
        TIMESTAMP,
        OTHER
    }

    /** Words that end a column's type: the start of a column constraint. */
    private static final Set<String> CONSTRAINT_WORDS = Set.of(
            "constraint",
            "not",
            "null",
            "check",
            "default",
            "generated",
            "unique",
            "primary",
            "references",
            "collate",
            "deferrable",
            "initially",
            "compression",
            "storage");

    final Stmt s;
    final int nameIndex;
    final String name;
    final int typeStart;
    final int typeEnd;
    final TypeKind type;
    /** Whether the type has a length or precision modifier, as in {@code varchar(20)}. */
    final boolean typeModifier;

    boolean notNull;
    boolean primaryKey;
    boolean unique;
    boolean references;
    boolean identity;
    boolean generatedStored;
    /** Token range of the DEFAULT expression, or -1. */
    int defaultStart = -1;

    int defaultEnd = -1;

    private ColumnDef(Stmt s, int nameIndex, int typeStart, int typeEnd, TypeKind type, boolean typeModifier) {
        this.s = s;
        this.nameIndex = nameIndex;
        this.name = s.tok(nameIndex).word();
        this.typeStart = typeStart;
        this.typeEnd = typeEnd;
        this.type = type;
        this.typeModifier = typeModifier;
    }

    /** Parses the column definition in [from, to) (from = the column name); {@code null} when there is no name. */
    static ColumnDef parse(Stmt s, int from, int to) {
        if (!s.isName(from)) {
            return null;
        }
        int depth = s.tok(from).depth();
        int typeStart = from + 1;
        int typeEnd = typeStart;
        while (typeEnd < to && !(s.tok(typeEnd).depth() == depth && CONSTRAINT_WORDS.contains(s.kw(typeEnd)))) {
            typeEnd++;
        }
        int[] modifier = new int[1];
        TypeKind kind = classify(s, typeStart, typeEnd, modifier);
        ColumnDef c = new ColumnDef(s, from, typeStart, typeEnd, kind, modifier[0] > 0);
        for (int i = typeEnd; i < to; i++) {
            if (s.tok(i).depth() != depth) {
                continue;
            }
            if (s.is(i, "not", "null")) {
                c.notNull = true;
            } else if (s.is(i, "primary", "key")) {
                c.primaryKey = true;
            } else if (s.is(i, "unique")) {
                c.unique = true;
            } else if (s.is(i, "references")) {
                c.references = true;
            } else if (s.is(i, "generated")) {
                int as = s.find(i, to, depth, "as");
                if (as >= 0 && s.is(as + 1, "identity")) {
                    c.identity = true;
                } else if (as >= 0) {
                    // GENERATED ALWAYS AS (expr) [STORED | VIRTUAL]; STORED was the only kind before PostgreSQL 18
                    int close = s.closing(as + 1);
                    c.generatedStored = !s.is(close + 1, "virtual");
                }
            } else if (s.is(i, "default")) {
                c.defaultStart = i + 1;
                int j = i + 1;
                while (j < to && !(s.tok(j).depth() == depth && j > i + 1 && CONSTRAINT_WORDS.contains(s.kw(j)))) {
                    j++;
                }
                c.defaultEnd = j;
            }
        }
        return c;
    }

    /** Whether the column has a default other than a bare {@code NULL}. */
    boolean hasNonNullDefault() {
        return defaultStart >= 0 && !(defaultEnd == defaultStart + 1 && s.is(defaultStart, "null"));
    }

    boolean serial() {
        return type == TypeKind.SMALLSERIAL || type == TypeKind.SERIAL || type == TypeKind.BIGSERIAL;
    }

    /** The type as written, single-spaced. */
    String typeText() {
        return s.snippet(typeStart, typeEnd);
    }

    /**
     * The type family of the tokens [from, to).
     *
     * @param modifier set to 1 when the type has a parenthesized modifier
     */
    static TypeKind classify(Stmt s, int from, int to, int[] modifier) {
        if (from >= to) {
            return TypeKind.OTHER;
        }
        // skip a schema qualification: pg_catalog.int4
        int i = from;
        while (i + 2 < to && s.text(i + 1, ".")) {
            i += 2;
        }
        if (!s.type(i, TokenType.IDENTIFIER)) {
            return TypeKind.OTHER; // "char" (quoted) is the one-byte internal type, not char(n)
        }
        String w = s.kw(i);
        int next = i + 1;
        boolean varying = false;
        if (w.equals("national") && (s.is(next, "char") || s.is(next, "character"))) {
            w = "char";
            next++;
        }
        if ((w.equals("char") || w.equals("character") || w.equals("bit")) && s.is(next, "varying")) {
            varying = true;
            next++;
        }
        boolean hasModifier = next < to && s.type(next, TokenType.LEFT_PAREN);
        modifier[0] = hasModifier ? 1 : 0;
        return switch (w) {
            case "smallint", "int2" -> TypeKind.SMALLINT;
            case "int", "integer", "int4" -> TypeKind.INT;
            case "bigint", "int8" -> TypeKind.BIGINT;
            case "smallserial", "serial2" -> TypeKind.SMALLSERIAL;
            case "serial", "serial4" -> TypeKind.SERIAL;
            case "bigserial", "serial8" -> TypeKind.BIGSERIAL;
            case "char", "character", "bpchar", "nchar" -> varying ? TypeKind.VARCHAR : TypeKind.CHAR;
            case "varchar" -> TypeKind.VARCHAR;
            case "timestamp" -> {
                int after = hasModifier ? s.closing(next) + 1 : next;
                yield s.is(after, "with", "time", "zone") ? TypeKind.OTHER : TypeKind.TIMESTAMP;
            }
            default -> TypeKind.OTHER;
        };
    }
}
