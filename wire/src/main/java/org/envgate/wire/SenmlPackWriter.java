package org.envgate.wire;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes one SenML JSON pack of a gateway's readings record by record, straight to bytes.
 *
 * <p>The first record carries the base name {@code G/}, the base time (the first reading's, in
 * epoch seconds with millisecond precision) and the base unit (the first reading's unit); every
 * record then carries its name {@code <sensor>/<quantity>}, its value, its time relative to the
 * base time in seconds ({@code t}, left out when it equals the base time) and its unit only when
 * it differs from the base unit. Any RFC 8428 reader resolves each record to the same name,
 * unit, value and absolute time as a pack that spells them out in every record, in some 40 bytes
 * a reading instead of 60: what a backlog costs the link and the broker per reading.
 */
public final class SenmlPackWriter {

    /** Values written in plain decimals: from here ... */
    static final double PLAIN_FROM = 1e-9;
    /** ... to below here; whole numbers below it are written as integers. */
    static final double PLAIN_BELOW = 1e15;
    private static final byte[] NAME = ascii("{\"n\":\"");
    private static final byte[] VALUE = ascii(",\"v\":");
    private static final byte[] TIME = ascii(",\"t\":");
    private static final byte[] UNIT = ascii(",\"u\":\"");
    private static final byte[] FLAG = ascii(",\"qc\":");
    private static final byte[] TESTS = ascii(",\"qt\":\"");
    private static final byte[] RAW = ascii(",\"raw\":");
    /** Powers of ten for values with up to six decimals, the resolution of every sensor read. */
    private static final double[] POW10 = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6};
    /** Below this, a value times 1e6 is a whole number a double holds exactly. */
    private static final double SHORT_DECIMAL_BELOW = 9e9;

    private final String gatewayId;
    private byte[] out;
    private int length;
    private int records;
    private long baseTimeMillis;
    private String baseUnit;

    /** @param expectedRecords sizes the first buffer; the pack grows past it if need be */
    public SenmlPackWriter(String gatewayId, int expectedRecords) {
        this.gatewayId = gatewayId;
        this.out = new byte[64 + Math.max(1, expectedRecords) * 48];
    }

    /** Appends a reading; see {@link #add(byte[], String, double, long, Quality)}. */
    public void add(Reading reading) {
        add(escaped(reading.sensor() + "/" + reading.quantity().id()), reading.unit(), reading.value(),
                reading.timeMillis(), reading.quality());
    }

    /**
     * A record name as it stands between the quotes of a JSON string, UTF-8: what
     * {@link #add(byte[], String, double, long, Quality)} takes, made once per series rather
     * than once per reading.
     */
    public static byte[] escaped(String name) {
        SenmlPackWriter scratch = new SenmlPackWriter("", 0);
        scratch.appendEscaped(name);
        return Arrays.copyOf(scratch.out, scratch.length);
    }

    /**
     * Appends one record.
     *
     * @param escapedName {@code <sensor>/<quantity>}, below the gateway's base name, as {@link #escaped} gives it
     */
    public void add(byte[] escapedName, String unit, double value, long timeMillis, Quality quality) {
        if (records == 0) {
            baseTimeMillis = timeMillis;
            baseUnit = unit;
            append("[{\"bn\":\"");
            appendEscaped(gatewayId);
            append("/\",\"bt\":");
            append(BigDecimal.valueOf(timeMillis, 3).toString());
            append(",\"bu\":\"");
            appendEscaped(unit);
            append("\",\"n\":\"");
        } else {
            ensure(1);
            out[length++] = ',';
            append(NAME);
        }
        append(escapedName);
        ensure(1);
        out[length++] = '"';
        if (!unit.equals(baseUnit)) {
            append(UNIT);
            appendEscaped(unit);
            ensure(1);
            out[length++] = '"';
        }
        append(VALUE);
        appendValue(value);
        if (timeMillis != baseTimeMillis) {
            append(TIME);
            appendSeconds(timeMillis - baseTimeMillis);
        }
        if (quality.flag() != QcFlag.PASS) {
            append(FLAG);
            appendLong(quality.flag().code());
            if (!quality.tests().isEmpty()) {
                append(TESTS);
                appendEscaped(quality.testNames());
                ensure(1);
                out[length++] = '"';
            }
        }
        if (quality.calibrated()) {
            append(RAW);
            appendValue(quality.raw());
        }
        ensure(1);
        out[length++] = '}';
        records++;
    }

    /** Records added so far. */
    public int records() {
        return records;
    }

    /** Bytes written so far, without the closing bracket. */
    public int size() {
        return length;
    }

    /** The pack: a JSON array of the records added ({@code []} when none were). */
    public byte[] toBytes() {
        if (records == 0) {
            return new byte[] {'[', ']'};
        }
        byte[] pack = Arrays.copyOf(out, length + 1);
        pack[length] = ']';
        return pack;
    }

    /**
     * A whole number without a decimal point; any other value in its shortest decimal form
     * ({@code 7.52}, {@code 0.0625}), written out without an exponent from 1e-9 to 1e15 (Java
     * writes 0.0001 as {@code 1.0E-4}). Drivers round values to the sensor's resolution, so
     * this is the value as the sensor resolved it.
     */
    private void appendValue(double value) {
        double magnitude = Math.abs(value);
        if (value == Math.rint(value) && magnitude < PLAIN_BELOW) {
            appendLong((long) value);
        } else if (magnitude < SHORT_DECIMAL_BELOW && appendShortDecimal(value)) {
            return;
        } else if (magnitude >= PLAIN_FROM && magnitude < PLAIN_BELOW) {
            // Double.toString is already the shortest form, and plain from 1e-3 to 1e7.
            String shortest = Double.toString(value);
            append(shortest.indexOf('E') < 0 ? shortest : BigDecimal.valueOf(value).stripTrailingZeros().toPlainString());
        } else {
            append(Double.toString(value));
        }
    }

    /**
     * A value of at most six decimals, in the fewest of them, without a string on the way: the
     * decimal m/10^k is written for the smallest k whose m divided by 10^k gives the value back.
     * Both that division and a reader's parse round the same exact fraction to the nearest
     * double, so the reader gets this very value.
     *
     * @return false, writing nothing, when the value needs more than six decimals
     */
    private boolean appendShortDecimal(double value) {
        double magnitude = Math.abs(value);
        for (int k = 1; k < POW10.length; k++) {
            long m = Math.round(magnitude * POW10[k]);
            if (m / POW10[k] != magnitude) {
                continue;
            }
            long scale = (long) POW10[k];
            ensure(1);
            if (value < 0) {
                out[length++] = '-';
            }
            appendLong(m / scale);
            long fraction = m % scale;
            ensure(k + 1);
            out[length++] = '.';
            for (long divisor = scale / 10; divisor > 0; divisor /= 10) {
                out[length++] = (byte) ('0' + fraction / divisor % 10);
            }
            return true;
        }
        return false;
    }

    /** Milliseconds as seconds, in the fewest digits: {@code 2}, {@code 0.5}, {@code -1.25}. */
    private void appendSeconds(long millis) {
        if (millis < 0) {
            ensure(1);
            out[length++] = '-';
            millis = -millis;
        }
        appendLong(millis / 1000);
        int fraction = (int) (millis % 1000);
        if (fraction != 0) {
            ensure(4);
            out[length++] = '.';
            int digits = fraction % 100 == 0 ? 1 : fraction % 10 == 0 ? 2 : 3;
            int divisor = 100;
            for (int i = 0; i < digits; i++) {
                out[length++] = (byte) ('0' + fraction / divisor % 10);
                divisor /= 10;
            }
        }
    }

    private void appendLong(long value) {
        if (value >= 0 && value < 10) {
            ensure(1);
            out[length++] = (byte) ('0' + value);
        } else {
            append(Long.toString(value));
        }
    }

    /** Text as a JSON string's content: quote, backslash and control characters escaped, UTF-8. */
    private void appendEscaped(String text) {
        // At most six bytes a character: a control character is written as a JSON escape of six.
        ensure(text.length() * 6);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                out[length++] = (byte) c;
            } else if (c == '"' || c == '\\') {
                out[length++] = '\\';
                out[length++] = (byte) c;
            } else if (c < 0x20) {
                append(String.format("\\u%04x", (int) c));
            } else {
                int end = i + 1;
                while (end < text.length() && text.charAt(end) >= 0x7f) {
                    end++;
                }
                append(text.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end - 1;
            }
        }
    }

    /** ASCII text, as numbers and the fixed parts of the pack are. */
    private void append(String ascii) {
        ensure(ascii.length());
        for (int i = 0; i < ascii.length(); i++) {
            out[length++] = (byte) ascii.charAt(i);
        }
    }

    private void append(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, out, length, bytes.length);
        length += bytes.length;
    }

    private void ensure(int more) {
        if (length + more > out.length) {
            out = Arrays.copyOf(out, Math.max(out.length * 2, length + more));
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
