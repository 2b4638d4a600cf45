package org.envgate.drivers.line;

import java.math.BigDecimal;
import java.util.List;
import org.envgate.drivers.DriverOptions;
import org.envgate.drivers.OptionException;
import org.envgate.drivers.Resolution;
import org.envgate.drivers.ValueRange;
import org.envgate.wire.Quantity;

/**
 * Where one quantity sits in a line and how its number becomes the quantity's value:
 * {@code value = number x scale + offset}.
 *
 * @param quantity   what the value is, and so its unit
 * @param index      the field's place among the delimited fields, from 0; -1 for a pattern's group
 * @param group      the pattern's named group holding the number; null for a delimited field
 * @param scale      multiplies the number
 * @param offset     added after scaling
 * @param range      the instrument's range for the value; a value outside is a sensor error
 * @param resolution the step every value is rounded to
 */
public record LineField(Quantity quantity, int index, String group, double scale, double offset,
                        ValueRange range, Resolution resolution) {

    public static final String INDEX = "index";
    public static final String GROUP = "group";
    public static final String UNIT = "unit";
    public static final String SCALE = "scale";
    public static final String OFFSET = "offset";
    public static final String RANGE = "range";
    public static final String RESOLUTION = "resolution";

    /** Values are rounded to this unless {@code resolution} says otherwise: finer than any instrument prints. */
    static final Resolution DEFAULT_RESOLUTION = Resolution.of("0.001");

    /**
     * Reads the field named {@code name} (a quantity) from its options.
     *
     * @param byPattern whether the line format is a pattern (fields are groups) or delimited (fields are indexes)
     * @throws OptionException naming the full key of the first problem
     */
    static LineField parse(String name, DriverOptions options, boolean byPattern) {
        Quantity quantity = Quantity.byId(name).orElseThrow(() -> new OptionException(pathOf(options),
                pathOf(options) + ": '" + name + "' is not a quantity; one of " + names()));
        String unit = options.text(UNIT, null);
        if (unit == null) {
            throw new OptionException(options.keyPath(UNIT), options.keyPath(UNIT) + " is missing (required): "
                    + quantity.id() + " is reported in " + quantity.unit() + "; write unit: " + quantity.unit()
                    + " and convert with scale and offset");
        }
        if (!unit.equals(quantity.unit())) {
            throw new OptionException(options.keyPath(UNIT), options.keyPath(UNIT) + ": " + quantity.id()
                    + " is reported in " + quantity.unit() + ", not '" + unit + "'; convert with scale and offset "
                    + "and write unit: " + quantity.unit());
        }
        int index = -1;
        String group = null;
        if (byPattern) {
            if (options.text(INDEX, null) != null) {
                throw new OptionException(options.keyPath(INDEX), options.keyPath(INDEX)
                        + " needs delimiter; with a pattern a field is a named group (group:)");
            }
            group = options.text(GROUP, quantity.id());
            if (!group.matches("[a-zA-Z][a-zA-Z0-9]*")) {
                throw new OptionException(options.keyPath(GROUP), options.keyPath(GROUP) + ": '" + group
                        + "' cannot name a group (letters and digits only, e.g. (?<pm25>...)); write group: NAME");
            }
        } else {
            if (options.text(GROUP, null) != null) {
                throw new OptionException(options.keyPath(GROUP), options.keyPath(GROUP)
                        + " needs pattern; with a delimiter a field is an index (index:)");
            }
            index = options.integer(INDEX, -1);
            if (index < 0) {
                throw new OptionException(options.keyPath(INDEX), options.keyPath(INDEX)
                        + (options.text(INDEX, null) == null ? " is missing (required): " : " must be 0 or more: ")
                        + "the field's place in the line, 0 for the first");
            }
        }
        double scale = finite(options, SCALE, options.number(SCALE, 1));
        double offset = finite(options, OFFSET, options.number(OFFSET, 0));
        if (scale == 0) {
            throw new OptionException(options.keyPath(SCALE), options.keyPath(SCALE) + " must not be 0");
        }
        List<Double> ends = options.numbers(RANGE, 2);
        ValueRange range;
        try {
            range = ends.isEmpty() ? new ValueRange(quantity.min(), quantity.max()) : new ValueRange(ends.get(0), ends.get(1));
        } catch (IllegalArgumentException e) {
            throw new OptionException(options.keyPath(RANGE), options.keyPath(RANGE) + ": " + e.getMessage());
        }
        Resolution resolution = DEFAULT_RESOLUTION;
        String step = options.text(RESOLUTION, null);
        if (step != null) {
            try {
                resolution = new Resolution(new BigDecimal(step));
            } catch (IllegalArgumentException e) {
                throw new OptionException(options.keyPath(RESOLUTION), options.keyPath(RESOLUTION)
                        + " must be a step above 0, e.g. 0.1; got '" + step + "'");
            }
        }
        return new LineField(quantity, index, group, scale, offset, range, resolution);
    }

    /** The value of the number the line held here. */
    double value(double number) {
        return number * scale + offset;
    }

    private static double finite(DriverOptions options, String key, double value) {
        if (!Double.isFinite(value)) {
            throw new OptionException(options.keyPath(key), options.keyPath(key) + " must be a finite number");
        }
        return value;
    }

    private static String pathOf(DriverOptions options) {
        String path = options.keyPath(UNIT);
        return path.substring(0, path.length() - UNIT.length() - 1);
    }

    private static String names() {
        return String.join(", ", java.util.Arrays.stream(Quantity.values()).map(Quantity::id).toList());
    }
}
