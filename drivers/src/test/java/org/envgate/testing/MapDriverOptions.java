package org.envgate.testing;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.envgate.drivers.DriverOptions;
import org.envgate.drivers.OptionException;

/** {@link DriverOptions} from a map of config texts, for tests; only {@code choice} and {@code text} parse. */
public final class MapDriverOptions implements DriverOptions {

    private final Map<String, String> values;

    public MapDriverOptions(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    @Override
    public String text(String key, String defaultValue) {
        return values.getOrDefault(key, defaultValue);
    }

    @Override
    public int integer(String key, int defaultValue) {
        return values.containsKey(key) ? Integer.parseInt(values.get(key)) : defaultValue;
    }

    @Override
    public double number(String key, double defaultValue) {
        return values.containsKey(key) ? Double.parseDouble(values.get(key)) : defaultValue;
    }

    @Override
    public Duration duration(String key, Duration defaultValue) {
        throw new UnsupportedOperationException("durations are not parsed by this test double");
    }

    @Override
    public <E extends Enum<E>> E choice(String key, Class<E> type, E defaultValue) {
        String text = values.get(key);
        if (text == null) {
            return defaultValue;
        }
        return Arrays.stream(type.getEnumConstants())
                .filter(constant -> DriverOptions.kebab(constant).equals(text))
                .findFirst()
                .orElseThrow(() -> new OptionException(key, key + " must be one of "
                        + Arrays.stream(type.getEnumConstants()).map(DriverOptions::kebab)
                                .collect(Collectors.joining("|")) + ", got '" + text + "'"));
    }
}
