package org.envgate.gateway.config;

import java.time.Duration;
import org.envgate.drivers.DriverOptions;
import org.envgate.drivers.OptionException;

/** A sensor's model-specific options, read from its config mapping with line numbers kept. */
final class ConfigDriverOptions implements DriverOptions {

    private final ConfigMap sensor;

    ConfigDriverOptions(ConfigMap sensor) {
        this.sensor = sensor;
    }

    /** Carries a {@link ConfigException} (with its file and line) out of the driver's option reads. */
    static final class Invalid extends OptionException {
        final ConfigException problem;

        Invalid(String key, ConfigException problem) {
            super(key, problem.getMessage());
            this.problem = problem;
        }
    }

    private interface Read<T> {
        T read() throws ConfigException;
    }

    private static <T> T read(String key, Read<T> read) {
        try {
            return read.read();
        } catch (ConfigException e) {
            throw new Invalid(key, e);
        }
    }

    @Override
    public String text(String key, String defaultValue) {
        return read(key, () -> sensor.text(key, defaultValue));
    }

    @Override
    public int integer(String key, int defaultValue) {
        return read(key, () -> sensor.integer(key, defaultValue, Integer.MIN_VALUE, Integer.MAX_VALUE));
    }

    @Override
    public double number(String key, double defaultValue) {
        return read(key, () -> sensor.number(key, defaultValue));
    }

    @Override
    public Duration duration(String key, Duration defaultValue) {
        return read(key, () -> sensor.duration(key, defaultValue));
    }

    @Override
    public <E extends Enum<E>> E choice(String key, Class<E> type, E defaultValue) {
        return read(key, () -> sensor.choice(key, type, defaultValue));
    }
}
