package dev.sem.git;

import java.math.BigInteger;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A release tag: {@code x.y.z} with an optional word prefix, matching {@code ^\w*\d+\.\d+\.\d+$} (for example
 * {@code 1.2.3}, {@code v1.2.3}, {@code r1.2.3}).
 *
 * <p>Ordering compares major, minor and micro numerically and ignores the prefix; equal numbers fall back to the tag
 * name so the order is total. The prefix is the shortest one that leaves the rest a version, so {@code 10.0.0} has
 * major 10. sem (Ruby)'s greedy regex would read it as prefix {@code 1}, major {@code 0} and sort {@code 10.0.0} below
 * {@code 9.0.0}; we deliberately compare the real numbers. For single-digit majors both agree.
 */
public record ReleaseTag(String name, String prefix, BigInteger major, BigInteger minor, BigInteger micro)
        implements Comparable<ReleaseTag> {

    /** The release tag pattern of sem. */
    public static final Pattern PATTERN = Pattern.compile("^\\w*\\d+\\.\\d+\\.\\d+$");

    private static final Pattern PARTS = Pattern.compile("^(\\w*?)(\\d+)\\.(\\d+)\\.(\\d+)$");

    private static final Comparator<ReleaseTag> ORDER = Comparator.comparing(ReleaseTag::major)
            .thenComparing(ReleaseTag::minor)
            .thenComparing(ReleaseTag::micro)
            .thenComparing(ReleaseTag::name);

    /** Which number {@link #next(Component)} increments. */
    public enum Component {
        MAJOR,
        MINOR,
        MICRO
    }

    /** The tag named {@code name}, or empty when it does not match {@link #PATTERN}. */
    public static Optional<ReleaseTag> parse(String name) {
        Matcher m = PARTS.matcher(name);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new ReleaseTag(
                name, m.group(1), new BigInteger(m.group(2)), new BigInteger(m.group(3)), new BigInteger(m.group(4))));
    }

    /** Whether {@code name} is a valid release tag name. */
    public static boolean isReleaseTag(String name) {
        return PATTERN.matcher(name).matches();
    }

    /** The next version keeping the prefix: micro + 1, or minor + 1 and micro 0, or major + 1 and both 0. */
    public ReleaseTag next(Component component) {
        BigInteger one = BigInteger.ONE;
        return switch (component) {
            case MICRO -> of(prefix, major, minor, micro.add(one));
            case MINOR -> of(prefix, major, minor.add(one), BigInteger.ZERO);
            case MAJOR -> of(prefix, major.add(one), BigInteger.ZERO, BigInteger.ZERO);
        };
    }

    private static ReleaseTag of(String prefix, BigInteger major, BigInteger minor, BigInteger micro) {
        return new ReleaseTag(prefix + major + "." + minor + "." + micro, prefix, major, minor, micro);
    }

    @Override
    public int compareTo(ReleaseTag other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return name;
    }
}
