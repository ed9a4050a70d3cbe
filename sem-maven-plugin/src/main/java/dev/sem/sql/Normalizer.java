package dev.sem.sql;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
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
        return pieces(text, null).compute();
    }

    /**
     * The checksum of the whole file of {@code elided}, equal to {@link #normalizedSha256(String)} of its text, ready to
     * be computed: the skeleton is lexed now, the data of the blocks is read from the file by {@link
     * Pending#compute()}.
     *
     * @throws Elided.Mismatch when the tokens of the skeleton do not hold the blocks where they were found
     */
    public static Pending prepare(Elided elided) {
        return pieces(elided.skeleton(), elided);
    }

    /** The normalized token stream of {@code text}: text, and the data of {@code elided}'s blocks (if any) in place. */
    private static Pending pieces(String text, Elided elided) {
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        int skipped = body.length() < text.length() ? 1 : 0;
        List<Elided.Block> blocks = elided == null ? List.of() : elided.blocks();
        List<Object> pieces = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        int block = 0;
        boolean first = true;
        for (Token token : SqlLexer.tokenize(body)) {
            String normalized = normalize(token);
            if (normalized == null) {
                continue;
            }
            if (!first) {
                pending.append(' ');
            }
            first = false;
            if (token.type() != TokenType.COPY_DATA || elided == null) {
                pending.append(normalized);
                continue;
            }
            // One token holds the data of every COPY that ended on one line: the blocks and their \. lines.
            int at = token.offset() + skipped;
            if (block >= blocks.size() || blocks.get(block).skeletonOffset() != at) {
                throw new Elided.Mismatch("a COPY data block is not where the line reader found it");
            }
            int end = at + normalized.length();
            int cursor = at;
            while (block < blocks.size() && blocks.get(block).skeletonOffset() < end) {
                Elided.Block b = blocks.get(block++);
                pending.append(text, cursor, b.skeletonOffset());
                pieces.add(pending.toString());
                pending.setLength(0);
                pieces.add(elided.data(b));
                cursor = b.skeletonOffset();
            }
            pending.append(text, cursor, end);
        }
        if (block != blocks.size()) {
            throw new Elided.Mismatch("the tokens hold " + block + " of " + blocks.size() + " COPY data blocks");
        }
        pieces.add(pending.toString());
        return new Pending(pieces);
    }

    /** A checksum whose skeleton is lexed and whose COPY data is still in the file. */
    public static final class Pending {
        private final List<Object> pieces;

        private Pending(List<Object> pieces) {
            this.pieces = List.copyOf(pieces);
        }

        /**
         * Reads the data and computes the checksum.
         *
         * @throws UncheckedIOException when the file cannot be read
         */
        public String compute() {
            MessageDigest digest = sha256();
            for (Object piece : pieces) {
                if (piece instanceof CopyFile data) {
                    feed(digest, data);
                } else {
                    digest.update(((String) piece).getBytes(StandardCharsets.UTF_8));
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }

    /** Adds the data of a block, as UTF-8, to {@code digest}. */
    private static void feed(MessageDigest digest, CopyFile data) {
        try {
            data.transferUtf8(new DigestOutputStream(OutputStream.nullOutputStream(), digest));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
