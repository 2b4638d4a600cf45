package org.envgate.drivers.line;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.envgate.drivers.DriverOptions;
import org.envgate.drivers.OptionException;
import org.envgate.drivers.Resolution;
import org.envgate.drivers.SensorDriver;
import org.envgate.drivers.SensorDriverProvider;
import org.envgate.drivers.SensorSpec;
import org.envgate.drivers.ValueRange;
import org.envgate.link.SerialSettings;
import org.envgate.wire.Quantity;

/**
 * Model {@code line}: any instrument that prints its values as a line of text (weather stations,
 * anemometers, sondes, data loggers), read through a format in the config.
 */
public final class LineDriverProvider implements SensorDriverProvider {

    public static final String COMMAND = "command";
    public static final String COMMAND_END = "command-end";
    public static final String TERMINATOR = "terminator";
    public static final String MAX_LINE = "max-line";
    public static final String TIMEOUT = "timeout";

    /** Longer than any instrument line seen (an NMEA sentence is at most 82), short enough to hold. */
    public static final int DEFAULT_MAX_LINE = 512;
    static final int MAX_MAX_LINE = 65_536;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);

    @Override
    public String model() {
        return "line";
    }

    /** Whatever the fields name. */
    @Override
    public Set<Quantity> quantities() {
        return EnumSet.allOf(Quantity.class);
    }

    @Override
    public Set<Quantity> quantities(DriverOptions options) {
        Set<Quantity> named = EnumSet.noneOf(Quantity.class);
        LineFormat.parse(options).fields().forEach(f -> named.add(f.quantity()));
        return named;
    }

    /** The field's {@code range}; for a quantity no field reads, or without a format, its plausible range. */
    @Override
    public ValueRange range(Quantity quantity, DriverOptions options) {
        return field(quantity, options).map(LineField::range).orElse(new ValueRange(quantity.min(), quantity.max()));
    }

    /** The field's {@code resolution}; for a quantity no field reads, or without a format, 0.001. */
    @Override
    public Resolution resolution(Quantity quantity, DriverOptions options) {
        return field(quantity, options).map(LineField::resolution).orElse(LineField.DEFAULT_RESOLUTION);
    }

    private static Optional<LineField> field(Quantity quantity, DriverOptions options) {
        boolean noFormat = options.text(LineFormat.DELIMITER, null) == null && options.text(LineFormat.PATTERN, null) == null
                && options.map(LineFormat.FIELDS).isEmpty();
        return noFormat ? Optional.empty() : LineFormat.parse(options).field(quantity);
    }

    @Override
    public Set<String> optionKeys() {
        return Set.of(COMMAND, COMMAND_END, TERMINATOR, MAX_LINE, TIMEOUT, LineFormat.DELIMITER, LineFormat.PATTERN,
                LineFormat.PATTERN_TIMEOUT, LineFormat.FIELDS);
    }

    /** The most common setting of instruments' RS-232 ports; most are configurable and many ship at 9600 or 19200. */
    @Override
    public SerialSettings defaultSerialSettings() {
        return SerialSettings.DEFAULT_9600_8N1;
    }

    @Override
    public Duration defaultWarmUp() {
        return Duration.ZERO;
    }

    @Override
    public SensorDriver create(SensorSpec spec, DriverOptions options) {
        LineFormat format = LineFormat.parse(options);
        String command = command(options);
        LineTerminator terminator = options.choice(TERMINATOR, LineTerminator.class, LineTerminator.LF);
        int maxLine = options.integer(MAX_LINE, DEFAULT_MAX_LINE);
        if (maxLine < 1 || maxLine > MAX_MAX_LINE) {
            throw new OptionException(MAX_LINE, MAX_LINE + " must be from 1 to " + MAX_MAX_LINE + " characters, got " + maxLine);
        }
        Duration timeout = options.duration(TIMEOUT, DEFAULT_TIMEOUT);
        if (timeout.isZero() || timeout.isNegative() || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new OptionException(TIMEOUT, TIMEOUT + " must be longer than 0 and at most 10m");
        }
        return new LineDriver(spec, format, command, terminator, maxLine, timeout);
    }

    /** What {@code command:} ends with: config values lose the spaces and line ends around them. */
    public enum CommandEnd {
        CRLF("\r\n"), CR("\r"), LF("\n"), NONE("");

        private final String text;

        CommandEnd(String text) {
            this.text = text;
        }
    }

    /**
     * The command with its escapes ({@code \r}, {@code \n}, {@code \t}, {@code \\}, {@code \xNN})
     * turned into those characters and {@code command-end} appended; null to listen only.
     */
    static String command(DriverOptions options) {
        String text = options.text(COMMAND, null);
        CommandEnd end = options.choice(COMMAND_END, CommandEnd.class, CommandEnd.CRLF);
        if (text == null) {
            if (options.text(COMMAND_END, null) != null) {
                throw new OptionException(COMMAND_END, COMMAND_END + " needs " + COMMAND);
            }
            return null;
        }
        StringBuilder command = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\') {
                command.append(c);
                continue;
            }
            char next = i + 1 < text.length() ? text.charAt(i + 1) : ' ';
            switch (next) {
                case 'r' -> command.append('\r');
                case 'n' -> command.append('\n');
                case 't' -> command.append('\t');
                case '\\' -> command.append('\\');
                case 'x' -> {
                    if (!text.substring(i + 2).matches("(?s)[0-9a-fA-F]{2}.*")) {
                        throw new OptionException(COMMAND, COMMAND + ": \\x must be followed by two hex digits");
                    }
                    command.append((char) Integer.parseInt(text.substring(i + 2, i + 4), 16));
                    i += 2;
                }
                default -> throw new OptionException(COMMAND, COMMAND + ": unknown escape \\" + next
                        + "; write \\r, \\n, \\t, \\\\ or \\xNN");
            }
            i++;
        }
        return command.append(end.text).toString();
    }
}
