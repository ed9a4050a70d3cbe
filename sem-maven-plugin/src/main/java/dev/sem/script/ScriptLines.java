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
    private final byte[] buffer = new byte[1 << 16];
    private int pos;
    private int limit;
    private byte[] line = new byte[1 << 12];
    private CharBuffer chars = CharBuffer.allocate(1 << 12);
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
        int length = 0;
        while (true) {
            if (pos == limit && !fill()) {
                break;
            }
            int end = pos;
            while (end < limit && buffer[end] != '\n') {
                end++;
            }
            boolean complete = end < limit;
            if (complete) {
                end++;
            }
            int n = end - pos;
            if (length + n > line.length) {
                line = Arrays.copyOf(line, Math.max(line.length * 2, length + n));
            }
            System.arraycopy(buffer, pos, line, length, n);
            length += n;
            pos = end;
            if (complete) {
                break;
            }
        }
        if (length == 0) {
            return null;
        }
        long start = position;
        position += length;
        lineNumber++;
        return decode(start, length);
    }

    private CharSequence decode(long start, int length) {
        int capacity = (int) Math.ceil(length * (double) decoder.maxCharsPerByte()) + 1;
        if (chars.capacity() < capacity) {
            chars = CharBuffer.allocate(Math.max(capacity, chars.capacity() * 2));
        }
        chars.clear();
        decoder.reset();
        ByteBuffer bytes = ByteBuffer.wrap(line, 0, length);
        CoderResult result = decoder.decode(bytes, chars, true);
        if (result.isUnderflow()) {
            result = decoder.flush(chars);
        }
        if (result.isError()) {
            throw new SemException(ScriptText.invalidMessage(display, charset, start + bytes.position()));
        }
        chars.flip();
        if (lineNumber == 1 && chars.hasRemaining() && chars.charAt(0) == '\uFEFF') {
            chars.position(1);
        }
        if (refuseNul) {
            for (int i = chars.position(); i < chars.limit(); i++) {
                if (chars.get(i) == '\0') {
                    throw new SemException("File[" + display + "] " + ScriptText.nulOnLine(lineNumber));
                }
            }
        }
        return chars;
    }

    private boolean fill() {
        try {
            int n = in.read(buffer);
            if (n <= 0) {
                return false;
            }
            pos = 0;
            limit = n;
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
