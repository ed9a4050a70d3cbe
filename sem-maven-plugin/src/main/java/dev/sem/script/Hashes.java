package dev.sem.script;

import java.nio.charset.StandardCharsets;

/** The chained history hash shared by the manifest and the database history. */
public final class Hashes {

    /** The chain value before the first script: 64 zeros. */
    public static final String CHAIN_START = "0".repeat(64);

    private Hashes() {}

    /**
     * One step of the chained history hash: {@code sha256_hex(UTF-8(previous + name + sha256))}, where {@code +} is
     * plain string concatenation without separators, {@code previous} and {@code sha256} are 64 lower-case hex digits
     * and {@code name} is the bare file name.
     */
    public static String chain(String previous, String name, String sha256) {
        return Sha256.hex((previous + name + sha256).getBytes(StandardCharsets.UTF_8));
    }
}
