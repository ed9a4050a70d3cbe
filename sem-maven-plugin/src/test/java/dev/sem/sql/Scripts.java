package dev.sem.sql;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Test helpers. */
final class Scripts {

    static final String FILE = "scripts/20260101-120000.sql";

    private Scripts() {}

    static ParsedScript parse(String text) {
        return parse(Map.of(), text);
    }

    static ParsedScript parse(Map<String, String> vars, String text) {
        return new ScriptParser(vars, null).parse(FILE, text);
    }

    static ParsedScript parse(Map<String, String> files, Map<String, String> vars, String text) {
        Map<String, String> copy = new HashMap<>(files);
        ScriptParser.IncludeResolver resolver = (from, path, relative) -> {
            String key = relative ? dir(from) + path : path;
            String content = copy.get(key);
            return content == null ? null : new ScriptParser.IncludeResolver.Included(key, content);
        };
        return new ScriptParser(vars, resolver).parse(FILE, text);
    }

    private static String dir(String file) {
        int slash = file.lastIndexOf('/');
        return slash < 0 ? "" : file.substring(0, slash + 1);
    }

    static List<String> sqls(Map<String, String> vars, String text) {
        return parse(vars, text).statements().stream().map(SqlStatement::sql).toList();
    }

    static List<String> sqls(String text) {
        return parse(text).statements().stream().map(SqlStatement::sql).toList();
    }
}
