package dev.sem.sql;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

class SqlLexerTest {

    /** Input, then the expected non-whitespace tokens as "TYPE:text". */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("select a;", List.of("IDENTIFIER:select", "IDENTIFIER:a", "SEMICOLON:;")),
                Arguments.of("'a;b'", List.of("STRING:'a;b'")),
                Arguments.of("'it''s;'", List.of("STRING:'it''s;'")),
                Arguments.of("'a\\';b'", List.of("STRING:'a\\'", "SEMICOLON:;", "STRING:b'")),
                Arguments.of("E'a\\';b'", List.of("STRING:E'a\\';b'")),
                Arguments.of("e'\\\\';", List.of("STRING:e'\\\\'", "SEMICOLON:;")),
                Arguments.of("E'x''y'", List.of("STRING:E'x''y'")),
                Arguments.of("N'a;b'", List.of("STRING:N'a;b'")),
                Arguments.of("U&'d\\0061t;a'", List.of("STRING:U&'d\\0061t;a'")),
                Arguments.of("U&\"d;x\"", List.of("QUOTED_IDENTIFIER:U&\"d;x\"")),
                Arguments.of("u&x", List.of("IDENTIFIER:u", "OPERATOR:&", "IDENTIFIER:x")),
                Arguments.of("B'10''01'", List.of("STRING:B'10'", "STRING:'01'")),
                Arguments.of("X'ff;'", List.of("STRING:X'ff;'")),
                Arguments.of("\"a\"\"b;\"", List.of("QUOTED_IDENTIFIER:\"a\"\"b;\"")),
                Arguments.of("$$a;$b$$", List.of("DOLLAR_STRING:$$a;$b$$")),
                Arguments.of("$fn$ $$;$$ $x$ $fn$;", List.of("DOLLAR_STRING:$fn$ $$;$$ $x$ $fn$", "SEMICOLON:;")),
                Arguments.of("$a$x$ba$a$", List.of("DOLLAR_STRING:$a$x$ba$a$")),
                Arguments.of("$1;", List.of("PARAMETER:$1", "SEMICOLON:;")),
                Arguments.of("a$$b", List.of("IDENTIFIER:a$$b")),
                Arguments.of("$_1$x$_1$", List.of("DOLLAR_STRING:$_1$x$_1$")),
                Arguments.of("$1a$", List.of("PARAMETER:$1", "IDENTIFIER:a$")),
                Arguments.of("-- c;\nx", List.of("LINE_COMMENT:-- c;", "IDENTIFIER:x")),
                Arguments.of("--c\rx", List.of("LINE_COMMENT:--c", "IDENTIFIER:x")),
                Arguments.of("/* a /* b; */ c; */x", List.of("BLOCK_COMMENT:/* a /* b; */ c; */", "IDENTIFIER:x")),
                Arguments.of("/*/ x */y", List.of("BLOCK_COMMENT:/*/ x */", "IDENTIFIER:y")),
                Arguments.of("/**/y", List.of("BLOCK_COMMENT:/**/", "IDENTIFIER:y")),
                Arguments.of("a+/*c*/b", List.of("IDENTIFIER:a", "OPERATOR:+", "BLOCK_COMMENT:/*c*/", "IDENTIFIER:b")),
                Arguments.of("a*--c\nb", List.of("IDENTIFIER:a", "OPERATOR:*", "LINE_COMMENT:--c", "IDENTIFIER:b")),
                Arguments.of("a=-1", List.of("IDENTIFIER:a", "OPERATOR:=", "OPERATOR:-", "NUMBER:1")),
                Arguments.of("a@-1", List.of("IDENTIFIER:a", "OPERATOR:@-", "NUMBER:1")),
                Arguments.of("x::int", List.of("IDENTIFIER:x", "PUNCTUATION:::", "IDENTIFIER:int")),
                Arguments.of("x:=1", List.of("IDENTIFIER:x", "PUNCTUATION::=", "NUMBER:1")),
                Arguments.of(
                        ":v :'v' :\"v\" :{?v}",
                        List.of("VARIABLE::v", "VARIABLE::'v'", "VARIABLE::\"v\"", "VARIABLE::{?v}")),
                Arguments.of(":'a b'", List.of("PUNCTUATION::", "STRING:'a b'")),
                Arguments.of(
                        "a[1:2]", List.of("IDENTIFIER:a", "PUNCTUATION:[", "NUMBER:1", "VARIABLE::2", "PUNCTUATION:]")),
                Arguments.of(
                        "'x:v' \":v\" $$:v$$ /*:v*/",
                        List.of(
                                "STRING:'x:v'",
                                "QUOTED_IDENTIFIER:\":v\"",
                                "DOLLAR_STRING:$$:v$$",
                                "BLOCK_COMMENT:/*:v*/")),
                Arguments.of(
                        "1.5e-3 .5 1..2 0x1F 1_000",
                        List.of(
                                "NUMBER:1.5e-3",
                                "NUMBER:.5",
                                "NUMBER:1",
                                "PUNCTUATION:..",
                                "NUMBER:2",
                                "NUMBER:0x1F",
                                "NUMBER:1_000")),
                Arguments.of(
                        "a \\; b \\: c",
                        List.of("IDENTIFIER:a", "PSQL_ESCAPE:\\;", "IDENTIFIER:b", "PSQL_ESCAPE:\\:", "IDENTIFIER:c")),
                Arguments.of(
                        "select 1 \\gset  \r\nx",
                        List.of("IDENTIFIER:select", "NUMBER:1", "META_COMMAND:\\gset", "IDENTIFIER:x")),
                Arguments.of("'open;", List.of("STRING:'open;")),
                Arguments.of("/* open", List.of("BLOCK_COMMENT:/* open")),
                Arguments.of(
                        "copy t from stdin;\na;'\n\\.\nx",
                        List.of(
                                "IDENTIFIER:copy",
                                "IDENTIFIER:t",
                                "IDENTIFIER:from",
                                "IDENTIFIER:stdin",
                                "SEMICOLON:;",
                                "COPY_DATA:a;'\n\\.\n",
                                "IDENTIFIER:x")));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void tokenizes(String input, List<String> expected) {
        List<Token> tokens = SqlLexer.tokenize(input);
        assertThat(tokens.stream()
                        .filter(t -> t.type() != TokenType.WHITESPACE)
                        .map(t -> t.type() + ":" + t.text())
                        .toList())
                .isEqualTo(expected);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void tokensCoverTheTextWithoutGaps(String input, List<String> ignored) {
        List<Token> tokens = SqlLexer.tokenize(input);
        StringBuilder sb = new StringBuilder();
        for (Token t : tokens) {
            assertThat(t.offset()).isEqualTo(sb.length());
            sb.append(t.text());
        }
        assertThat(sb.toString()).isEqualTo(input);
    }
}
