package dev.sem.sql;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A checksum of a script that ignores formatting: the SHA-256 of its token stream with a leading byte order mark
 * dropped, comments and whitespace removed, tokens separated by one space, and unquoted identifiers and keywords (and the
 * {@code E}/{@code B}/{@code X}/{@code N}/{@code U&} prefixes of literals) lower-cased. String literals, dollar-quoted
 * bodies, quoted identifiers, psql meta-commands, variable references and COPY data stay byte-exact. So reindenting,
 * CRLF versus LF line ends outside literals, comment edits and keyword case do not change the checksum; any change a
 * server could see does.
 */
public final class Normalizer {

    /** The version of the normalization; stored next to checksums so a future change can be told apart. */
    public static final int VERSION_NUMBER = 1;

    /** {@link #VERSION_NUMBER} as a label, for reports. */
    public static final String VERSION = "n" + VERSION_NUMBER;

    private Normalizer() {}

    /** The lower-case hex SHA-256 of the normalized token stream of {@code text}. */
    public static String normalizedSha256(String text) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        boolean first = true;
        for (Token token : SqlLexer.tokenize(body)) {
            String normalized = normalize(token);
            if (normalized == null) {
                continue;
            }
            if (!first) {
                digest.update((byte) ' ');
            }
            first = false;
            digest.update(normalized.getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String normalize(Token token) {
        String t = token.text();
        return switch (token.type()) {
            case WHITESPACE, LINE_COMMENT, BLOCK_COMMENT -> null;
            case IDENTIFIER -> t.toLowerCase(Locale.ROOT);
            case STRING -> lowerPrefix(t, '\'');
            case QUOTED_IDENTIFIER -> lowerPrefix(t, '"');
            default -> t;
        };
    }

    private static String lowerPrefix(String t, char quote) {
        int q = t.indexOf(quote);
        return q <= 0 ? t : t.substring(0, q).toLowerCase(Locale.ROOT) + t.substring(q);
    }
}
