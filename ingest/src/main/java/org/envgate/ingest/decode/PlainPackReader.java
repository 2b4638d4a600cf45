package org.envgate.ingest.decode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.envgate.wire.QcFlag;
import org.envgate.wire.Quality;
import org.envgate.wire.Quantity;
import org.envgate.wire.Reading;
import org.envgate.wire.SenmlCodec;

/**
 * The readings pack exactly as a gateway's {@code SenmlCodec.encode} writes it, read in one pass
 * over its bytes: no JSON tree, no text of the whole payload, no {@code BigDecimal}.
 *
 * <p>It only ever accepts, never rejects: anything outside that one form (whitespace, another
 * key or key order, an escape, a byte outside ASCII, a number with an exponent or over 32
 * characters, a time relative to now, {@code qt}) gives {@code null}, and the strict
 * path ({@link SenmlCodec#decodeReadings}) decides on it and names what is wrong. What it
 * accepts, it reads to the same readings as the strict path (a test and a fuzz target compare
 * the two); checks beyond SenML (time window, plausible range, duplicates) follow for both in
 * {@link PackDecoder}. Its work is one pass over a payload whose size is checked before.
 *
 * <p>The form ({@code SenmlPackWriter}'s): {@code [{"bn":"G/","bt":T,"bu":"U","n":"S/Q","v":V},
 * {"n":"S/Q","u":"U","v":V,"t":T},...]}: base time and base unit optional on the first record;
 * in every record the unit only where it differs from the base unit and the time (relative to
 * the base time) only where it differs from it, then optionally {@code ,"qc":F} and
 * {@code ,"raw":R}. Packs of older gateways (every record with its unit and absolute time) are
 * the same form without base time and unit.
 */
final class PlainPackReader {

    /** The quantities by the length of their ids. */
    private static final Quantity[][] QUANTITIES_BY_LENGTH = byIdLength();
    /** How many sensor ids a pack's reader keeps for reuse: more than a station has. */
    private static final int MAX_SENSORS_KEPT = 32;
    private static final byte[] FIRST = bytes("{\"bn\":\"");
    private static final byte[] BASE_TIME = bytes(",\"bt\":");
    private static final byte[] BASE_UNIT = bytes(",\"bu\":\"");
    private static final byte[] NAME = bytes("{\"n\":\"");
    private static final byte[] UNIT = bytes(",\"u\":\"");
    private static final byte[] VALUE = bytes(",\"v\":");
    private static final byte[] TIME = bytes(",\"t\":");
    private static final byte[] FLAG = bytes(",\"qc\":");
    private static final byte[] RAW = bytes(",\"raw\":");
    /** 10^0 to 10^22, each exact as a double. */
    private static final double[] POWERS_OF_TEN = new double[23];
    /** Longer numbers are left to the strict path (which allows 64 characters). */
    private static final int MAX_NUMBER_LENGTH = 32;
    /** RFC 8428: a time below 2^28 s is relative to now; those are left to the strict path. */
    private static final long RELATIVE_TIME_LIMIT_MILLIS = (1L << 28) * 1000;
    /** {@code SenmlCodec}'s bound on a base time and on a time: +-1e11 s. */
    private static final long MAX_TIME_MILLIS = 100_000_000_000_000L;
    /** What {@link #seconds} gives for a token it does not read. */
    private static final long NOT_A_TIME = Long.MIN_VALUE;

    private static Quantity[][] byIdLength() {
        int longest = Arrays.stream(Quantity.values()).mapToInt(q -> q.id().length()).max().orElse(0);
        Quantity[][] table = new Quantity[longest + 1][];
        for (int length = 0; length <= longest; length++) {
            int idLength = length;
            table[length] = Arrays.stream(Quantity.values()).filter(q -> q.id().length() == idLength)
                    .toArray(Quantity[]::new);
        }
        return table;
    }

    static {
        double power = 1;
        for (int i = 0; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = power;
            power *= 10;
        }
    }

    private final byte[] in;
    private int at;
    private long baseTimeMillis;
    private String baseUnit;
    /** The sensor ids met so far in this pack. */
    private final List<String> sensors = new ArrayList<>();

    private PlainPackReader(byte[] in) {
        this.in = in;
    }

