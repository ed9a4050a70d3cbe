package dev.sem.fleet;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of {@code count} disjoint parts of a fleet, so that several runners (CI jobs, Kubernetes indexed jobs) share it.
 * A target's part depends only on its own identity (its unique name, else {@code host:port/dbname}): the first 8 bytes
 * of the SHA-256 of the identity, modulo {@code count}. So the parts {@code 1/n} … {@code n/n} cover every target
 * exactly once, and adding or removing a target never moves another one.
 *
 * @param index the part, from 1 to {@code count}
 * @param count the number of parts, at least 1
 */
public record Shard(int index, int count) {

    private static final Pattern TEXT = Pattern.compile("\\s*(\\d{1,9})\\s*/\\s*(\\d{1,9})\\s*");

    public Shard {
        if (count < 1 || index < 1 || index > count) {
            throw new TargetsException(invalid(index + "/" + count));
        }
    }

    /**
     * Parses {@code i/n}, such as {@code 2/3}.
     *
     * @throws TargetsException unless {@code 1 <= i <= n}
     */
    public static Shard parse(String text) {
        Matcher m = text == null ? null : TEXT.matcher(text);
        if (m == null || !m.matches()) {
            throw new TargetsException(invalid(text == null || text.isBlank() ? "(empty)" : text.strip()));
        }
        int index = Integer.parseInt(m.group(1));
        int count = Integer.parseInt(m.group(2));
        if (count < 1 || index < 1 || index > count) {
            throw new TargetsException(invalid(text.strip()));
        }
        return new Shard(index, count);
    }

    /**
     * The shard of a zero-based index, such as Kubernetes' {@code JOB_COMPLETION_INDEX} of an indexed job with
     * {@code count} completions.
     *
     * @throws TargetsException unless {@code 0 <= zeroBasedIndex < count}
     */
    public static Shard fromIndex(int zeroBasedIndex, int count) {
        if (count < 1) {
            throw new TargetsException("shard count " + count + ": use at least 1");
        }
        if (zeroBasedIndex < 0 || zeroBasedIndex >= count) {
            throw new TargetsException("shard index " + zeroBasedIndex + " of " + count
                    + " (counted from 0): use an index from 0 to " + (count - 1));
        }
        return new Shard(zeroBasedIndex + 1, count);
    }

    /** Whether {@code target} belongs to this part. */
    public boolean contains(Target target) {
        return Math.floorMod(hash(identity(target)), count) == index - 1;
    }

    /** What decides a target's part: its unique name, else {@code host:port/dbname}. */
    static String identity(Target target) {
        return target.uniqueName() != null ? target.uniqueName() : target.address();
    }

    private static long hash(String identity) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
        long h = 0;
        for (int i = 0; i < 8; i++) {
            h = (h << 8) | (digest[i] & 0xFF);
        }
        return h;
    }

    private static String invalid(String text) {
        return "shard " + text + ": use i/n with 1 <= i <= n, such as 1/3";
    }

    /** {@code i/n}. */
    @Override
    public String toString() {
        return index + "/" + count;
    }
}
