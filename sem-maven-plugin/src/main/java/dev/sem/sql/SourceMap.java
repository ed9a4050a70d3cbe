package dev.sem.sql;

import java.util.Arrays;
import java.util.Objects;

/**
 * Maps character indexes of a statement's {@code sql} back to lines and columns of the file it came from. The text sent
 * to the server differs from the file where psql variables were substituted and where meta-commands were removed; a
 * position inside a substituted value maps to the start of the variable reference.
 *
 * <p>Lines are 1-based and counted by {@code \n} (as psql counts them; {@code \r\n} is one line end). Columns are
 * 1-based and count Unicode code points.
 */
public final class SourceMap {

    private final String text;
    private final int lineBase;
    private final int[] lineStarts;
    /** Segment i starts at sql index outStarts[i] and maps to text offset offsets[i]. */
    private final int[] outStarts;

    private final int[] offsets;
    /** Whether segment i is a verbatim copy of the text (else every index in it maps to offsets[i]). */
    private final boolean[] verbatim;
    /** The data lines left out of {@link #text}, or {@code null}. */
    private final Elided elided;

    SourceMap(String text, int lineBase, int[] lineStarts, int[] outStarts, int[] offsets, boolean[] verbatim) {
        this(text, lineBase, lineStarts, outStarts, offsets, verbatim, null);
    }

    SourceMap(
            String text,
            int lineBase,
            int[] lineStarts,
            int[] outStarts,
            int[] offsets,
            boolean[] verbatim,
            Elided elided) {
        this.elided = elided;
        this.text = text;
        this.lineBase = lineBase;
        this.lineStarts = lineStarts;
        this.outStarts = outStarts;
        this.offsets = offsets;
        this.verbatim = verbatim;
    }

    /** A map for SQL that is a verbatim copy of a file starting at column 1 of {@code line}. */
    static SourceMap verbatim(String sql, int line) {
        return new SourceMap(sql, line - 1, lineStarts(sql), new int[] {0}, new int[] {0}, new boolean[] {true});
    }

    /** The offsets at which lines start; entry 0 is 0. */
    static int[] lineStarts(String text) {
        int count = 1;
        for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
            count++;
        }
        int[] starts = new int[count];
        int k = 1;
        for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
            starts[k++] = i + 1;
        }
        return starts;
    }

    /** The 1-based line of a text offset. */
    static int lineOf(int[] lineStarts, int offset) {
        int i = Arrays.binarySearch(lineStarts, offset);
        return (i >= 0 ? i : -i - 2) + 1;
    }

    /**
     * The file line and column of a server error position.
     *
     * @param sql the statement text the position refers to
     * @param serverPosition 1-based, in characters (code points), as PostgreSQL reports it; clamped to the text
     * @return {line, column}, both 1-based
     */
    int[] lineColumn(String sql, int serverPosition) {
        int codePoints = sql.codePointCount(0, sql.length());
        int cp = Math.max(0, Math.min(serverPosition - 1, codePoints));
        int index = sql.offsetByCodePoints(0, cp);
        int seg = Arrays.binarySearch(outStarts, index);
        if (seg < 0) {
            seg = -seg - 2;
        }
        // Several segments may start at the same index (an empty one); take the last.
        while (seg + 1 < outStarts.length && outStarts[seg + 1] == index) {
            seg++;
        }
        seg = Math.max(seg, 0);
        int offset = verbatim[seg] ? offsets[seg] + (index - outStarts[seg]) : offsets[seg];
        offset = Math.min(offset, text.length());
        int line = lineOf(lineStarts, offset);
        int lineStart = lineStarts[line - 1];
        int column = text.codePointCount(lineStart, offset) + 1;
        return new int[] {line + lineBase + (elided == null ? 0 : elided.linesBefore(offset)), column};
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SourceMap m
                && lineBase == m.lineBase
                && Arrays.equals(outStarts, m.outStarts)
                && Arrays.equals(offsets, m.offsets)
                && Arrays.equals(verbatim, m.verbatim)
                && text.equals(m.text);
    }

    @Override
    public int hashCode() {
        return Objects.hash(lineBase, Arrays.hashCode(outStarts), Arrays.hashCode(offsets));
    }

    @Override
    public String toString() {
        return "SourceMap[" + outStarts.length + " segments]";
    }
}
