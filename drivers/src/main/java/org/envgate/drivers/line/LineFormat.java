package org.envgate.drivers.line;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.envgate.drivers.DriverOptions;
import org.envgate.drivers.Measurement;
import org.envgate.drivers.OptionException;
import org.envgate.wire.Quantity;

/**
 * How the values sit in an instrument's line: delimited fields picked by index, or the named
 * groups of a regular expression. Pure: a line in, values or a {@link LineMismatchException} out;
 * the only clock is the one a pattern's time limit is measured on.
 */
public final class LineFormat {

    public static final String DELIMITER = "delimiter";
    public static final String PATTERN = "pattern";
    public static final String PATTERN_TIMEOUT = "pattern-timeout";
    public static final String FIELDS = "fields";
    /** The {@code delimiter:} that splits at runs of spaces and tabs, as column-aligned output needs. */
    public static final String WHITESPACE = "whitespace";

    /** How long one match may take: far above a sane pattern's microseconds, far below an interval. */
    public static final Duration DEFAULT_PATTERN_TIMEOUT = Duration.ofMillis(50);
    static final Duration MAX_PATTERN_TIMEOUT = Duration.ofSeconds(1);

    /** Numbers as instruments print them: sign, digits, point, exponent; never NaN, Infinity or hex. */
    private static final Pattern NUMBER = Pattern.compile("[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]{1,3})?");
    private static final Pattern GROUP_NAME = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>");
    private static final int SHOWN = 60;

    private final String delimiter;
    private final Pattern pattern;
    private final Duration patternTimeout;
    private final List<LineField> fields;

    private LineFormat(String delimiter, Pattern pattern, Duration patternTimeout, List<LineField> fields) {
        this.delimiter = delimiter;
        this.pattern = pattern;
        this.patternTimeout = patternTimeout;
        this.fields = List.copyOf(fields);
    }

    /**
     * Reads the format from a sensor's options: {@code delimiter} or {@code pattern}, the
     * {@code fields} map of quantity names to fields, {@code pattern-timeout}.
     *
     * @throws OptionException naming the full key of the first problem
     */
    public static LineFormat parse(DriverOptions options) {
        String delimiter = options.text(DELIMITER, null);
        String patternText = options.text(PATTERN, null);
        Duration timeout = options.duration(PATTERN_TIMEOUT, DEFAULT_PATTERN_TIMEOUT);
        if ((delimiter == null) == (patternText == null)) {
            throw new OptionException(delimiter == null ? DELIMITER : PATTERN, delimiter == null
                    ? "delimiter or pattern is missing (required): how the values sit in the line"
                    : "delimiter and pattern: write only one of them");
        }
        if (delimiter != null && delimiter.isEmpty()) {
            throw new OptionException(DELIMITER, "delimiter must not be empty; " + WHITESPACE + " splits at spaces and tabs");
        }
        if (timeout.isZero() || timeout.isNegative() || timeout.compareTo(MAX_PATTERN_TIMEOUT) > 0) {
            throw new OptionException(PATTERN_TIMEOUT, PATTERN_TIMEOUT + " must be longer than 0 and at most 1s");
        }
        Pattern pattern = null;
        Set<String> groups = new HashSet<>();
        if (patternText != null) {
            try {
                pattern = Pattern.compile(patternText);
            } catch (PatternSyntaxException e) {
                throw new OptionException(PATTERN, "pattern is not a Java regular expression: " + e.getDescription()
                        + (e.getIndex() >= 0 ? " at character " + (e.getIndex() + 1) : ""));
            }
            Matcher names = GROUP_NAME.matcher(patternText);
            while (names.find()) {
                groups.add(names.group(1));
            }
        }
        Map<String, DriverOptions> items = options.map(FIELDS);
        if (items.isEmpty()) {
            throw new OptionException(FIELDS, "fields is missing (required): map each quantity to its place in the line");
        }
        List<LineField> fields = new ArrayList<>();
        for (Map.Entry<String, DriverOptions> item : items.entrySet()) {
            LineField field = LineField.parse(item.getKey(), item.getValue(), pattern != null);
            if (field.group() != null && !groups.contains(field.group())) {
                throw new OptionException(item.getValue().keyPath(LineField.GROUP), item.getValue().keyPath(LineField.GROUP)
                        + ": the pattern has no group named '" + field.group() + "'; name it with (?<" + field.group()
                        + ">...)" + (groups.isEmpty() ? "" : ", or use one of " + new java.util.TreeSet<>(groups)));
            }
            fields.add(field);
        }
        return new LineFormat(delimiter, pattern, timeout, fields);
    }

