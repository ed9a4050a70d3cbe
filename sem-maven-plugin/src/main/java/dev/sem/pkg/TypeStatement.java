package dev.sem.pkg;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.sem.sql.SqlLexer;
import dev.sem.sql.Token;
import dev.sem.sql.TokenType;

/**
 * One statement of a types folder, read from its tokens (pgpm spec §9 "Ours"): whether it is a DROP, a {@code CREATE
 * TYPE}/{@code CREATE DOMAIN} (with the name it creates and the names it references in type positions) or anything
 * else.
 *
 * <p>Type positions: the attribute types of a composite type (arrays included), the {@code SUBTYPE} of a range, the
 * {@code ELEMENT} and {@code LIKE} of a base type, the base type of a domain, and the target of every cast
 * ({@code ::t}, {@code CAST(x AS t)}) in a domain's constraints and default. Attribute names, comments, string
 * literals and any other word never count (defect 29).
 */
final class TypeStatement {

    /** What a statement is. */
    enum Kind {
        DROP,
        CREATE_TYPE,
        OTHER_CREATE,
        OTHER
    }

    /**
     * A possibly schema-qualified name with PostgreSQL's folding applied (unquoted identifiers to lower case).
     *
     * @param schema the folded schema, or null when unqualified
     * @param name the folded name
     * @param display the name as written
     */
    record Name(String schema, String name, String display) {}

    final Kind kind;
    /** For a CREATE: {@code CREATE} and the word after it (after {@code OR REPLACE}), such as {@code CREATE FUNCTION}. */
    String created = "CREATE";
    /** The names a CREATE TYPE/DOMAIN creates: its own, and a range's explicit multirange name. */
    final List<Name> creates = new ArrayList<>();
    /** The names referenced in type positions. */
    final List<Name> references = new ArrayList<>();

    private final List<Token> tokens;
    private int pos;

    private TypeStatement(List<Token> tokens, boolean classify) {
        this.tokens = tokens;
        kind = classify ? classify() : Kind.OTHER;
    }

    /** Reads one statement's SQL. */
    static TypeStatement of(String sql) {
        return new TypeStatement(significant(sql), true);
    }

    /**
     * Parses a comma-separated list of (qualified) names, such as the list of a {@code -- requires:} comment.
     *
     * @return the names, or null when the list is not names separated by commas
     */
    static List<Name> names(String list) {
        TypeStatement s = new TypeStatement(significant(list), false);
        List<Name> names = new ArrayList<>();
        while (s.pos < s.tokens.size()) {
            Name n = s.qualifiedName();
            if (n == null || (s.pos < s.tokens.size() && !s.isPunct(","))) {
                return null;
            }
            names.add(n);
            s.pos++;
        }
        return names.isEmpty() ? null : names;
    }

    private static List<Token> significant(String sql) {
        return SqlLexer.tokenize(sql).stream()
                .filter(t -> t.type() != TokenType.WHITESPACE
                        && t.type() != TokenType.LINE_COMMENT
                        && t.type() != TokenType.BLOCK_COMMENT)
                .toList();
    }

    private Kind classify() {
        if (isWord("DROP")) {
            return Kind.DROP;
        }
        if (!isWord("CREATE")) {
            return Kind.OTHER;
        }
        pos++;
        if (isWord("OR") && isWordAt(pos + 1, "REPLACE")) {
            pos += 2;
        }
        created = "CREATE " + word();
        if (isWord("TYPE")) {
            pos++;
            createType();
            return creates.isEmpty() ? Kind.OTHER_CREATE : Kind.CREATE_TYPE;
        }
        if (isWord("DOMAIN")) {
            pos++;
            createDomain();
            return creates.isEmpty() ? Kind.OTHER_CREATE : Kind.CREATE_TYPE;
        }
        return Kind.OTHER_CREATE;
    }

    private void createType() {
        Name name = qualifiedName();
        if (name == null) {
            return;
        }
        creates.add(name);
        if (isWord("AS")) {
            pos++;
            if (isWord("RANGE")) {
                pos++;
                options(name);
                if (creates.size() == 1) {
                    creates.add(defaultMultirange(name));
                }
            } else if (isType(TokenType.LEFT_PAREN)) {
                attributes();
            }
        } else if (isType(TokenType.LEFT_PAREN)) {
            options(name);
        }
    }

    /**
     * PostgreSQL's name for the multirange type of a range created without {@code MULTIRANGE_TYPE_NAME}: {@code multi}
     * inserted before the first {@code range} of the name, otherwise {@code _multirange} appended.
     */
    private static Name defaultMultirange(Name range) {
        int at = range.name().indexOf("range");
        String name = at >= 0
                ? range.name().substring(0, at) + "multi" + range.name().substring(at)
                : range.name() + "_multirange";
        return new Name(range.schema(), name, name);
    }

