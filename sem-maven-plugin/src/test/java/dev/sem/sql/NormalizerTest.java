package dev.sem.sql;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NormalizerTest {

    private static final String BASE = "-- create the table\n"
            + "CREATE TABLE app.\"Users\" (id int, name text DEFAULT 'a  b');\n"
            + "INSERT INTO app.\"Users\" VALUES (1, $$x\n y$$);\n";

    private static String hash(String s) {
        return Normalizer.normalizedSha256(s);
    }

    @Test
    void isLowerCaseHexSha256() {
        assertThat(hash(BASE)).matches("[0-9a-f]{64}");
        assertThat(Normalizer.VERSION).isEqualTo("n1");
        // SHA-256 of the empty stream
        assertThat(hash("  -- nothing\n"))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void formattingCommentsCaseCrlfAndBomDoNotChangeTheHash() {
        String reformatted = "\uFEFF/* new comment */ create   table APP.\"Users\"(\r\n"
                + "    ID INT,\r\n    Name TEXT default 'a  b'   -- comment\r\n);\r\n"
                + "insert into App.\"Users\" values(1,$$x\n y$$)  ;";
        assertThat(hash(reformatted)).isEqualTo(hash(BASE));
        assertThat(hash(BASE.replace("DEFAULT 'a", "default E'a").replace("E'a", "e'a")))
                .isEqualTo(hash(BASE.replace("DEFAULT 'a", "DEFAULT e'a")));
    }

    @Test
    void literalQuotedIdentifierAndDollarBodyChangesChangeTheHash() {
        String h = hash(BASE);
        assertThat(hash(BASE.replace("'a  b'", "'a b'"))).isNotEqualTo(h);
        assertThat(hash(BASE.replace("\"Users\" (", "\"users\" ("))).isNotEqualTo(h);
        assertThat(hash(BASE.replace("$$x\n y$$", "$$x\r\n y$$"))).isNotEqualTo(h);
        assertThat(hash(BASE.replace("id int", "id bigint"))).isNotEqualTo(h);
        assertThat(hash(BASE + "select 1;")).isNotEqualTo(h);
    }

    @Test
    void copyDataAndMetaCommandsCount() {
        String script = "copy t from stdin;\n-- not a comment\n\\.\n\\set x 1\n";
        assertThat(hash(script.replace("-- not a comment", "-- other"))).isNotEqualTo(hash(script));
        assertThat(hash(script.replace("x 1", "x 2"))).isNotEqualTo(hash(script));
        assertThat(hash(script.replace("\\set x 1\n", "\\set x 1   \r\n"))).isEqualTo(hash(script));
    }
}
