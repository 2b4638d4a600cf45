package org.envgate.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StrictJsonTest {

    private static Object parse(String text) throws JsonException {
        return StrictJson.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsEveryKindOfValueInDocumentOrder() throws JsonException {
        Object value = parse(" {\"b\": [1, -2.5e3, 0.125E-2], \"a\": {\"t\": true, \"f\": false, \"n\": null},"
                + " \"s\": \"x\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\u00e9\"}\r\n");

        Map<?, ?> object = (Map<?, ?>) value;
        assertEquals(List.of("b", "a", "s"), List.copyOf(object.keySet()));
        assertEquals(List.of(new BigDecimal("1"), new BigDecimal("-2.5e3"), new BigDecimal("0.125E-2")), object.get("b"));
        assertEquals(Map.of("t", true, "f", false, "n", StrictJson.NULL), object.get("a"));
        assertEquals("x\"\\/\b\f\n\r\t\u00e9\ud83d\ude00\u00e9", object.get("s"));
    }

    @Test
    void acceptsTheLimitsThemselves() throws JsonException {
        String key = "k".repeat(StrictJson.MAX_KEY_LENGTH);
        assertEquals(Map.of(key, new BigDecimal("1e330")), parse("{\"" + key + "\":1e330}"));
        assertEquals(new BigDecimal("-1e-330"), parse("-1e-330"));
        String number = "1".repeat(StrictJson.MAX_NUMBER_LENGTH);
        assertEquals(new BigDecimal(number), parse(number));
        assertEquals(List.of(List.of(List.of(List.of(List.of(List.of(List.of(List.of()))))))),
                parse("[[[[[[[[]]]]]]]]"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            trailing garbage             | [1] x                          | data after the end of the JSON value at character 4
            two concatenated packs       | [{"v":1}][{"v":2}]             | data after the end of the JSON value at character 9
            duplicate key                | {"v":1,"v":2}                  | duplicate key 'v' at character 7
            nested too deep              | [[[[[[[[[1]]]]]]]]]            | nested deeper than 8 at character 8
            huge exponent                | [1e100000000]                  | number 1e100000000 has an exponent beyond +-330 at character 1
            exponent past a long         | 1e99999999999999999999999      | has an exponent beyond +-330 at character 0
            exponent just past the limit | -1e-331                        | has an exponent beyond +-330
            number too long              | 1234567890123456789012345678901234567890123456789012345678901234.5 | number longer than 64 characters at character 0
            leading zero                 | 01                             | data after the end of the JSON value at character 1
            bare minus                   | -                              | a number needs a digit after '-' at character 0
            dot without digits           | 1.                             | a number needs a digit after '.' at character 0
            exponent without digits      | 1e+                            | a number needs a digit in its exponent at character 0
            single quotes                | {'v':1}                        | expected a key in double quotes at character 1
            trailing comma               | [1,]                           | unexpected ']' at character 3
            missing colon                | {"v" 1}                        | expected ':' at character 5
            unclosed string              | ["abc                          | string without its closing quote at character 1
            unknown escape               | ["\\x"]                        | invalid escape \\'x' at character 2
            lone low surrogate           | ["\\udc00"]                    | unpaired surrogate \\udc00 at character 2
            lone high surrogate          | ["\\ud83dx"]                   | unpaired surrogate \\ud83d at character 2
            short unicode escape         | ["\\u12"]                      | \\u needs four hex digits at character 2
            NaN                          | NaN                            | unexpected 'N' at character 0
            nothing                      | ``                             | unexpected end of input at the end (character 0)
            only whitespace              | `  `                           | unexpected end of input at the end (character 2)
            unfinished object            | {"v":1                         | expected ',' or '}' at the end (character 6)
            """)
    void refusesWhatIsNotStrictJsonSayingWhatAndWhere(String what, String json, String message) {
        JsonException e = assertThrows(JsonException.class, () -> parse(json.replace("\\\\", "\\")));
        assertTrue(e.getMessage().contains(message.replace("\\\\", "\\")), what + ": " + e.getMessage());
    }

    @Test
    void refusesAKeyLongerThanTheLimit() {
        String key = "k".repeat(StrictJson.MAX_KEY_LENGTH + 1);
        JsonException e = assertThrows(JsonException.class, () -> parse("{\"" + key + "\":1}"));
        assertEquals("key longer than 256 characters at character 1", e.getMessage());
    }

    @Test
    void refusesAControlCharacterInAString() {
        JsonException e = assertThrows(JsonException.class, () -> parse("[\"a\nb\"]"));
        assertEquals("control character U+000A in a string at character 3", e.getMessage());
    }

    @Test
    void refusesEverythingButUtf8() {
        assertEquals("UTF-16 or UTF-32, not UTF-8", assertThrows(JsonException.class,
                () -> StrictJson.parse("[1]".getBytes(StandardCharsets.UTF_16LE))).getMessage());
        assertEquals("UTF-16 or UTF-32, not UTF-8", assertThrows(JsonException.class,
                () -> StrictJson.parse("[1]".getBytes(StandardCharsets.UTF_16BE))).getMessage());
        assertEquals("starts with a UTF-16 byte order mark", assertThrows(JsonException.class,
                () -> StrictJson.parse("[1]".getBytes(StandardCharsets.UTF_16))).getMessage());
        assertEquals("starts with a byte order mark", assertThrows(JsonException.class,
                () -> StrictJson.parse(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '1'})).getMessage());
        assertEquals("not valid UTF-8", assertThrows(JsonException.class,
                () -> StrictJson.parse(new byte[] {'"', (byte) 0xC3, '"'})).getMessage());
        assertEquals("not valid UTF-8", assertThrows(JsonException.class,
                () -> StrictJson.parse(new byte[] {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'})).getMessage(),
                "an encoded surrogate is not UTF-8");
    }
}
