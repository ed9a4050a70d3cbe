package dev.sem.apply;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import dev.sem.SemException;
import dev.sem.sql.CopyFile;

/**
 * The SQL file of a dry run, as psql could execute it: text, and the data of COPY blocks that stay in large script
 * files, which is streamed from them when the file is written and never held whole.
 */
public final class DryRunSql {

    private final List<Object> parts;

    private DryRunSql(List<Object> parts) {
        this.parts = List.copyOf(parts);
    }

    /** Collects the parts in order. */
    static final class Builder {
        private final List<Object> parts = new ArrayList<>();
        private final StringBuilder text = new StringBuilder();

        Builder append(Object text) {
            this.text.append(text);
            return this;
        }

        Builder append(char c) {
            text.append(c);
            return this;
        }

        /** COPY data that stays in its file; a line feed follows it when it does not end with one. */
        Builder append(CopyFile data) {
            parts.add(text.toString());
            text.setLength(0);
            parts.add(data);
            return this;
        }

        DryRunSql build() {
            List<Object> all = new ArrayList<>(parts);
            all.add(text.toString());
            return new DryRunSql(all);
        }
    }

    /** The whole file as text (the data of large scripts read in). */
    public String text() {
        StringBuilder out = new StringBuilder();
        for (Object part : parts) {
            if (part instanceof CopyFile data) {
                try (Reader in = new InputStreamReader(data.open(), data.charset())) {
                    in.transferTo(new Writer() {
                        @Override
                        public void write(char[] cbuf, int off, int len) {
                            out.append(cbuf, off, len);
                        }

                        @Override
                        public void flush() {}

                        @Override
                        public void close() {}
                    });
                } catch (IOException e) {
                    throw SemException.environment("Could not read " + data.file() + ": " + e.getMessage(), e);
                }
                lineEnd(out.isEmpty() ? '\n' : out.charAt(out.length() - 1), out);
            } else {
                out.append((String) part);
            }
        }
        return out.toString();
    }

    /**
     * The file line by line, for a log; the data of a large script is one line saying where it is instead (it is in
     * the written file).
     */
    public void printLines(Consumer<String> line) {
        StringBuilder out = new StringBuilder();
        for (Object part : parts) {
            if (part instanceof CopyFile data) {
                out.append("-- ")
                        .append(data.end() - data.start())
                        .append(" bytes of COPY data from ")
                        .append(data.file().getFileName())
                        .append(" (in the dry-run file)\n");
            } else {
                out.append((String) part);
            }
        }
        for (String l : out.toString().split("\n", -1)) {
            line.accept(l);
        }
    }

    /** Writes the file as UTF-8, streaming the data of large scripts from their files. */
    public void write(Path file) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file);
                Writer out = new BufferedWriter(new java.io.OutputStreamWriter(raw, StandardCharsets.UTF_8))) {
            for (Object part : parts) {
                if (!(part instanceof CopyFile data)) {
                    out.write((String) part);
                    continue;
                }
                out.flush();
                int last = '\n';
                if (data.charset().equals(StandardCharsets.UTF_8)) {
                    try (InputStream in = data.open()) {
                        byte[] buffer = new byte[1 << 16];
                        for (int n; (n = in.read(buffer)) > 0; ) {
                            raw.write(buffer, 0, n);
                            last = buffer[n - 1];
                        }
                    }
                } else {
                    try (Reader in = new InputStreamReader(data.open(), data.charset())) {
                        char[] buffer = new char[1 << 14];
                        for (int n; (n = in.read(buffer)) > 0; ) {
                            out.write(buffer, 0, n);
                            last = buffer[n - 1];
                        }
                    }
                }
                if (last != '\n') {
                    out.write('\n');
                }
            }
        }
    }

    private static void lineEnd(char last, StringBuilder out) {
        if (last != '\n') {
            out.append('\n');
        }
    }
}
