package org.envgate.gateway.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.envgate.common.config.ConfigException;
import org.envgate.common.config.ConfigMap;
import org.envgate.drivers.DriverOptions;
import org.envgate.drivers.OptionException;

/**
 * A sensor's model-specific options, read from its config mapping with line numbers kept. Items
 * of a list option (a Modbus register map) are views of their own; the keys a driver never reads
 * in an item are typos, reported by {@link #checkItemsFullyRead()}.
 */
final class ConfigDriverOptions implements DriverOptions {

    private final ConfigMap sensor;
    /** How this view's keys are named relative to the sensor: empty, or {@code registers[1].}. */
    private final String prefix;
    private final Set<String> read = ConcurrentHashMap.newKeySet();
    private final List<ConfigDriverOptions> items = new CopyOnWriteArrayList<>();

    ConfigDriverOptions(ConfigMap sensor) {
        this(sensor, "");
    }

    private ConfigDriverOptions(ConfigMap map, String prefix) {
        this.sensor = map;
        this.prefix = prefix;
    }

    @Override
    public String keyPath(String key) {
        return prefix + key;
    }

    @Override
    public List<DriverOptions> list(String key) {
        List<ConfigMap> maps = read(key, () -> sensor.list(key));
        List<DriverOptions> views = new ArrayList<>();
        for (int i = 0; i < maps.size(); i++) {
            ConfigDriverOptions item = new ConfigDriverOptions(maps.get(i), prefix + key + "[" + i + "].");
            items.add(item);
            views.add(item);
        }
        return views;
    }

    @Override
    public Map<String, DriverOptions> map(String key) {
        Optional<ConfigMap> map = read(key, () -> sensor.map(key));
        Map<String, DriverOptions> views = new LinkedHashMap<>();
        if (map.isEmpty()) {
            return views;
        }
        for (String entry : map.get().keys()) {
            ConfigMap inner = read(key, () -> map.get().requiredMap(entry));
            ConfigDriverOptions item = new ConfigDriverOptions(inner, prefix + key + "." + entry + ".");
            items.add(item);
            views.put(entry, item);
        }
        return views;
    }

    @Override
    public List<Double> numbers(String key, int count) {
        return read(key, () -> sensor.has(key) ? sensor.numbers(key, count) : List.of());
    }

    /** Rejects keys in list items and mapping entries that the driver did not read. */
    void checkItemsFullyRead() throws ConfigException {
        for (ConfigDriverOptions item : items) {
            item.sensor.allowOnly(item.read);
            item.checkItemsFullyRead();
        }
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

    private <T> T read(String key, Read<T> reader) {
        read.add(key);
        try {
            return reader.read();
        } catch (ConfigException e) {
            throw new Invalid(keyPath(key), e);
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
