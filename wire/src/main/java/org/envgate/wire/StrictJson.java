package org.envgate.wire;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON reader for messages from outside (RFC 8259, with limits): the work it does is bounded by
 * the size of its input, whatever that input is.
 *
 * <p>Only UTF-8 without a byte order mark; exactly one value with nothing after it but
 * whitespace; no duplicate keys; nesting at most {@value #MAX_DEPTH} deep; keys at most
 * {@value #MAX_KEY_LENGTH} characters; number tokens at most {@value #MAX_NUMBER_LENGTH}
 * characters with a decimal exponent within +-{@value #MAX_EXPONENT}, checked on the token
 * before any arithmetic; no unpaired surrogates.
 *
 * <p>Values come back as {@code Map<String, Object>} (in document order), {@code List<Object>},
 * {@code String}, {@code BigDecimal}, {@code Boolean} or {@link #NULL}, all unmodifiable.
 */
public final class StrictJson {

    public static final int MAX_DEPTH = 8;
    public static final int MAX_KEY_LENGTH = 256;
    public static final int MAX_NUMBER_LENGTH = 64;
    public static final int MAX_EXPONENT = 330;

    /** JSON {@code null}. */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    private final String text;
    private int at;

    private StrictJson(String text) {
        this.text = text;
    }

    /** Reads one JSON value from UTF-8 bytes. */
    public static Object parse(byte[] utf8) throws JsonException {
        if (utf8.length >= 2 && (utf8[0] == 0 || utf8[1] == 0)) {
            throw new JsonException("UTF-16 or UTF-32, not UTF-8");
        }
        if (utf8.length >= 3 && (utf8[0] & 0xff) == 0xEF && (utf8[1] & 0xff) == 0xBB && (utf8[2] & 0xff) == 0xBF) {
            throw new JsonException("starts with a byte order mark");
        }
        if (utf8.length >= 2 && ((utf8[0] & 0xff) == 0xFE || (utf8[0] & 0xff) == 0xFF)) {
            throw new JsonException("starts with a UTF-16 byte order mark");
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        String text;
        try {
            text = decoder.decode(ByteBuffer.wrap(utf8)).toString();
        } catch (CharacterCodingException e) {
            throw new JsonException("not valid UTF-8");
        }
        StrictJson reader = new StrictJson(text);
        reader.skipWhitespace();
        Object value = reader.value(1);
        reader.skipWhitespace();
        if (reader.at < text.length()) {
            throw reader.error("data after the end of the JSON value");
        }
        return value;
    }

    private Object value(int depth) throws JsonException {
        if (at >= text.length()) {
            throw error("unexpected end of input");
        }
        char c = text.charAt(at);
        return switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", NULL);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw error("unexpected " + describe(c));
            }
        };
    }

    private Map<String, Object> object(int depth) throws JsonException {
        checkDepth(depth);
        at++;
        Map<String, Object> members = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            at++;
            return Collections.unmodifiableMap(members);
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("expected a key in double quotes");
            }
            int keyAt = at;
            String key = string();
            if (key.length() > MAX_KEY_LENGTH) {
                throw error(keyAt, "key longer than " + MAX_KEY_LENGTH + " characters");
            }
            skipWhitespace();
            expect(':');
            skipWhitespace();
            if (members.containsKey(key)) {
                throw error(keyAt, "duplicate key '" + shorten(key) + "'");
            }
            members.put(key, value(depth + 1));
            skipWhitespace();
            char next = peek();
            at++;
            if (next == '}') {
                return Collections.unmodifiableMap(members);
            }
            if (next != ',') {
                throw error(at - 1, "expected ',' or '}'");
            }
        }
    }

    private List<Object> array(int depth) throws JsonException {
        checkDepth(depth);
        at++;
        List<Object> elements = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            at++;
            return Collections.unmodifiableList(elements);
        }
        while (true) {
            skipWhitespace();
            elements.add(value(depth + 1));
            skipWhitespace();
            char next = peek();
            at++;
            if (next == ']') {
                return Collections.unmodifiableList(elements);
            }
            if (next != ',') {
                throw error(at - 1, "expected ',' or ']'");
            }
        }
    }

    private void checkDepth(int depth) throws JsonException {
        if (depth > MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH);
        }
    }

    private String string() throws JsonException {
        int start = at;
        at++;
        StringBuilder out = new StringBuilder();
        while (true) {
            if (at >= text.length()) {
                throw error(start, "string without its closing quote");
            }
            char c = text.charAt(at++);
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                throw error(at - 1, "control character " + describe(c) + " in a string");
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (at >= text.length()) {
                throw error(start, "string without its closing quote");
            }
            char escaped = text.charAt(at++);
            switch (escaped) {
                case '"', '\\', '/' -> out.append(escaped);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> unicodeEscape(out);
                default -> throw error(at - 2, "invalid escape \\" + describe(escaped));
            }
        }
    }

    /** Appends one {@code \\u} escape; a surrogate pair is two escapes, and one half alone is no character. */
    private void unicodeEscape(StringBuilder out) throws JsonException {
        int escapeAt = at - 2;
        char c = hex4(escapeAt);
        if (Character.isHighSurrogate(c) && text.startsWith("\\u", at)) {
            at += 2;
            char low = hex4(escapeAt);
            if (Character.isLowSurrogate(low)) {
                out.append(c).append(low);
                return;
            }
        }
        if (Character.isSurrogate(c)) {
            throw error(escapeAt, "unpaired surrogate \\u" + Integer.toHexString(c));
        }
        out.append(c);
    }

    private char hex4(int escapeAt) throws JsonException {
        if (at + 4 > text.length()) {
            throw error(escapeAt, "\\u needs four hex digits");
        }
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int digit = Character.digit(text.charAt(at + i), 16);
            if (digit < 0) {
                throw error(escapeAt, "\\u needs four hex digits");
            }
            value = value * 16 + digit;
        }
        at += 4;
        return (char) value;
    }

    private BigDecimal number() throws JsonException {
        int start = at;
        if (peek() == '-') {
            at++;
        }
        if (peek() == '0') {
            at++;
        } else if (isDigit(peek())) {
            digits();
        } else {
            throw error(start, "a number needs a digit after '-'");
        }
        if (peek() == '.') {
            at++;
            if (!isDigit(peek())) {
                throw error(start, "a number needs a digit after '.'");
            }
            digits();
        }
        long exponent = 0;
        if (peek() == 'e' || peek() == 'E') {
            at++;
            boolean negative = false;
            if (peek() == '+' || peek() == '-') {
                negative = peek() == '-';
                at++;
            }
            if (!isDigit(peek())) {
                throw error(start, "a number needs a digit in its exponent");
            }
            int exponentStart = at;
            digits();
            exponent = exponentValue(text.substring(exponentStart, Math.min(at, exponentStart + MAX_NUMBER_LENGTH)));
            if (negative) {
                exponent = -exponent;
            }
        }
        if (at - start > MAX_NUMBER_LENGTH) {
            throw error(start, "number longer than " + MAX_NUMBER_LENGTH + " characters");
        }
        if (Math.abs(exponent) > MAX_EXPONENT) {
            throw error(start, "number " + text.substring(start, at) + " has an exponent beyond +-" + MAX_EXPONENT);
        }
        return new BigDecimal(text.substring(start, at));
    }

    /** The exponent's digits as a number, or a value past every limit when they are too many. */
    private static long exponentValue(String digits) {
        String significant = digits.replaceFirst("^0+(?=.)", "");
        return significant.length() > 9 ? Long.MAX_VALUE / 2 : Long.parseLong(significant);
    }

    private void digits() {
        while (isDigit(peek())) {
            at++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private Object literal(String word, Object value) throws JsonException {
        if (!text.startsWith(word, at)) {
            throw error("unexpected " + describe(text.charAt(at)));
        }
        at += word.length();
        return value;
    }

    private void expect(char c) throws JsonException {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        at++;
    }

    /** The next character, or NUL at the end (never valid where a character is expected). */
    private char peek() {
        return at < text.length() ? text.charAt(at) : '\0';
    }

    private void skipWhitespace() {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            at++;
        }
    }

    private JsonException error(String what) {
        return error(at, what);
    }

    private JsonException error(int where, String what) {
        if (where >= text.length()) {
            return new JsonException(what + " at the end (character " + where + ")");
        }
        return new JsonException(what + " at character " + where);
    }

    private static String describe(char c) {
        if (c >= 0x21 && c < 0x7f) {
            return "'" + c + "'";
        }
        return String.format("U+%04X", (int) c);
    }

    private static String shorten(String key) {
        String printable = key.codePoints()
                .map(c -> c >= 0x20 && c < 0x7f ? c : '?')
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
        return printable.length() <= 40 ? printable : printable.substring(0, 40) + "...";
    }
}
