package dev.sem.pkg;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes package files as strict UTF-8 (pgpm spec §4, §17 defect 48): a leading byte order mark is removed, and an
 * invalid byte is an error naming the file, the byte offset and the line, where pgpm silently dropped it.
 */
final class StrictUtf8 {

    private StrictUtf8() {}

    /**
     * @param bytes the file's content
     * @param file the path to name in the error, relative to the package root
     * @return the text without a leading BOM
     * @throws PackageException at the first invalid byte
     */
    static String decode(byte[] bytes, String file) {
        int start =
                bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF
                        ? 3
                        : 0;
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw invalid(bytes, in.position(), file);
        }
        out.flip();
        return out.toString();
    }

    private static PackageException invalid(byte[] bytes, int offset, String file) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return new PackageException(String.format(
                "%s: invalid UTF-8 byte 0x%02X at byte offset %d (line %d); save the file as UTF-8",
                file, bytes[offset] & 0xFF, offset, line));
    }
}
