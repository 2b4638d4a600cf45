package org.envgate.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.envgate.drivers.DriverOptions;
import org.envgate.drivers.OptionException;

/**
 * {@link DriverOptions} from a map of config texts, for tests. A value is a text, or for
 * {@link #list} a list of maps like this one. A malformed value throws {@link OptionException}
 * naming its key path, e.g. {@code registers[1].scale}, as the gateway's config does.
 */
public final class MapDriverOptions implements DriverOptions {

    private static final Pattern DURATION = Pattern.compile("([0-9]+)(ms|s|m|h)");

    private final Map<String, ?> values;
    private final String path;

    public MapDriverOptions(Map<String, ?> values) {
        this(values, "");
    }

    private MapDriverOptions(Map<String, ?> values, String path) {
        this.values = Map.copyOf(values);
        this.path = path;
    }

    @Override
    public String keyPath(String key) {
        return path + key;
    }

    @Override
    public String text(String key, String defaultValue) {
        Object value = values.get(key);
        if (value == null) {
            return defaultValue;
        }
        if (!(value instanceof String text)) {
            throw new OptionException(keyPath(key), keyPath(key) + " must be a single value, not a list");
        }
        return text;
    }

    @Override
    public int integer(String key, int defaultValue) {
        String text = text(key, null);
        try {
            return text == null ? defaultValue : Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new OptionException(keyPath(key), keyPath(key) + ": '" + text + "' is not a whole number");
        }
    }

    @Override
    public double number(String key, double defaultValue) {
        String text = text(key, null);
        try {
            return text == null ? defaultValue : Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new OptionException(keyPath(key), keyPath(key) + ": '" + text + "' is not a number");
        }
    }

    @Override
    public Duration duration(String key, Duration defaultValue) {
        String text = text(key, null);
        if (text == null) {
            return defaultValue;
        }
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            throw new OptionException(keyPath(key), keyPath(key) + ": '" + text + "' is not a duration");
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }

    @Override
    public <E extends Enum<E>> E choice(String key, Class<E> type, E defaultValue) {
        String text = text(key, null);
        if (text == null) {
            return defaultValue;
        }
        return Arrays.stream(type.getEnumConstants())
                .filter(constant -> DriverOptions.kebab(constant).equals(text))
                .findFirst()
                .orElseThrow(() -> new OptionException(keyPath(key), keyPath(key) + " must be one of "
                        + Arrays.stream(type.getEnumConstants()).map(DriverOptions::kebab)
                                .collect(Collectors.joining("|")) + ", got '" + text + "'"));
    }

    @Override
    public List<DriverOptions> list(String key) {
        Object value = values.get(key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> items)) {
            throw new OptionException(keyPath(key), keyPath(key) + " must be a list");
        }
        List<DriverOptions> views = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String itemPath = keyPath(key) + "[" + i + "]";
            if (!(items.get(i) instanceof Map<?, ?> item)) {
                throw new OptionException(itemPath, itemPath + " must be a mapping of keys to values");
            }
            @SuppressWarnings("unchecked")
            Map<String, ?> entries = (Map<String, ?>) item;
            views.add(new MapDriverOptions(entries, itemPath + "."));
        }
        return views;
    }

    @Override
    public Map<String, DriverOptions> map(String key) {
        Object value = values.get(key);
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> entries)) {
            throw new OptionException(keyPath(key), keyPath(key) + " must be a mapping");
        }
        Map<String, DriverOptions> views = new java.util.LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : entries.entrySet()) {
            String entryPath = keyPath(key) + "." + entry.getKey();
            if (!(entry.getValue() instanceof Map<?, ?> inner)) {
                throw new OptionException(entryPath, entryPath + " must be a mapping of keys to values");
            }
            @SuppressWarnings("unchecked")
            Map<String, ?> innerEntries = (Map<String, ?>) inner;
            views.put(String.valueOf(entry.getKey()), new MapDriverOptions(innerEntries, entryPath + "."));
        }
        return views;
    }

    /** A list of numbers, or a text {@code [a, b]}. */
    @Override
    public List<Double> numbers(String key, int count) {
        Object value = values.get(key);
        if (value == null) {
            return List.of();
        }
        List<?> items = value instanceof List<?> list ? list
                : Arrays.asList(String.valueOf(value).replaceAll("[\\[\\]]", "").split(","));
        if (items.size() != count) {
            throw new OptionException(keyPath(key), keyPath(key) + " must be a list of " + count + " numbers");
        }
        List<Double> numbers = new ArrayList<>();
        for (Object item : items) {
            try {
                numbers.add(Double.parseDouble(String.valueOf(item).trim()));
            } catch (NumberFormatException e) {
                throw new OptionException(keyPath(key), keyPath(key) + ": '" + item + "' is not a number");
            }
        }
        return numbers;
    }
}
