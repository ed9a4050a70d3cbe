package dev.sem.script;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class ScriptNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"20120503-173242.sql", "120503-173242.sql", "201205031-173242.sql", "00000000-000000.sql"})
    void valid(String name) {
        assertThat(ScriptName.isValid(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "foo.sql",
                "20120503-173242.SQL",
                "20120503-17324.sql",
                "20120503-1732421.sql",
                "12345-173242.sql",
                "20120503_173242.sql",
                "20120503-173242.sql.bak",
                " 20120503-173242.sql",
                "20120503-173242.sql\n",
                "２０１２０５０３-173242.sql",
                ""
            })
    void invalid(String name) {
        assertThat(ScriptName.isValid(name)).isFalse();
    }

    @Test
    void message() {
        assertThat(ScriptName.invalidMessage("foo.sql"))
                .isEqualTo("Invalid filename[foo.sql]. Must be like: 20120503-173242.sql");
    }
}
