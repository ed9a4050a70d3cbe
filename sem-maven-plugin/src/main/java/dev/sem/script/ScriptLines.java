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
        while (true) {
            int nl = lineEnd(pos);
            if (nl < 0) {
                if (fill()) {
                    continue;
                }
                if (pos == limit) {
                    return -1;
                }
                if (endsBlock(pos, limit)) {
                    return skipped;
                }
                check(pos, limit); // the last line, without a line feed
                return -1;
            }
            // Every complete line in the buffer at once: the lines are checked as one run of bytes.
            int run = pos;
            int p = pos;
            boolean end = false;
            while (nl >= 0) {
                if (endsBlock(p, nl + 1)) {
                    end = true;
                    break;
                }
                skipped++;
                p = nl + 1;
                nl = lineEnd(p);
            }
            check(run, p);
            if (end) {
                return skipped;
            }
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

    /** Whether bytes {@code [from, to)} of the buffer are the line {@code \.} (with its line end). */
    private boolean endsBlock(int from, int to) {
        int end = to;
        if (end > from && buffer[end - 1] == '\n') {
            end--;
        }
        if (end > from && buffer[end - 1] == '\r') {
            end--;
        }
        return end - from == 2 && buffer[from] == '\\' && buffer[from + 1] == '.';
    }

    /**
     * Checks whole lines {@code [from, to)} of the buffer as decoding them would (valid in the encoding, no NUL) and
     * consumes them.
     */
    private void check(int from, int to) {
        boolean ascii = true;
        int lines = 0;
        for (int i = from; i < to; i++) {
            byte b = buffer[i];
            if (b == '\n') {
                lines++;
            } else if (b <= 0) {
                if (b == 0 && refuseNul) {
                    throw nul(lineNumber + lines + 1);
                }
                ascii = ascii && b == 0;
            }
        }
        if (!ascii) {
            decoder.reset();
            ByteBuffer bytes = ByteBuffer.wrap(buffer, from, to - from);
            while (true) {
                chars.clear();
                CoderResult result = decoder.decode(bytes, chars, true);
                if (result.isError()) {
                    throw invalid(position + (bytes.position() - from));
                }
                if (result.isUnderflow()) {
                    break;
                }
            }
        }
        lineNumber += lines;
        position += to - from;
        pos = to;
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
        if (refuseNul) {
            for (int i = chars.position(); i < chars.limit(); i++) {
                if (chars.get(i) == '\0') {
                    throw nul(lineNumber);
                }
            }
        }
        return chars;
    }

    private SemException invalid(long offset) {
        return new SemException(ScriptText.invalidMessage(display, charset, offset));
    }

    private SemException nul(int line) {
        return new SemException("File[" + display + "] " + ScriptText.nulOnLine(line));
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
