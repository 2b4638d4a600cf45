package org.envgate.drivers.pulse;

import java.time.Duration;
import java.util.Map;
import org.envgate.drivers.DriverOptions;
import org.envgate.testing.MapDriverOptions;

/** Test options that also parse durations in milliseconds ({@code 5ms}), which the shared double does not. */
final class PulseOptions implements DriverOptions {

    private final Map<String, String> values;
    private final MapDriverOptions others;

    PulseOptions(Map<String, String> values) {
        this.values = values;
        this.others = new MapDriverOptions(values);
    }

    @Override
    public String text(String key, String defaultValue) {
        return others.text(key, defaultValue);
    }

    @Override
    public int integer(String key, int defaultValue) {
        return others.integer(key, defaultValue);
    }

    @Override
    public double number(String key, double defaultValue) {
        return others.number(key, defaultValue);
    }

    @Override
    public Duration duration(String key, Duration defaultValue) {
        String text = values.get(key);
        return text == null ? defaultValue : Duration.ofMillis(Long.parseLong(text.replaceFirst("ms$", "")));
    }

    @Override
    public <E extends Enum<E>> E choice(String key, Class<E> type, E defaultValue) {
        return others.choice(key, type, defaultValue);
    }
}