    public List<LineField> fields() {
        return fields;
    }

    /** The field of {@code quantity}, if the format reports it. */
    public java.util.Optional<LineField> field(Quantity quantity) {
        return fields.stream().filter(f -> f.quantity() == quantity).findFirst();
    }

    /**
     * The values of one line, in the order of the fields.
     *
     * @param nanoClock the clock the pattern's time limit is measured on
     * @throws LineMismatchException when the line does not fit the format, or matching it took longer than the limit
     */
    public List<Measurement> parse(String line, LongSupplier nanoClock) throws LineMismatchException {
        return pattern != null ? byPattern(line, nanoClock) : byDelimiter(line);
    }

    private List<Measurement> byDelimiter(String line) throws LineMismatchException {
        List<String> parts = split(line);
        List<Measurement> values = new ArrayList<>(fields.size());
        for (LineField field : fields) {
            if (field.index() >= parts.size()) {
                throw new LineMismatchException("line has " + parts.size() + " fields, " + field.quantity().id()
                        + " is field " + field.index() + " (from 0): " + shown(line));
            }
            values.add(new Measurement(field.quantity(), field.value(number(parts.get(field.index()), field, line))));
        }
        return values;
    }

    private List<Measurement> byPattern(String line, LongSupplier nanoClock) throws LineMismatchException {
        Matcher matcher = pattern.matcher(new DeadlineCharSequence(line, nanoClock.getAsLong() + patternTimeout.toNanos(),
                nanoClock));
        try {
            if (!matcher.find()) {
                throw new LineMismatchException("line does not match the pattern: " + shown(line));
            }
            List<Measurement> values = new ArrayList<>(fields.size());
            for (LineField field : fields) {
                String text = matcher.group(field.group());
                if (text == null) {
                    throw new LineMismatchException("group " + field.group() + " (" + field.quantity().id()
                            + ") matched nothing in: " + shown(line));
                }
                values.add(new Measurement(field.quantity(), field.value(number(text, field, line))));
            }
            return values;
        } catch (DeadlineCharSequence.DeadlinePassed e) {
            throw new LineMismatchException("matching the pattern took longer than " + patternTimeout.toMillis()
                    + " ms on a line of " + line.length() + " characters; simplify the pattern: " + shown(line));
        } catch (StackOverflowError e) {
            // java.util.regex recurses once per repetition of some groups; a long line can exhaust the stack.
            throw new LineMismatchException("the pattern recursed too deep on a line of " + line.length()
                    + " characters; simplify the pattern: " + shown(line));
        }
    }

    private List<String> split(String line) {
        List<String> parts = new ArrayList<>();
        if (delimiter.equals(WHITESPACE)) {
            for (String part : blanksTrimmed(line).split("[ \\t]+", -1)) {
                parts.add(part);
            }
            return parts;
        }
        int from = 0;
        for (int at = line.indexOf(delimiter); at >= 0; at = line.indexOf(delimiter, from)) {
            parts.add(line.substring(from, at));
            from = at + delimiter.length();
        }
        parts.add(line.substring(from));
        return parts;
    }

    private static double number(String text, LineField field, String line) throws LineMismatchException {
        String trimmed = blanksTrimmed(text);
        if (!NUMBER.matcher(trimmed).matches()) {
            throw new LineMismatchException(field.quantity().id() + ": '" + shown(trimmed) + "' is not a number in: "
                    + shown(line));
        }
        double number = Double.parseDouble(trimmed);
        if (!Double.isFinite(number)) {
            throw new LineMismatchException(field.quantity().id() + ": '" + shown(trimmed) + "' is beyond any number in: "
                    + shown(line));
        }
        return number;
    }

    /** Without the spaces and tabs around it; nothing else is taken away, so no control character is hidden. */
    private static String blanksTrimmed(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && (text.charAt(start) == ' ' || text.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && (text.charAt(end - 1) == ' ' || text.charAt(end - 1) == '\t')) {
            end--;
        }
        return text.substring(start, end);
    }

    /**
     * An instrument's text as a log line may show it: at most {@value #SHOWN} characters, every
     * character outside printable ASCII written as {@code \xNN} (or {@code \\uNNNN}), so line noise
     * cannot forge or garble a log line.
     */
    static String shown(String text) {
        StringBuilder shown = new StringBuilder();
        for (int i = 0; i < text.length() && i < SHOWN; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7F) {
                shown.append(c);
            } else {
                shown.append(c <= 0xFF ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
            }
        }
        return text.length() > SHOWN ? shown + "..." : shown.toString();
    }
}
