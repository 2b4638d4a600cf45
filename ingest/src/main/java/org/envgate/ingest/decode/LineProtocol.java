package org.envgate.ingest.decode;

import java.math.BigDecimal;

/**
 * Builds one line of InfluxDB line protocol: {@code measurement,tag=v,... field=v,... time}
 * with millisecond timestamps. Tags must be added in key order (what InfluxDB stores fastest);
 * names and values are escaped as the protocol requires, and line breaks, which it cannot
 * carry at all, become spaces.
 */
final class LineProtocol {

    private final StringBuilder line = new StringBuilder(96);
    private final boolean textFields;
    private boolean hasField;

    /** @param textFields false for a store that keeps only numbers: text fields are then left out */
    LineProtocol(String measurement, boolean textFields) {
        this.textFields = textFields;
        escape(measurement, ", ");
    }

    private LineProtocol(boolean textFields, String head) {
        this.textFields = textFields;
        line.append(head);
    }

    /** A line that starts with {@code head}, a {@link #head()}: measurement and tags, already escaped. */
    static LineProtocol after(String head, boolean textFields) {
        return new LineProtocol(textFields, head);
    }

    /** Starts this builder afresh on a line that starts with {@code head}, as {@link #after} would. */
    LineProtocol restart(String head) {
        line.setLength(0);
        line.append(head);
        hasField = false;
        return this;
    }

    /** The measurement and tags so far, for lines that share them ({@link #after}). */
    String head() {
        if (hasField) {
            throw new IllegalStateException("a head has no fields");
        }
        return line.toString();
    }

    LineProtocol tag(String key, String value) {
        line.append(',');
        escape(key, ",= ");
        line.append('=');
        escape(value, ",= ");
        return this;
    }

    LineProtocol field(String key, double value) {
        separateField(key);
        line.append(number(value));
        return this;
    }

    /** An integer field ({@code 3i}): stores keep it as an integer, not a float. */
    LineProtocol integerField(String key, long value) {
        separateField(key);
        line.append(value).append('i');
        return this;
    }

    /** A text field; left out for a store that keeps only numbers. */
    LineProtocol field(String key, String value) {
        if (!textFields) {
            return this;
        }
        separateField(key);
        line.append('"');
        escape(value, "\"\\");
        line.append('"');
        return this;
    }

    boolean hasField() {
        return hasField;
    }

    String at(long timeMillis) {
        return line.append(' ').append(timeMillis).toString();
    }

    private void separateField(String key) {
        line.append(hasField ? ',' : ' ');
        hasField = true;
        escape(key, ",= ");
        line.append('=');
    }

    /** Plain decimal: no exponent, which not every InfluxDB-compatible store parses. */
    static String number(double value) {
        String text = Double.toString(value);
        return text.indexOf('E') < 0 ? text : BigDecimal.valueOf(value).toPlainString();
    }

    private void escape(String text, String special) {
        if (plain(text, special)) {
            line.append(text);
            return;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                line.append(' ');
                continue;
            }
            if (special.indexOf(c) >= 0) {
                line.append('\\');
            }
            line.append(c);
        }
    }

    /** Nothing in it to escape or replace, as with every id and name a gateway sends. */
    private static boolean plain(String text, String special) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r' || special.indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }
}