    /**
     * The readings of a pack from {@code gateway} in the plain form, or {@code null} when it is
     * not in that form (or not valid), for the strict path to decide.
     *
     * @param gateway an id that {@link Reading#isId} accepts
     */
    static List<Reading> read(String gateway, byte[] pack) {
        if (gateway.isEmpty() || gateway.charAt(0) == '-') {
            // not a SenML name start: the strict path names the fault
            return null;
        }
        return new PlainPackReader(pack).pack(gateway);
    }

    private List<Reading> pack(String gateway) {
        if (!skip('[') || !skip(FIRST) || !skipText(gateway) || !skip('/') || !skip('"')) {
            return null;
        }
        if (skip(BASE_TIME) && (baseTimeMillis = seconds()) == NOT_A_TIME) {
            return null;
        }
        if (skip(BASE_UNIT) && (baseUnit = unit()) == null) {
            return null;
        }
        if (!skip(',') || !skip(NAME, 1)) {
            return null;
        }
        // past the first record's base name, at its own name: every record goes on from here
        List<Reading> readings = new ArrayList<>(Math.max(1, in.length / 64));
        while (true) {
            Reading reading = record();
            if (reading == null) {
                return null;
            }
            readings.add(reading);
            if (skip(']')) {
                return at == in.length ? readings : null;
            }
            if (!skip(',') || !skip(NAME)) {
                return null;
            }
        }
    }

    /** A record from its name's first byte on. */
    private Reading record() {
        int sensorStart = at;
        while (at < in.length && isIdByte(in[at])) {
            at++;
        }
        int sensorLength = at - sensorStart;
        if (sensorLength == 0 || sensorLength > Reading.MAX_ID_LENGTH || !skip('/')) {
            return null;
        }
        int quantityStart = at;
        while (at < in.length && isQuantityByte(in[at])) {
            at++;
        }
        Quantity quantity = quantity(quantityStart, at - quantityStart);
        if (quantity == null || !skip('"')) {
            return null;
        }
        if (skip(UNIT) ? !skipText(quantity.unit()) || !skip('"') : !quantity.unit().equals(baseUnit)) {
            return null;
        }
        if (!skip(VALUE)) {
            return null;
        }
        double value = number();
        if (Double.isNaN(value)) {
            return null;
        }
        long offsetMillis = 0;
        if (skip(TIME) && (offsetMillis = seconds()) == NOT_A_TIME) {
            return null;
        }
        // both within +-1e14 ms, so the sum cannot overflow
        long timeMillis = baseTimeMillis + offsetMillis;
        if (timeMillis < RELATIVE_TIME_LIMIT_MILLIS) {
            return null;
        }
        QcFlag flag = QcFlag.PASS;
        if (skip(FLAG)) {
            if (at >= in.length || in[at] < '1' || in[at] > '4') {
                return null;
            }
            flag = QcFlag.byCode(in[at++] - '0');
        }
        double raw = Double.NaN;
        if (skip(RAW)) {
            raw = number();
            if (Double.isNaN(raw)) {
                return null;
            }
        }
        if (!skip('}')) {
            return null;
        }
        Quality quality = flag == QcFlag.PASS && Double.isNaN(raw) ? Quality.GOOD : new Quality(flag, Set.of(), raw);
        String sensor = sensor(sensorStart, sensorLength);
        // as the strict path adds a base value of 0, which also turns -0.0 into 0.0
        return new Reading(sensor, quantity, 0.0 + value, timeMillis, quality);
    }

    /** The quantity named by the {@code length} bytes at {@code start}, or null; looked up without making a string. */
    private Quantity quantity(int start, int length) {
        if (length >= QUANTITIES_BY_LENGTH.length) {
            return null;
        }
        for (Quantity quantity : QUANTITIES_BY_LENGTH[length]) {
            if (matches(start, length, quantity.id())) {
                return quantity;
            }
        }
        return null;
    }

    /** The sensor id at {@code start}, made once a pack for each sensor, as a pack names few sensors many times. */
    private String sensor(int start, int length) {
        for (String known : sensors) {
            if (matches(start, length, known)) {
                return known;
            }
        }
        String sensor = new String(in, start, length, StandardCharsets.US_ASCII);
        if (sensors.size() < MAX_SENSORS_KEPT) {
            sensors.add(sensor);
        }
        return sensor;
    }

