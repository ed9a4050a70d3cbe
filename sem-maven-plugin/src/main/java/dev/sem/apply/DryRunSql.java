package dev.sem.apply;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
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
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writeTo(out);
        } catch (IOException e) {
            throw SemException.environment("Could not read COPY data of the dry run: " + e.getMessage(), e);
        }
        return out.toString(StandardCharsets.UTF_8);
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
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            writeTo(out);
        }
    }

    private void writeTo(OutputStream out) throws IOException {
        for (Object part : parts) {
            if (part instanceof CopyFile data) {
                if (!data.transferUtf8(out)) {
                    out.write('\n');
                }
            } else {
                out.write(((String) part).getBytes(StandardCharsets.UTF_8));
            }
        }
    }
}
