package dev.sem.sql;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import dev.sem.SemException;

/**
 * The size and modification time of a file when sem loaded it: a large script is read again when it is split, sent
 * and archived, and each time it must still be the file whose checksum was taken.
 *
 * @param size the size in bytes
 * @param modifiedNanos the modification time, in nanoseconds since the epoch
 */
public record FileStamp(long size, long modifiedNanos) {

    /** The stamp of {@code file} now. */
    public static FileStamp of(Path file) throws IOException {
        return new FileStamp(Files.size(file), Files.getLastModifiedTime(file).to(TimeUnit.NANOSECONDS));
    }

    /**
     * @throws SemException when {@code file} is no longer as stamped (changed, replaced or removed since sem loaded it)
     */
    public void check(Path file) {
        FileStamp now;
        try {
            now = of(file);
        } catch (IOException e) {
            throw SemException.environment("File[" + file + "] can no longer be read (" + e + "); run sem again", e);
        }
        if (!now.equals(this)) {
            throw new SemException("File[" + file + "] changed while sem was using it (size or modification time);"
                    + " leave the scripts alone while sem runs, and run it again");
        }
    }
}
