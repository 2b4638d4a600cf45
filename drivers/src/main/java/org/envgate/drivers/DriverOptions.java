package org.envgate.drivers;

import java.time.Duration;

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

    /** Config spelling of an enum constant: {@code DROP_OLDEST} is {@code drop-oldest}. */
    static String kebab(Enum<?> constant) {
        return constant.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
