package dev.sem.script;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

import dev.sem.SemException;

/**
 * Strict decoding of script files (§6.3 E7, §11 #27) and of package files (pgpm spec §17 defect 48): invalid bytes are
 * an error naming the file and byte offset (and, for callers that word the error themselves, the byte and its line),
 * never silently replaced. A leading byte order mark is dropped. Line endings are kept as they are.
 */
public final class ScriptText {

    private static final char BOM = '\uFEFF';

    private ScriptText() {}

    /** Decodes as UTF-8. */
    public static String decode(String file, byte[] bytes) {
        return decode(file, bytes, StandardCharsets.UTF_8);
    }

    /**
     * Decodes {@code bytes} strictly.
     *
     * @param file the path used in the error message
     * @param charset the encoding; {@code null} means UTF-8
     * @throws SemException when a byte sequence is malformed or unmappable; the message gives the 0-based byte
     *     offset of the first bad byte. Also when the text holds a NUL character ({@link #nulProblem(String)})
     */
    public static String decode(String file, byte[] bytes, Charset charset) {
        String text = decodeKeepingNul(file, bytes, charset);
        String nul = nulProblem(text);
        if (nul != null) {
            throw new SemException("File[" + file + "] " + nul);
        }
        return text;
    }

    /**
     * {@link #decode(String, byte[], Charset)} without the NUL check, for the checksum of a script that was applied
     * already (sem (Ruby) ran scripts with psql, which cuts a line at a NUL).
     */
    static String decodeKeepingNul(String file, byte[] bytes, Charset charset) {
        Charset cs = charset == null ? StandardCharsets.UTF_8 : charset;
        return decode(bytes, cs, invalid -> new SemException(invalidMessage(file, cs, invalid.offset())));
    }

    /**
     * Where {@code text} holds a NUL character, which PostgreSQL cannot take in SQL text (psql would cut the line
     * there), as a phrase to follow the file's name: {@code "line 3: contains a NUL character ..."}; null when there is
     * none.
     */
    public static String nulProblem(String text) {
        int at = text.indexOf('\0');
        if (at < 0) {
            return null;
        }
        int line = 1;
        for (int i = 0; i < at; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return nulOnLine(line);
    }

    /** {@link #nulProblem(String)} for a NUL on {@code line}. */
    static String nulOnLine(int line) {
        return "line " + line + ": contains a NUL character (a zero byte), which PostgreSQL cannot take in SQL text;"
                + " remove it (is it a binary file?)";
    }

    /**
     * Where decoding stopped: the first byte that is not valid in the encoding.
     *
     * @param offset its 0-based offset in the file
     * @param value the byte, 0 to 255
     * @param line the 1-based line it is on (line feeds before it, plus one)
     */
    public record InvalidByte(int offset, int value, int line) {

        static InvalidByte at(byte[] bytes, int offset) {
            int line = 1;
            for (int i = 0; i < offset; i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            return new InvalidByte(offset, offset < bytes.length ? bytes[offset] & 0xFF : 0, line);
        }
    }

    /**
     * Decodes {@code bytes} strictly, with the caller's wording of the error.
     *
     * @param charset the encoding
     * @param error makes the exception thrown for the first invalid byte
     */
    public static String decode(
            byte[] bytes, Charset charset, Function<InvalidByte, ? extends RuntimeException> error) {
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate((int) Math.ceil(bytes.length * (double) decoder.maxCharsPerByte()) + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isUnderflow()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw error.apply(InvalidByte.at(bytes, in.position()));
        }
        if (!result.isUnderflow()) {
            throw new IllegalStateException("The output buffer is sized for the longest decoding: " + result);
        }
        out.flip();
        if (out.hasRemaining() && out.charAt(0) == BOM) {
            out.position(1);
        }
        return out.toString();
    }

    static String invalidMessage(String file, Charset cs, long offset) {
        String name = cs.equals(StandardCharsets.UTF_8) ? "UTF-8" : cs.name();
        return "File[" + file + "]: invalid " + name + " at byte " + offset + "; save it as " + name
                + " or set the encoding parameter";
    }
}