    /** Whether the {@code length} ASCII bytes at {@code start} spell {@code text}. */
    private boolean matches(int start, int length, String text) {
        if (text.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (in[start + i] != text.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * A JSON number {@code -?(0|[1-9][0-9]*)(.[0-9]+)?} of at most {@value #MAX_NUMBER_LENGTH}
     * characters, as {@code BigDecimal.doubleValue()} gives it: up to 15 digits and 22 decimals
     * the digits as a whole number divided by the power of ten (both exact, so the quotient is
     * the correctly rounded value), beyond that {@code Double.parseDouble}, as {@code BigDecimal}
     * does itself; NaN for any other token.
     */
    private double number() {
        int start = at;
        boolean negative = skip('-');
        long digits = 0;
        int count = 0;
        int decimals = -1;
        while (at < in.length && at - start <= MAX_NUMBER_LENGTH) {
            byte b = in[at];
            if (b >= '0' && b <= '9') {
                if (count == 1 && digits == 0 && decimals < 0) {
                    return Double.NaN;
                }
                if (count < 18) {
                    digits = digits * 10 + (b - '0');
                }
                count++;
                if (decimals >= 0) {
                    decimals++;
                }
            } else if (b == '.' && decimals < 0 && count > 0) {
                decimals = 0;
            } else {
                break;
            }
            at++;
        }
        if (count == 0 || decimals == 0 || at - start > MAX_NUMBER_LENGTH
                || (at < in.length && (in[at] == 'e' || in[at] == 'E'))) {
            return Double.NaN;
        }
        if (count <= 15 && decimals <= 22) {
            long signed = negative ? -digits : digits;
            return decimals <= 0 ? (double) signed : signed / POWERS_OF_TEN[decimals];
        }
        return Double.parseDouble(new String(in, start, at - start, StandardCharsets.US_ASCII));
    }

    /**
     * Seconds with at most three decimals and at most 1e11 in size, as milliseconds;
     * {@link #NOT_A_TIME} for any other token.
     */
    private long seconds() {
        boolean negative = skip('-');
        long millis = unsignedMillis();
        return millis < 0 ? NOT_A_TIME : negative ? -millis : millis;
    }

    /** {@link #seconds} without a sign; below zero for any other token. */
    private long unsignedMillis() {
        long seconds = 0;
        int count = 0;
        while (at < in.length && in[at] >= '0' && in[at] <= '9') {
            if (count == 1 && seconds == 0) {
                return -1;
            }
            seconds = seconds * 10 + (in[at++] - '0');
            if (++count > 12) {
                return -1;
            }
        }
        if (count == 0) {
            return -1;
        }
        long millis = seconds * 1000;
        if (at < in.length && in[at] == '.') {
            at++;
            int decimals = 0;
            long fraction = 0;
            while (at < in.length && in[at] >= '0' && in[at] <= '9') {
                fraction = fraction * 10 + (in[at++] - '0');
                if (++decimals > 3) {
                    return -1;
                }
            }
            if (decimals == 0) {
                return -1;
            }
            for (int i = decimals; i < 3; i++) {
                fraction *= 10;
            }
            millis += fraction;
        }
        if (at < in.length && (in[at] == 'e' || in[at] == 'E')) {
            return -1;
        }
        return millis <= MAX_TIME_MILLIS ? millis : -1;
    }

    /**
     * A unit's text up to its closing quote: printable ASCII without a quote or a backslash (an
     * escape is left to the strict path); {@code null} for any other.
     */
    private String unit() {
        int start = at;
        while (at < in.length && in[at] > ' ' && in[at] < 0x7f && in[at] != '"' && in[at] != '\\') {
            at++;
        }
        if (!skip('"')) {
            return null;
        }
        return new String(in, start, at - 1 - start, StandardCharsets.US_ASCII);
    }

    private static boolean isIdByte(byte b) {
        return (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '-';
    }

    private static boolean isQuantityByte(byte b) {
        return (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '_';
    }

    private boolean skip(char c) {
        if (at < in.length && in[at] == c) {
            at++;
            return true;
        }
        return false;
    }

    private boolean skip(byte[] token) {
        return skip(token, 0);
    }

    /** The token from its {@code from}-th byte on. */
    private boolean skip(byte[] token, int from) {
        int length = token.length - from;
        if (at + length > in.length || !Arrays.equals(in, at, at + length, token, from, token.length)) {
            return false;
        }
        at += length;
        return true;
    }

    /** ASCII text, byte for byte. */
    private boolean skipText(String text) {
        if (at + text.length() > in.length) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (in[at + i] != text.charAt(i)) {
                return false;
            }
        }
        at += text.length();
        return true;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
