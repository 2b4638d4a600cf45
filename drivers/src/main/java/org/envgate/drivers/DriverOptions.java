package org.envgate.drivers;

import java.time.Duration;
import java.util.List;

/**
 * The model-specific options of one sensor, as written in the config beside the common ones.
 * Each getter returns the default when the key is absent and throws {@link OptionException}
 * naming the key when the value is malformed; the gateway turns that into file, line and key.
 */
public interface DriverOptions {

    String text(String key, String defaultValue);

    int integer(String key, int defaultValue);

    double number(String key, double defaultValue);

    Duration duration(String key, Duration defaultValue);

    /** One of {@code choices} (written kebab-case in the config), e.g. {@code active|passive}. */
    <E extends Enum<E>> E choice(String key, Class<E> type, E defaultValue);

    /**
     * Each item of the list under {@code key} (a list of mappings in the config, e.g. the
     * register map of a Modbus device) as options of its own, in order; empty when the key is
     * absent. Every problem inside an item names its full key, e.g. {@code registers[1].type}.
     * Implementations that have no lists reject the key.
     */
    default List<DriverOptions> list(String key) {
        throw new OptionException(key, key + " cannot be a list here");
    }

    /**
     * Each entry of the mapping under {@code key} (a mapping of mappings in the config, e.g. the
     * fields of a line instrument), by its key, in the config's order, as options of its own;
     * empty when the key is absent. Every problem inside an entry names its full key, e.g.
     * {@code fields.temperature.unit}. Implementations that have no mappings reject the key.
     */
    default java.util.Map<String, DriverOptions> map(String key) {
        throw new OptionException(key, key + " cannot be a mapping here");
    }

    /**
     * A list of {@code count} numbers written {@code [a, b]}, e.g. a range; empty when the key is
     * absent. Implementations that have no lists reject the key.
     */
    default List<Double> numbers(String key, int count) {
        throw new OptionException(key, key + " cannot be a list here");
    }

    /**
     * How this view names {@code key} in an error, for checks a driver makes itself: the key as
     * it is for a sensor's own options, {@code registers[1].type} inside an item of
     * {@link #list}. Put it in the {@link OptionException} the driver throws.
     */
    default String keyPath(String key) {
        return key;
    }

    /** Config spelling of an enum constant: {@code DROP_OLDEST} is {@code drop-oldest}. */
    static String kebab(Enum<?> constant) {
        return constant.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
