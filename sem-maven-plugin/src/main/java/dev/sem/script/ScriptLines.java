package dev.sem.script;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import dev.sem.SemException;
import dev.sem.sql.CopyElision;

/**
 * The lines of a script file, decoded strictly as {@link ScriptText} decodes a whole file (same errors, a leading byte
 * order mark dropped), read as a stream: only the current line is held. Only for encodings in which a line feed is
 * the byte 0x0A and no other character contains that byte ({@link #canStream(Charset)}), so that splitting the bytes
 * at line feeds and decoding each line is the same as decoding the file.
 */
final class ScriptLines implements CopyElision.LineSource, Closeable {

    private final String display;
    private final Charset charset;
    private final boolean refuseNul;
    private final InputStream in;
    private final CharsetDecoder decoder;
    private byte[] buffer = new byte[1 << 16];
    private int pos;
    private int limit;
    private CharBuffer chars = CharBuffer.allocate(1 << 16);
    private long position;
    private int lineNumber;
    /** The first line with a NUL, reported by {@link #finish()}: an invalid byte further on is reported first. */
    private int firstNul;

    /**
     * @param refuseNul a NUL character is an error (as in {@link ScriptText#decode(String, byte[], Charset)}); when
     *     {@code false} it is kept (as for the checksum of a script applied already)
     */
    ScriptLines(String display, Path file, Charset charset, boolean refuseNul) {
        this.display = display;
        this.charset = charset;
        this.refuseNul = refuseNul;
        this.decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            this.in = Files.newInputStream(file);
        } catch (IOException e) {
            throw SemException.environment("Could not read File[" + file + "]: " + e, e);
        }
    }

    /**
     * Whether files in {@code charset} can be read line by line: a line feed is the single byte 0x0A, which no other
     * character uses (UTF-8 and the single-byte encodings that extend ASCII).
     */
    static boolean canStream(Charset charset) {
        if (!charset.canEncode()
                || !Arrays.equals("\n".getBytes(charset), new byte[] {0x0A})
                || !Arrays.equals("\\.".getBytes(charset), new byte[] {0x5C, 0x2E})) {
            return false;
        }
        return charset.name().equals("UTF-8") || charset.newEncoder().maxBytesPerChar() == 1.0f;
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public CharSequence next() {
        int nl = lineEnd(pos);
        while (nl < 0) {
            if (!fill()) {
                if (pos == limit) {
                    return null;
                }
                nl = limit - 1; // the last line, without a line feed
                break;
            }
            nl = lineEnd(pos);
        }
        int length = nl + 1 - pos;
        long start = position;
        CharSequence line = decode(start, pos, length);
        pos += length;
        position += length;
        return line;
    }

    @Override
    public long skipCopyData() {
        long skipped = 0;
        boolean eof = false;
        while (true) {
            // One pass over the buffer: count lines, look for a NUL or a byte outside ASCII, and stop at a line that
            // is \. alone. A line start too close to the end of the buffer to tell is left for the next fill.
            int p = pos;
            int lines = 0;
            boolean ascii = true;
            int nul = -1;
            boolean stop = false;
            int lineStart = pos;
            byte[] b = buffer;
            int lim = limit;
            while (lineStart + 3 <= lim || eof) {
                if (isEndLine(lineStart, eof)) {
                    stop = true;
                    break;
                }
                int i = lineStart;
                while (i < lim) {
                    byte c = b[i];
                    if (c == '\n') {
                        break;
                    }
                    if (c <= 0) {
                        if (c == 0 && nul < 0) {
                            nul = lines;
                        }
                        ascii = ascii && c == 0;
                    }
                    i++;
                }
                if (i == lim) {
                    break; // the line is not complete in the buffer
                }
                lines++;
                lineStart = i + 1;
                p = lineStart;
            }
            if (nul >= 0 && firstNul == 0) {
                firstNul = lineNumber + nul + 1;
            }
            validate(pos, p, ascii);
            lineNumber += lines;
            position += p - pos;
            pos = p;
            skipped += lines;
            if (stop) {
                return skipped;
            }
            if (eof) {
                if (pos < limit) {
                    next(); // the last line, without a line feed: checked as any line
                }
                return -1;
            }
            eof = !fill();
        }
    }

    /** The index of the line feed that ends the line starting at {@code from} in the buffer, or -1. */
    private int lineEnd(int from) {
        for (int i = from; i < limit; i++) {
            if (buffer[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /**
     * Whether the line starting at {@code from} in the buffer is {@code \.} alone; at least 3 bytes must follow
     * {@code from} unless the file ends.
     */
    private boolean isEndLine(int from, boolean eof) {
        int n = limit - from;
        if (n < 2 || buffer[from] != '\\' || buffer[from + 1] != '.') {
            return false;
        }
        if (n == 2) {
            return eof;
        }
        byte c = buffer[from + 2];
        if (c == '\n') {
            return true;
        }
        if (c != '\r') {
            return false;
        }
        return n == 3 ? eof : buffer[from + 3] == '\n';
    }

    /** Checks bytes {@code [from, to)} of the buffer, whole lines, as decoding them would. */
    private void validate(int from, int to, boolean ascii) {
        if (ascii || from == to) {
            return;
        }
        decoder.reset();
        ByteBuffer bytes = ByteBuffer.wrap(buffer, from, to - from);
        while (true) {
            chars.clear();
            CoderResult result = decoder.decode(bytes, chars, true);
            if (result.isError()) {
                throw invalid(position + (bytes.position() - from));
            }
            if (result.isUnderflow()) {
                return;
            }
        }
    }

    private CharSequence decode(long start, int from, int length) {
        int capacity = (int) Math.ceil(length * (double) decoder.maxCharsPerByte()) + 1;
        if (chars.capacity() < capacity) {
            chars = CharBuffer.allocate(Math.max(capacity, chars.capacity() * 2));
        }
        lineNumber++;
        chars.clear();
        decoder.reset();
        ByteBuffer bytes = ByteBuffer.wrap(buffer, from, length);
        CoderResult result = decoder.decode(bytes, chars, true);
        if (result.isUnderflow()) {
            result = decoder.flush(chars);
        }
        if (result.isError()) {
            throw invalid(start + (bytes.position() - from));
        }
        chars.flip();
        if (lineNumber == 1 && chars.hasRemaining() && chars.charAt(0) == '\uFEFF') {
            chars.position(1);
        }
        if (refuseNul && firstNul == 0) {
            for (int i = chars.position(); i < chars.limit(); i++) {
                if (chars.get(i) == '\0') {
                    firstNul = lineNumber;
                    break;
                }
            }
        }
        return chars;
    }

    private SemException invalid(long offset) {
        return new SemException(ScriptText.invalidMessage(display, charset, offset));
    }

    /**
     * After the whole file was read: as decoding the file whole would, a NUL is an error (when refused) once no byte
     * was invalid.
     */
    void finish() {
        if (refuseNul && firstNul > 0) {
            throw new SemException("File[" + display + "] " + ScriptText.nulOnLine(firstNul));
        }
    }

    /** Reads more of the file after what is left in the buffer; {@code false} at the end of the file. */
    private boolean fill() {
        if (pos > 0) {
            System.arraycopy(buffer, pos, buffer, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        if (limit == buffer.length) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        try {
            int n = in.read(buffer, limit, buffer.length - limit);
            if (n <= 0) {
                return false;
            }
            limit += n;
            return true;
        } catch (IOException e) {
            throw SemException.environment("Could not read File[" + display + "]: " + e, e);
        }
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw SemException.environment("Could not close File[" + display + "]: " + e, e);
        }
    }
}
