package org.envgate.common;

/**
 * Makes a string that came from outside (an MQTT payload, a sensor, an HTTP request) safe to put
 * in a log line: one line, no terminal escapes, and short, so a hostile sender can neither forge
 * a log line nor flood the journal.
 */
public final class LogText {

    /** The longest untrusted text a log line carries, in characters, before the cut mark. */
    public static final int MAX_LENGTH = 80;

    private LogText() {
    }

    /** {@code text} with control characters escaped and cut to {@link #MAX_LENGTH}; "null" for null. */
    public static String untrusted(String text) {
        return untrusted(text, MAX_LENGTH);
    }

    /** {@code text} with control characters escaped and cut to {@code maxLength} characters of the original. */
    public static String untrusted(String text, int maxLength) {
        if (text == null) {
            return "null";
        }
        int end = Math.min(text.length(), maxLength);
        StringBuilder safe = new StringBuilder(end + 16);
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> safe.append("\\n");
                case '\r' -> safe.append("\\r");
                case '\t' -> safe.append("\\t");
                case '\\' -> safe.append("\\\\");
                default -> {
                    // C0 and C1 controls (ESC starts ANSI sequences), DEL, line and paragraph
                    // separators, and bidi overrides that reorder what a reader sees.
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029'
                            || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069')) {
                        safe.append(String.format("\\u%04x", (int) c));
                    } else {
                        safe.append(c);
                    }
                }
            }
        }
        if (text.length() > end) {
            safe.append("…(").append(text.length()).append(" chars)");
        }
        return safe.toString();
    }
}
