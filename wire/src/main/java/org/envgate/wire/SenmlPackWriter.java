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

    /** Appends a reading; see {@link #add(String, String, double, long, Quality)}. */
    public void add(Reading reading) {
        add(reading.sensor() + "/" + reading.quantity().id(), reading.unit(), reading.value(), reading.timeMillis(),
                reading.quality());
    }

    /**
     * Appends one record.
     *
     * @param name {@code <sensor>/<quantity>}, below the gateway's base name
     */
    public void add(String name, String unit, double value, long timeMillis, Quality quality) {
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
        appendEscaped(name);
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
        } else if (magnitude >= PLAIN_FROM && magnitude < PLAIN_BELOW) {
            // Double.toString is already the shortest form, and plain from 1e-3 to 1e7.
            String shortest = Double.toString(value);
            append(shortest.indexOf('E') < 0 ? shortest : BigDecimal.valueOf(value).stripTrailingZeros().toPlainString());
        } else {
            append(Double.toString(value));
        }
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
