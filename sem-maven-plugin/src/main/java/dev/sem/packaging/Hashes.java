package dev.sem.packaging;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 helpers shared by the manifest and the immutability checks. */
public final class Hashes {

    /** The chain value before the first script: 64 zeros. */
    public static final String CHAIN_START = "0".repeat(64);

    private Hashes() {}

    /** Lower-case hex SHA-256 of {@code bytes}. */
    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    /**
     * One step of the chained history hash: {@code sha256_hex(UTF-8(previous + name + sha256))}, where {@code +} is
     * plain string concatenation without separators, {@code previous} and {@code sha256} are 64 lower-case hex digits
     * and {@code name} is the bare file name.
     */
    public static String chain(String previous, String name, String sha256) {
        return sha256Hex((previous + name + sha256).getBytes(StandardCharsets.UTF_8));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }
}
