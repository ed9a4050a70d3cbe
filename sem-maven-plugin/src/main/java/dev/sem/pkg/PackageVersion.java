package dev.sem.pkg;

import java.util.Comparator;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A package version as written in the descriptor ({@code 01_09_00}, {@code 1_9_0_rc1}) with its numbers.
 *
 * <p>The text is kept exactly as written, because pgpm put it into schema names ({@code name_01_09_00}); the numbers
 * order versions. A version without a pre-release is higher than the same numbers with one ({@code 1_0_0} &gt;
 * {@code 1_0_0_rc1}); pre-releases of the same numbers compare as strings.
 *
 * @param major the first number
 * @param minor the second number
 * @param patch the third number
 * @param pre the pre-release tail without its underscore ({@code rc1}), or null
 * @param text the version exactly as written
 */
public record PackageVersion(int major, int minor, int patch, String pre, String text)
        implements Comparable<PackageVersion> {

    private static final Pattern UNDERSCORED =
            Pattern.compile("(\\d{1,9})_(\\d{1,9})_(\\d{1,9})(?:_([a-z][a-z0-9]*))?");
    private static final Pattern DOTTED = Pattern.compile("(\\d{1,9})\\.(\\d{1,9})\\.(\\d{1,9})(?:-([a-z][a-z0-9]*))?");

    private static final Comparator<PackageVersion> ORDER = Comparator.comparingInt(PackageVersion::major)
            .thenComparingInt(PackageVersion::minor)
            .thenComparingInt(PackageVersion::patch)
            .thenComparing(PackageVersion::pre, Comparator.nullsLast(Comparator.naturalOrder()));

    public PackageVersion {
        Objects.requireNonNull(text, "text");
        if (major < 0 || minor < 0 || patch < 0) {
            throw new IllegalArgumentException("negative version number in " + text);
        }
    }

    /** A version without pre-release, written {@code M_m_p}. */
    public static PackageVersion of(int major, int minor, int patch) {
        return new PackageVersion(major, minor, patch, null, major + "_" + minor + "_" + patch);
    }

    /**
     * Parses {@code M_m_p} or {@code M_m_p_pre} (a lower-case letter, then digits and lower-case letters, in the tail: a digit-only tail would
     * read as a moderate-mode revision schema {@code <schema>_<N>}); dotted SemVer
     * {@code M.m.p} or {@code M.m.p-pre} is accepted and written with underscores.
     *
     * @throws PackageException naming the expected form when the text is neither
     */
    public static PackageVersion parse(String text) {
        if (text != null) {
            Matcher m = UNDERSCORED.matcher(text);
            if (m.matches()) {
                return fromGroups(m, text);
            }
            m = DOTTED.matcher(text);
            if (m.matches()) {
                return fromGroups(m, text.replace('.', '_').replace('-', '_'));
            }
        }
        throw new PackageException("Invalid version '" + text
                + "': write MAJOR_MINOR_PATCH with an optional tail that starts with a lower-case letter, such as"
                + " 01_09_00 or 1_2_0_rc1"
                + " (1.2.0 is accepted too)");
    }

    private static PackageVersion fromGroups(Matcher m, String text) {
        return new PackageVersion(
                Integer.parseInt(m.group(1)),
                Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)),
                m.group(4),
                text);
    }

    /** Whether both versions have the same numbers and pre-release, whatever the spelling. */
    public boolean sameNumbers(PackageVersion other) {
        return ORDER.compare(this, other) == 0;
    }

    /** {@code M.m.p} or {@code M.m.p-pre}, for messages. */
    public String display() {
        return major + "." + minor + "." + patch + (pre == null ? "" : "-" + pre);
    }

    @Override
    public int compareTo(PackageVersion other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return text;
    }
}
