package dev.sem.sql;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static dev.sem.sql.Scripts.sqls;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** With standard_conforming_strings off, psql lexes '...' with backslash escapes; sem follows the script's SETs. */
class ScriptParserStandardStringsTest {

    static Stream<Arguments> scripts() {
        String off = "select 'a\\\\b\\'c;d';\nselect 2;";
        List<String> offSplit = List.of("select 'a\\\\b\\'c;d'", "select 2");
        return Stream.of(
                // default on: the backslash is an ordinary character, the string ends at \'
                Arguments.of("select 'a\\';\nselect 2;", List.of("select 'a\\'", "select 2")),
                Arguments.of(
                        "set standard_conforming_strings = off;\n" + off,
                        prepend("set standard_conforming_strings = off", offSplit)),
                Arguments.of(
                        "SET standard_conforming_strings TO off;\n" + off,
                        prepend("SET standard_conforming_strings TO off", offSplit)),
                Arguments.of(
                        "set session standard_conforming_strings = 'off';\n" + off,
                        prepend("set session standard_conforming_strings = 'off'", offSplit)),
                Arguments.of(
                        "set local standard_conforming_strings = false;\n" + off,
                        prepend("set local standard_conforming_strings = false", offSplit)),
                Arguments.of(
                        "set standard_conforming_strings = 0;\n" + off,
                        prepend("set standard_conforming_strings = 0", offSplit)),
                Arguments.of(
                        "set standard_conforming_strings to 'of';\n" + off,
                        prepend("set standard_conforming_strings to 'of'", offSplit)),
                Arguments.of(
                        "set standard_conforming_strings = \"off\";\n" + off,
                        prepend("set standard_conforming_strings = \"off\"", offSplit)),
                // N'...' follows the setting too; U&'...' and E'...' do not depend on it
                Arguments.of(
                        "set standard_conforming_strings = off;\nselect N'\\';';\n",
                        List.of("set standard_conforming_strings = off", "select N'\\';'")),
                Arguments.of(
                        "set standard_conforming_strings = off;\nselect U&'\\';\n",
                        List.of("set standard_conforming_strings = off", "select U&'\\'")),
                // back on: SET on, RESET, RESET ALL, TO DEFAULT
                Arguments.of(
                        "set standard_conforming_strings = off;\nset standard_conforming_strings = on;\nselect '\\';\n",
                        List.of(
                                "set standard_conforming_strings = off",
                                "set standard_conforming_strings = on",
                                "select '\\'")),
                Arguments.of(
                        "set standard_conforming_strings = off;\nreset standard_conforming_strings;\nselect '\\';\n",
                        List.of(
                                "set standard_conforming_strings = off",
                                "reset standard_conforming_strings",
                                "select '\\'")),
                Arguments.of(
                        "set standard_conforming_strings = off;\nRESET ALL;\nselect '\\';\n",
                        List.of("set standard_conforming_strings = off", "RESET ALL", "select '\\'")),
                Arguments.of(
                        "set standard_conforming_strings = off;\nset standard_conforming_strings to default;\nselect '\\';\n",
                        List.of(
                                "set standard_conforming_strings = off",
                                "set standard_conforming_strings to default",
                                "select '\\'")),
                // SET LOCAL lasts until the transaction ends
                Arguments.of(
                        "begin;\nset local standard_conforming_strings = off;\ncommit;\nselect '\\';\n",
                        List.of("begin", "set local standard_conforming_strings = off", "commit", "select '\\'")),
                // like psql, the new value applies from the next line on
                Arguments.of(
                        "set standard_conforming_strings = off; select 'x\\';\nselect 'y\\';';\n",
                        List.of("set standard_conforming_strings = off", "select 'x\\'", "select 'y\\';'")),
                // in a \; combined query too
                Arguments.of(
                        "select 1\\; set standard_conforming_strings = off;\nselect '\\';';\n",
                        List.of("select 1; set standard_conforming_strings = off", "select '\\';'")),
                // an invalid value is refused by the server: nothing changes
                Arguments.of(
                        "set standard_conforming_strings = maybe;\nselect '\\';\n",
                        List.of("set standard_conforming_strings = maybe", "select '\\'")));
    }

    private static List<String> prepend(String first, List<String> rest) {
        return Stream.concat(Stream.of(first), rest.stream()).toList();
    }

    @ParameterizedTest
    @MethodSource("scripts")
    void splitsAsPsqlDoes(String script, List<String> expected) {
        assertThat(sqls(script)).isEqualTo(expected);
    }

    @Test
    void includedFilesSeeTheSetting() {
        ParsedScript s = Scripts.parse(
                java.util.Map.of("inc.sql", "select 'i\\';';\n"),
                java.util.Map.of(),
                "set standard_conforming_strings = off;\n\\i inc.sql\nselect 'x';");
        assertThat(s.statements())
                .extracting(SqlStatement::sql)
                .containsExactly("set standard_conforming_strings = off", "select 'i\\';'", "select 'x'");
    }

    @Test
    void aSettingChangeSemCannotFollowIsRefused() {
        for (String stmt : List.of(
                "set standard_conforming_strings = /* hm */ off;",
                "set standard_conforming_strings = E'off';",
                "select set_config('standard_conforming_strings', 'off', false);",
                "do $$ begin set standard_conforming_strings = off; end $$;")) {
            assertThatThrownBy(() -> Scripts.parse("select 1;\n" + stmt))
                    .as(stmt)
                    .isInstanceOf(ScriptSyntaxException.class)
                    .hasMessage("File[" + Scripts.FILE + "] line 2: cannot tell what this statement does to"
                            + " standard_conforming_strings, which decides how psql splits the rest of the script (with"
                            + " it off, backslashes escape in '...'); write it as SET [SESSION | LOCAL]"
                            + " standard_conforming_strings = on | off (or RESET standard_conforming_strings), without"
                            + " comments inside");
        }
    }
}
