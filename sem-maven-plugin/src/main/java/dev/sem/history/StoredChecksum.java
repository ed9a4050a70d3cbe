package dev.sem.history;

import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * A row of {@code schema_evolution_manager.sem_java_script_checksums}: the checksums of one applied script.
 *
 * @param filename the script's file name (the key in sem's {@code scripts} table)
 * @param sha256 SHA-256 of the file's bytes, 64 lower-case hex digits
 * @param normalizedSha256 SHA-256 of the normalized token stream, or {@code null}
 * @param normalizationVersion the normalization's version; set exactly when {@code normalizedSha256} is
 * @param chain the history chain value after this file, or {@code null}
 * @param origin how the checksum came about
 * @param artifact the artifact coordinates the script came from, or {@code null}
 * @param appliedBy who applied it (free text, for example the OS or CI user), or {@code null}
 * @param durationMs how long the script ran, or {@code null}
 * @param recordedAt when the row was written; ignored when recording (the database sets it)
 */
public record StoredChecksum(
        String filename,
        String sha256,
        String normalizedSha256,
        Integer normalizationVersion,
        String chain,
        ChecksumOrigin origin,
        String artifact,
        String appliedBy,
        Long durationMs,
        OffsetDateTime recordedAt) {

    public StoredChecksum {
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(origin, "origin");
        History.checkSha256("sha256", sha256, false);
        History.checkSha256("normalizedSha256", normalizedSha256, true);
        History.checkSha256("chain", chain, true);
        if ((normalizedSha256 == null) != (normalizationVersion == null)) {
            throw new IllegalArgumentException("normalizedSha256 and normalizationVersion go together");
        }
    }

    /** The same row with {@code durationMs} and without a recording time (the database sets it). */
    public StoredChecksum withDurationMs(long durationMs) {
        return new StoredChecksum(
                filename,
                sha256,
                normalizedSha256,
                normalizationVersion,
                chain,
                origin,
                artifact,
                appliedBy,
                durationMs,
                null);
    }
}
