package org.envgate.wire;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The declared fields of one JSON object from outside, each read with its type and length
 * checked; keys not declared are only counted, so a sender cannot add anything by adding keys.
 */
final class DeclaredFields {

    /** Text values are at most this long. */
    static final int MAX_TEXT_LENGTH = 256;
    private static final BigDecimal MAX_TIME_SECONDS = BigDecimal.valueOf(100_000_000_000L);
    private static final BigDecimal MAX_COUNT = BigDecimal.valueOf(Long.MAX_VALUE);

    private final String where;
    private final Map<?, ?> object;
    private final int unknownKeys;

    DeclaredFields(String where, Object json, Set<String> declared) throws JsonException {
        if (!(json instanceof Map<?, ?> map)) {
            throw new JsonException(where + " must be a JSON object");
        }
        this.where = where;
        this.object = map;
        this.unknownKeys = (int) map.keySet().stream().filter(key -> !declared.contains(key)).count();
    }

    /** Reads {@code payload} as strict JSON that must be one object; {@code what} starts every error. */
    static DeclaredFields parse(String what, byte[] payload, Set<String> declared) throws JsonException {
        Object json;
        try {
            json = StrictJson.parse(payload);
        } catch (JsonException e) {
            throw new JsonException(what + ": not valid JSON: " + e.getMessage());
        }
        return new DeclaredFields(what, json, declared);
    }

    int unknownKeys() {
        return unknownKeys;
    }

    boolean has(String key) {
        return object.containsKey(key);
    }

    Object raw(String key) throws JsonException {
        if (!object.containsKey(key)) {
            throw new JsonException(where + ": '" + key + "' is missing");
        }
        return object.get(key);
    }

    String text(String key) throws JsonException {
        if (!(raw(key) instanceof String text)) {
            throw new JsonException(where + ": '" + key + "' must be a string");
        }
        if (text.length() > MAX_TEXT_LENGTH) {
            throw new JsonException(where + ": '" + key + "' is longer than " + MAX_TEXT_LENGTH + " characters");
        }
        return text;
    }

    /** Text cut to {@link #MAX_TEXT_LENGTH}, never between the two halves of a surrogate pair. */
    static String cut(String text) {
        if (text.length() <= MAX_TEXT_LENGTH) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(MAX_TEXT_LENGTH - 1)) ? MAX_TEXT_LENGTH - 1 : MAX_TEXT_LENGTH;
        return text.substring(0, end);
    }

    Optional<String> optionalText(String key) throws JsonException {
        return has(key) ? Optional.of(text(key)) : Optional.empty();
    }

    /** A whole number, 0 or more. */
    long count(String key) throws JsonException {
        if (!(raw(key) instanceof BigDecimal number) || number.signum() < 0 || number.compareTo(MAX_COUNT) > 0
                || number.stripTrailingZeros().scale() > 0) {
            throw new JsonException(where + ": '" + key + "' must be a whole number, 0 or more");
        }
        return number.longValueExact();
    }

    /** A number, 0 or more. */
    double amount(String key) throws JsonException {
        if (!(raw(key) instanceof BigDecimal number) || number.signum() < 0 || !Double.isFinite(number.doubleValue())) {
            throw new JsonException(where + ": '" + key + "' must be a finite number, 0 or more");
        }
        return number.doubleValue();
    }

    /** A finite number, of any sign. */
    double number(String key) throws JsonException {
        if (!(raw(key) instanceof BigDecimal number) || !Double.isFinite(number.doubleValue())) {
            throw new JsonException(where + ": '" + key + "' must be a finite number");
        }
        return number.doubleValue();
    }

    /** Epoch seconds, in milliseconds, when present. */
    OptionalLong timeMillis(String key) throws JsonException {
        if (!has(key)) {
            return OptionalLong.empty();
        }
        if (!(raw(key) instanceof BigDecimal seconds) || seconds.abs().compareTo(MAX_TIME_SECONDS) > 0) {
            throw new JsonException(where + ": '" + key + "' must be epoch seconds within +-1e11");
        }
        return OptionalLong.of(seconds.movePointRight(3).setScale(0, RoundingMode.HALF_UP).longValueExact());
    }

    List<?> list(String key) throws JsonException {
        if (!(raw(key) instanceof List<?> list)) {
            throw new JsonException(where + ": '" + key + "' must be a JSON array");
        }
        return list;
    }

    Map<?, ?> object(String key) throws JsonException {
        if (!(raw(key) instanceof Map<?, ?> map)) {
            throw new JsonException(where + ": '" + key + "' must be a JSON object");
        }
        return map;
    }
}
