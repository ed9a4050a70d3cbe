package dev.sem.sql;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The data of a {@code COPY ... FROM STDIN} block that stays in the script file ({@link CopyElision}): bytes {@code
 * [start, end)} of {@code file}, in {@code charset}, each line ending with its line feed; {@code stamp} is the file as
 * it was loaded.
 */
public record CopyFile(Path file, long start, long end, Charset charset, FileStamp stamp) {

    /**
     * Writes the data to {@code out} as UTF-8: the bytes as they are from a UTF-8 file, converted from other encodings.
     *
     * @return whether the data ends with a line feed (or is empty)
     * @throws dev.sem.SemException when the file is no longer as it was loaded
     */
    public boolean transferUtf8(OutputStream out) throws IOException {
        int last = '\n';
        try (InputStream in = open()) {
            if (charset.equals(StandardCharsets.UTF_8)) {
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    out.write(buffer, 0, n);
                    last = buffer[n - 1];
                }
                return last == '\n';
            }
            Writer utf8 = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            Reader reader = new InputStreamReader(in, charset);
            char[] buffer = new char[1 << 14];
            for (int n; (n = reader.read(buffer)) > 0; ) {
                utf8.write(buffer, 0, n);
                last = buffer[n - 1];
            }
            utf8.flush();
            return last == '\n';
        }
    }

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
