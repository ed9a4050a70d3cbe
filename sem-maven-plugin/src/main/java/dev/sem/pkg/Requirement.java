package dev.sem.pkg;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A version requirement of a dependency (pgpm spec §11): {@code [op]MAJOR[_MINOR[_PATCH]]} with {@code op} one of
 * {@code = < > <= >=} and any part {@code x}/{@code X}/{@code xx} or omitted.
 *
 * <p>Every requirement is a half-open interval {@code [lower, upper)} of version numbers (either bound may be open):
 * {@code 1_2_3} and {@code =1_2_3} are {@code [1.2.3, 1.2.4)}; {@code 1_2} and {@code 1_2_x} are {@code [1.2.0,
 * 1.3.0)}; {@code >1_2_3} is {@code [1.2.4, ∞)}; an operator before a wildcard bounds the range of the wildcard
 * ({@code >1_x} = {@code >=2_0_0}, {@code <=1_x} = {@code <2_0_0}). Matching compares the numbers only; among the
 * matches the highest version wins ({@link #select}). The SQL twin of this class in the registry passes the same test
 * table.
 *
 * @param text the requirement exactly as declared
 * @param lower the inclusive lower bound as {major, minor, patch}, or null for none
 * @param upper the exclusive upper bound as {major, minor, patch}, or null for none
 */
public record Requirement(String text, int[] lower, int[] upper) {

    private static final String PART = "(x|X|xx|XX|\\d{1,9})";
    private static final Pattern GRAMMAR =
            Pattern.compile("\\s*(<=|>=|<|>|=)?\\s*(?:" + PART + "(?:_" + PART + "(?:_" + PART + ")?)?)?\\s*");

    /** The requirement that any version satisfies (an empty requirement or {@code x}). */
    public static Requirement any() {
        return new Requirement("x", null, null);
    }

    /**
     * Parses a requirement.
     *
     * @throws PackageException naming the requirement and the grammar when it is malformed ({@code >>1},
     *     {@code 1.2.3}, {@code 1_x_3}, an operator without a number, trailing text)
     */
    public static Requirement parse(String text) {
        Matcher m = text == null ? null : GRAMMAR.matcher(text);
        if (m == null || !m.matches()) {
            throw invalid(text);
        }
        String op = m.group(1) == null ? "=" : m.group(1);
        Integer[] parts = new Integer[3];
        int given = 0;
        boolean wildcard = false;
        for (int i = 0; i < 3; i++) {
            String p = m.group(2 + i);
            if (p == null) {
                break;
            }
            if (Character.isDigit(p.charAt(0))) {
                if (wildcard) {
                    throw invalid(text);
                }
                parts[i] = Integer.parseInt(p);
                given = i + 1;
            } else {
                wildcard = true;
            }
        }
        if (given == 0) {
            if (m.group(1) != null) {
                throw invalid(text);
            }
            return new Requirement(text, null, null);
        }
        int[] low = new int[3];
        for (int i = 0; i < given; i++) {
            low[i] = parts[i];
        }
        int[] high = low.clone();
        high[given - 1]++;
        for (int i = given; i < 3; i++) {
            high[i] = 0;
        }
        return switch (op) {
            case "=" -> new Requirement(text, low, high);
            case ">" -> new Requirement(text, high, null);
            case ">=" -> new Requirement(text, low, null);
            case "<" -> new Requirement(text, null, low);
            case "<=" -> new Requirement(text, null, high);
            default -> throw invalid(text);
        };
    }

    private static PackageException invalid(String text) {
        return new PackageException("Invalid version requirement '" + text
                + "': write [op]MAJOR[_MINOR[_PATCH]] with op one of = < > <= >= and x for any part,"
                + " such as >=1_2_0, 1_x or =01_09_00");
    }

    /** Whether the version's numbers lie in {@code [lower, upper)}. */
    public boolean matches(PackageVersion v) {
        int[] n = {v.major(), v.minor(), v.patch()};
        return (lower == null || compare(n, lower) >= 0) && (upper == null || compare(n, upper) < 0);
    }

    /** The highest version among {@code candidates} that matches, if any. */
    public Optional<PackageVersion> select(Collection<PackageVersion> candidates) {
        return candidates.stream().filter(this::matches).max(Comparator.naturalOrder());
    }

    private static int compare(int[] a, int[] b) {
        for (int i = 0; i < 3; i++) {
            int c = Integer.compare(a[i], b[i]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Requirement r && r.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
