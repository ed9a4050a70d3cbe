package dev.sem.script;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import dev.sem.SemException;

/**
 * Strict decoding of script files (§6.3 E7, §11 #27): invalid bytes are an error naming the file and byte offset,
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
     *     offset of the first bad byte
     */
    public static String decode(String file, byte[] bytes, Charset charset) {
        Charset cs = charset == null ? StandardCharsets.UTF_8 : charset;
        CharsetDecoder decoder = cs.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate((int) Math.ceil(bytes.length * (double) decoder.maxCharsPerByte()) + 1);
        try {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isUnderflow()) {
                result = decoder.flush(out);
            }
            if (result.isError()) {
                throw new SemException(invalidMessage(file, cs, in.position()));
            }
            if (!result.isUnderflow()) {
                result.throwException();
            }
        } catch (CharacterCodingException e) {
            throw new SemException(invalidMessage(file, cs, in.position()), e);
        }
        out.flip();
        if (out.hasRemaining() && out.charAt(0) == BOM) {
            out.position(1);
        }
        return out.toString();
    }

    private static String invalidMessage(String file, Charset cs, int offset) {
        String name = cs.equals(StandardCharsets.UTF_8) ? "UTF-8" : cs.name();
        return "File[" + file + "]: invalid " + name + " at byte " + offset + "; save it as " + name
                + " or set the encoding parameter";
    }
}
