package dev.sem.sql;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The data of a {@code COPY ... FROM STDIN} block that stays in the script file ({@link CopyElision}): bytes {@code
 * [start, end)} of {@code file}, in {@code charset}, each line ending with its line feed; {@code stamp} is the file as
 * it was loaded.
 */
public record CopyFile(Path file, long start, long end, Charset charset, FileStamp stamp) {

    /**
     * The data, read from the file as it is consumed.
     *
     * @throws dev.sem.SemException when the file is no longer as it was loaded
     */
    public InputStream open() throws IOException {
        stamp.check(file);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        return new InputStream() {
            private long position = start;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                long left = end - position;
                if (left <= 0) {
                    return -1;
                }
                int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, left)), position);
                if (n < 0) {
                    throw new IOException(
                            file + " is shorter than when it was read: it changed while sem was using it");
                }
                position += n;
                return n;
            }

            @Override
            public void close() throws IOException {
                channel.close();
            }
        };
    }
}
