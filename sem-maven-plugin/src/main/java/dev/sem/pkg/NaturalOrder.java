package dev.sem.pkg;

import java.util.Comparator;

/**
 * Orders relative paths ({@code a/b/c.sql}) segment by segment, so the files of one directory stay together.
 *
 * <p>{@link #PATHS} is the natural order of table scripts (pgpm spec §10, defect 33): within a segment, runs of ASCII
 * digits compare as numbers ({@code 9.sql} &lt; {@code 10.sql}, {@code v2} &lt; {@code v10}) and other characters by
 * code unit; equal numbers with different zero padding ({@code 9} and {@code 009}) fall back to plain text order, so
 * the order is total and deterministic. {@link #PLAIN_PATHS} compares segments as plain text.
 */
final class NaturalOrder {

    /** Natural order of relative paths. */
    static final Comparator<String> PATHS = (a, b) -> compareBySegments(a, b, NaturalOrder::compareNatural);

    /** Plain order of relative paths, segment by segment. */
    static final Comparator<String> PLAIN_PATHS = (a, b) -> compareBySegments(a, b, String::compareTo);

    private NaturalOrder() {}

    private static int compareBySegments(String a, String b, Comparator<String> segmentOrder) {
        String[] sa = a.split("/", -1);
        String[] sb = b.split("/", -1);
        for (int i = 0; i < Math.min(sa.length, sb.length); i++) {
            int c = segmentOrder.compare(sa[i], sb[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(sa.length, sb.length);
    }

    /** Compares two strings with digit runs as numbers. */
    static int compareNatural(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (isDigit(ca) && isDigit(cb)) {
                int ei = digitsEnd(a, i);
                int ej = digitsEnd(b, j);
                int c = compareNumbers(a.substring(i, ei), b.substring(j, ej));
                if (c != 0) {
                    return c;
                }
                i = ei;
                j = ej;
            } else {
                if (ca != cb) {
                    return Character.compare(ca, cb);
                }
                i++;
                j++;
            }
        }
        int c = Integer.compare(a.length() - i, b.length() - j);
        return c != 0 ? c : a.compareTo(b);
    }

    private static int compareNumbers(String x, String y) {
        String a = stripZeros(x);
        String b = stripZeros(y);
        return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
    }

    private static String stripZeros(String digits) {
        int k = 0;
        while (k < digits.length() - 1 && digits.charAt(k) == '0') {
            k++;
        }
        return digits.substring(k);
    }

    private static int digitsEnd(String s, int from) {
        int k = from;
        while (k < s.length() && isDigit(s.charAt(k))) {
            k++;
        }
        return k;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
