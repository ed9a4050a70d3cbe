package dev.sem.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * libpq's password file ({@code ~/.pgpass} or {@code PGPASSFILE}): lines {@code host:port:database:user:password},
 * {@code *} as a whole field matches anything, {@code \:} and {@code \\} are escapes, {@code #} starts a comment, the
 * first matching line wins. A file that group or others may access is ignored with libpq's warning.
 */
final class PgPass {

    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_EXECUTE);

    private PgPass() {}

    /** The password for the first matching line, or empty; problems with the file go to {@code warnings}. */
    static Optional<String> lookup(
            Path file, String host, int port, String database, String user, List<String> warnings) {
        if (file == null || !Files.exists(file)) {
            return Optional.empty();
        }
        if (!Files.isRegularFile(file)) {
            warnings.add("WARNING: password file \"" + file + "\" is not a plain file");
            return Optional.empty();
        }
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
                warnings.add("WARNING: password file \"" + file + "\" has group or world access; permissions should be"
                        + " u=rw (0600) or less");
                return Optional.empty();
            }
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system (Windows): libpq does not check there either.
        } catch (IOException e) {
            warnings.add("WARNING: could not read password file \"" + file + "\": " + e.getMessage());
            return Optional.empty();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            warnings.add("WARNING: could not read password file \"" + file + "\": " + e.getMessage());
            return Optional.empty();
        }
        return match(lines, host, String.valueOf(port), database, user);
    }

    static Optional<String> match(List<String> lines, String host, String port, String database, String user) {
        String[] wanted = {host, port, database, user};
        for (String raw : lines) {
            String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            List<String[]> fields = fields(line);
            if (fields.size() < 5) {
                continue;
            }
            boolean ok = true;
            for (int i = 0; i < 4 && ok; i++) {
                String rawField = fields.get(i)[0];
                String value = fields.get(i)[1];
                ok = rawField.equals("*") || value.equals(wanted[i]);
            }
            if (ok) {
                String password = fields.get(4)[1];
                return password.isEmpty() ? Optional.empty() : Optional.of(password);
            }
        }
        return Optional.empty();
    }

    /** Splits at unescaped colons: each field as {raw, unescaped}. The fifth field ends at the next unescaped colon. */
    private static List<String[]> fields(String line) {
        List<String[]> fields = new ArrayList<>();
        StringBuilder raw = new StringBuilder();
        StringBuilder value = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                raw.append(c).append(line.charAt(i + 1));
                value.append(line.charAt(++i));
            } else if (c == ':') {
                fields.add(new String[] {raw.toString(), value.toString()});
                if (fields.size() == 5) {
                    return fields;
                }
                raw.setLength(0);
                value.setLength(0);
            } else {
                raw.append(c);
                value.append(c);
            }
        }
        fields.add(new String[] {raw.toString(), value.toString()});
        return fields;
    }
}