    /** {@code ( attr type [COLLATE c], ... )}: the first name after each attribute name is its type. */
    private void attributes() {
        pos++;
        while (pos < tokens.size() && !isType(TokenType.RIGHT_PAREN)) {
            pos++; // the attribute name
            addReference(qualifiedName());
            skipToTopLevelComma();
        }
    }

    /** {@code ( KEY = value, ... )} of a range or base type. */
    private void options(Name type) {
        pos++;
        while (pos < tokens.size() && !isType(TokenType.RIGHT_PAREN)) {
            String key = word();
            pos++;
            if (isType(TokenType.OPERATOR) && current().text().equals("=")) {
                pos++;
                if (key.equals("SUBTYPE") || key.equals("ELEMENT") || key.equals("LIKE")) {
                    addReference(qualifiedName());
                } else if (key.equals("MULTIRANGE_TYPE_NAME")) {
                    Name multirange = qualifiedName();
                    if (multirange != null) {
                        creates.add(
                                multirange.schema() == null && type.schema() != null
                                        ? new Name(type.schema(), multirange.name(), multirange.display())
                                        : multirange);
                    }
                }
            }
            skipToTopLevelComma();
        }
    }

    private void createDomain() {
        Name name = qualifiedName();
        if (name == null) {
            return;
        }
        creates.add(name);
        if (isWord("AS")) {
            pos++;
        }
        addReference(qualifiedName());
        while (pos < tokens.size()) {
            if (isPunct("::")) {
                pos++;
                addReference(qualifiedName());
            } else if (isWord("CAST") && isTypeAt(pos + 1, TokenType.LEFT_PAREN)) {
                pos += 2;
                int depth = 1;
                while (pos < tokens.size() && depth > 0) {
                    if (isType(TokenType.LEFT_PAREN)) {
                        depth++;
                    } else if (isType(TokenType.RIGHT_PAREN)) {
                        depth--;
                    } else if (depth == 1 && isWord("AS")) {
                        pos++;
                        addReference(qualifiedName());
                        continue;
                    }
                    pos++;
                }
            } else {
                pos++;
            }
        }
    }

    /** Moves past the next comma at this parenthesis level, or onto the closing parenthesis. */
    private void skipToTopLevelComma() {
        int depth = 0;
        while (pos < tokens.size()) {
            if (isType(TokenType.LEFT_PAREN)) {
                depth++;
            } else if (isType(TokenType.RIGHT_PAREN)) {
                if (depth == 0) {
                    return;
                }
                depth--;
            } else if (depth == 0 && isPunct(",")) {
                pos++;
                return;
            }
            pos++;
        }
    }

    private void addReference(Name name) {
        if (name != null) {
            references.add(name);
        }
    }

    /** Reads {@code ident[.ident]}; null when the current token is no identifier. */
    private Name qualifiedName() {
        List<String> parts = new ArrayList<>();
        StringBuilder display = new StringBuilder();
        while (pos < tokens.size() && isIdentifier(current())) {
            parts.add(fold(current()));
            display.append(current().text());
            pos++;
            if (isPunct(".") && pos + 1 < tokens.size() && isIdentifier(tokens.get(pos + 1))) {
                display.append('.');
                pos++;
            } else {
                break;
            }
        }
        if (parts.isEmpty()) {
            return null;
        }
        String name = parts.get(parts.size() - 1);
        String schema = parts.size() >= 2 ? parts.get(parts.size() - 2) : null;
        return new Name(schema, name, display.toString());
    }

    private static boolean isIdentifier(Token t) {
        return t.type() == TokenType.IDENTIFIER || t.type() == TokenType.QUOTED_IDENTIFIER;
    }

    /** PostgreSQL's folding: unquoted identifiers lower-cased (ASCII only), quoted ones taken as written. */
    static String fold(Token t) {
        String text = t.text();
        if (t.type() == TokenType.QUOTED_IDENTIFIER) {
            int open = text.indexOf('"');
            return text.substring(open + 1, text.length() - 1).replace("\"\"", "\"");
        }
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            sb.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        }
        return sb.toString();
    }

    private Token current() {
        return tokens.get(pos);
    }

    private String word() {
        return pos < tokens.size() && current().type() == TokenType.IDENTIFIER
                ? current().text().toUpperCase(Locale.ROOT)
                : "";
    }

    private boolean isWord(String keyword) {
        return isWordAt(pos, keyword);
    }

    private boolean isWordAt(int at, String keyword) {
        return at < tokens.size()
                && tokens.get(at).type() == TokenType.IDENTIFIER
                && tokens.get(at).text().equalsIgnoreCase(keyword);
    }

    private boolean isType(TokenType type) {
        return isTypeAt(pos, type);
    }

    private boolean isTypeAt(int at, TokenType type) {
        return at < tokens.size() && tokens.get(at).type() == type;
    }

    private boolean isPunct(String text) {
        return pos < tokens.size()
                && tokens.get(pos).type() == TokenType.PUNCTUATION
                && tokens.get(pos).text().equals(text);
    }
}
