package org.envgate.common.config;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * One YAML mapping of the config, with the file and line of every key, so that each problem
 * is reported as {@code file:line: key: problem}.
 */
public final class ConfigMap {

    /** A scalar that flow style can hold unquoted: a word, a number, a date, a duration. */
    private static final Pattern PLAIN_WORD = Pattern.compile("[A-Za-z0-9_./+-]+");

    private final String file;
    private final String path;
    private final int line;
    private final Map<String, NodeTuple> entries;

    private ConfigMap(String file, String path, int line, Map<String, NodeTuple> entries) {
        this.file = file;
        this.path = path;
        this.line = line;
        this.entries = entries;
    }

    /**
     * The top mapping of config file {@code file} whose text is {@code text} (see
     * {@link ConfigFiles#read}). Aliases are limited and recursive keys refused, so that a small
     * file cannot expand into a huge one.
     */
    public static ConfigMap parse(String file, String text) throws ConfigException {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(10);
        options.setAllowRecursiveKeys(false);
        options.setCodePointLimit(ConfigFiles.MAX_BYTES);
        Node node;
        try {
            node = new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new ConfigException(file, line, "", "not valid YAML: " + e.getProblem());
        } catch (YAMLException e) {
            throw new ConfigException(file, 0, "", "not valid YAML: " + e.getMessage());
        } catch (NumberFormatException e) {
            // SnakeYAML lets this out of its scanner when a double-quoted string ends inside a hex escape.
            throw new ConfigException(file, 0, "", "not valid YAML: an escape \\x, \\u or \\U in a double-quoted "
                    + "string lacks its hex digits");
        }
        if (node == null) {
            throw new ConfigException(file, 1, "", "the file is empty");
        }
        return of(file, "", node);
    }

    public static ConfigMap of(String file, String path, Node node) throws ConfigException {
        if (!(node instanceof MappingNode mapping)) {
            throw new ConfigException(file, line(node), path, "must be a mapping of keys to values");
        }
        Map<String, NodeTuple> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
                throw new ConfigException(file, line(tuple.getKeyNode()), path, "keys must be plain words");
            }
            String key = keyNode.getValue();
            NodeTuple first = entries.putIfAbsent(key, tuple);
            if (first != null) {
                throw new ConfigException(file, line(keyNode), join(path, key),
                        "duplicate key (first at line " + line(first.getKeyNode()) + ")");
            }
        }
        return new ConfigMap(file, path, line(node), entries);
    }

    static int line(Node node) {
        return node.getStartMark().getLine() + 1;
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    public String file() {
        return file;
    }

    public String path() {
        return path;
    }

    /** Line of the mapping itself. */
    public int line() {
        return line;
    }

    /** Line of {@code key}, or of the mapping when the key is absent. */
    public int line(String key) {
        NodeTuple tuple = entries.get(key);
        return tuple == null ? line : line(tuple.getKeyNode());
    }

    public String keyPath(String key) {
        return join(path, key);
    }

    public boolean has(String key) {
        return entries.containsKey(key);
    }

    public Set<String> keys() {
        return entries.keySet();
    }

    /** Whether {@code key} holds a list. */
    public boolean isList(String key) {
        NodeTuple tuple = entries.get(key);
        return tuple != null && tuple.getValueNode() instanceof SequenceNode;
    }

    /**
     * The value of {@code key} written back as one line of YAML flow style ({@code {a: 1, b: [2, 3]}}),
     * to copy a section into another file; a scalar stays plain when it is a plain word or number,
     * else it is double-quoted.
     */
    public String flowText(String key) {
        NodeTuple tuple = entries.get(key);
        return tuple == null ? "" : flow(tuple.getValueNode());
    }

    private static String flow(Node node) {
        if (node instanceof ScalarNode scalar) {
            String value = scalar.getValue();
            if (PLAIN_WORD.matcher(value).matches() && scalar.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN) {
                return value;
            }
            StringBuilder quoted = new StringBuilder("\"");
            value.codePoints().forEach(c -> quoted.append(c == '"' || c == '\\' ? "\\" + (char) c
                    : c < 0x20 || c == 0x7F ? String.format(Locale.ROOT, "\\x%02x", c) : Character.toString(c)));
            return quoted.append('"').toString();
        }
        if (node instanceof SequenceNode sequence) {
            return sequence.getValue().stream().map(ConfigMap::flow).collect(Collectors.joining(", ", "[", "]"));
        }
        return ((MappingNode) node).getValue().stream()
                .map(tuple -> flow(tuple.getKeyNode()) + ": " + flow(tuple.getValueNode()))
                .collect(Collectors.joining(", ", "{", "}"));
    }

    /** A problem with the value of {@code key}. */
    public ConfigException error(String key, String problem) {
        NodeTuple tuple = entries.get(key);
        int at = tuple == null ? line : line(tuple.getValueNode());
        return new ConfigException(file, at, join(path, key), problem);
    }

    private static final Pattern PATH_STEP = Pattern.compile("([^.\\[\\]]+)(?:\\[(\\d+)])?");

    /**
     * A problem at a nested key below this mapping, e.g. {@code registers[1].type} or
     * {@code fields.temperature.unit}; reported at
     * that key's line, or at the deepest part of the path that exists.
     */
    public ConfigException errorAt(String keyPath, String problem) {
        ConfigMap map = this;
        String[] steps = keyPath.split("\\.");
        for (int i = 0; i < steps.length - 1; i++) {
            Matcher step = PATH_STEP.matcher(steps[i]);
            try {
                if (!step.matches()) {
                    break;
                }
                if (step.group(2) == null) {
                    Optional<ConfigMap> inner = map.map(step.group(1));
                    if (inner.isEmpty()) {
                        break;
                    }
                    map = inner.get();
                    continue;
                }
                List<ConfigMap> items = map.list(step.group(1));
                int index = Integer.parseInt(step.group(2));
                if (index >= items.size()) {
                    break;
                }
                map = items.get(index);
            } catch (ConfigException | NumberFormatException e) {
                break;
            }
        }
        String last = steps[steps.length - 1];
        String rest = keyPath.substring(0, keyPath.length() - last.length());
        if (map != this || rest.isEmpty()) {
            return map.error(last, problem);
        }
        return new ConfigException(file, line, join(path, keyPath), problem);
    }

    /** Rejects every key not in {@code known}: a typo must not silently become a default. */
    public void allowOnly(Set<String> known) throws ConfigException {
        for (Map.Entry<String, NodeTuple> entry : entries.entrySet()) {
            if (!known.contains(entry.getKey())) {
                throw new ConfigException(file, line(entry.getValue().getKeyNode()), join(path, entry.getKey()),
                        "unknown key (known here: " + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
    }

    public ConfigException missing(String key) {
        return new ConfigException(file, line, join(path, key), "missing (required)");
    }

    public String requiredText(String key) throws ConfigException {
        return text(key).orElseThrow(() -> missing(key));
    }

    public Optional<String> text(String key) throws ConfigException {
        NodeTuple tuple = entries.get(key);
        if (tuple == null) {
            return Optional.empty();
        }
        if (!(tuple.getValueNode() instanceof ScalarNode scalar)) {
            throw error(key, "must be a single value, not a list or mapping");
        }
        String value = scalar.getValue().trim();
        if (value.isEmpty() || value.equals("~") || value.equals("null")) {
            throw error(key, "is empty");
        }
        return Optional.of(value);
    }

    public String text(String key, String defaultValue) throws ConfigException {
        return text(key).orElse(defaultValue);
    }

    public String id(String key, Pattern pattern) throws ConfigException {
        String value = requiredText(key);
        if (!pattern.matcher(value).matches()) {
            throw error(key, "'" + value + "' must match " + pattern.pattern());
        }
        return value;
    }

    public Duration duration(String key, Duration defaultValue) throws ConfigException {
        Optional<String> text = text(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        return Units.parseDuration(text.get())
                .orElseThrow(() -> error(key, "'" + text.get() + "' is not a duration (write e.g. 500ms, 10s, 5m, 2h, 7d)"));
    }

    public Duration positiveDuration(String key, Duration defaultValue) throws ConfigException {
        Duration d = duration(key, defaultValue);
        if (d.isZero()) {
            throw error(key, "must be longer than 0");
        }
        return d;
    }

    public long size(String key, long defaultValue) throws ConfigException {
        Optional<String> text = text(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        return Units.parseSize(text.get())
                .orElseThrow(() -> error(key, "'" + text.get() + "' is not a size (write e.g. 512MB, 2GB)"));
    }

    public int integer(String key, int defaultValue, int min, int max) throws ConfigException {
        Optional<String> text = text(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(text.get());
            if (value < min || value > max) {
                throw error(key, value + " is out of range (" + min + " to " + max + ")");
            }
            return value;
        } catch (NumberFormatException e) {
            throw error(key, "'" + text.get() + "' is not a whole number");
        }
    }

    public double number(String key, double defaultValue) throws ConfigException {
        Optional<String> text = text(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        try {
            double value = Double.parseDouble(text.get());
            if (!Double.isFinite(value)) {
                throw error(key, "'" + text.get() + "' is not a finite number");
            }
            return value;
        } catch (NumberFormatException e) {
            throw error(key, "'" + text.get() + "' is not a number");
        }
    }

    public <E extends Enum<E>> E choice(String key, Class<E> type, E defaultValue) throws ConfigException {
        Optional<String> text = text(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        List<String> allowed = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            String spelled = kebab(constant);
            if (spelled.equals(text.get())) {
                return constant;
            }
            allowed.add(spelled);
        }
        throw error(key, "'" + text.get() + "' is not one of " + String.join(", ", allowed));
    }

    /** Config spelling of an enum constant: {@code DROP_OLDEST} is {@code drop-oldest}. */
    public static String kebab(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public boolean bool(String key, boolean defaultValue) throws ConfigException {
        Optional<String> text = text(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        return switch (text.get()) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw error(key, "'" + text.get() + "' is not true or false");
        };
    }

    /** A path, resolved against the config file's folder when relative. */
    public Optional<Path> path(String key) throws ConfigException {
        Optional<String> text = text(key);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Path p = Path.of(text.get());
        Path folder = Path.of(file).toAbsolutePath().getParent();
        return Optional.of(p.isAbsolute() || folder == null ? p : folder.resolve(p).normalize());
    }

    /** {@link #path}, which must then name a regular file this process can read. */
    public Optional<Path> readableFile(String key) throws ConfigException {
        Optional<Path> path = path(key);
        if (path.isPresent() && !Files.isRegularFile(path.get())) {
            throw error(key, "no such file: " + path.get());
        }
        if (path.isPresent() && !Files.isReadable(path.get())) {
            throw error(key, "cannot read " + path.get() + " (permissions)");
        }
        return path;
    }

    /**
     * True when {@code key} is the single value {@code off} or {@code false}: a section that can
     * be switched off that way (e.g. one quality test) is then off.
     */
    public boolean isOff(String key) {
        NodeTuple tuple = entries.get(key);
        return tuple != null && tuple.getValueNode() instanceof ScalarNode scalar
                && (scalar.getValue().trim().equals("off") || scalar.getValue().trim().equals("false"));
    }

    /** A list of {@code count} finite numbers written {@code [a, b]}, e.g. a span. */
    public List<Double> numbers(String key, int count) throws ConfigException {
        NodeTuple tuple = entries.get(key);
        if (tuple == null) {
            throw missing(key);
        }
        if (!(tuple.getValueNode() instanceof SequenceNode sequence) || sequence.getValue().size() != count) {
            throw error(key, "must be a list of " + count + " numbers, e.g. [0, 250]");
        }
        List<Double> numbers = new ArrayList<>();
        for (Node item : sequence.getValue()) {
            String text = item instanceof ScalarNode scalar ? scalar.getValue().trim() : "";
            try {
                double value = Double.parseDouble(text);
                if (!Double.isFinite(value)) {
                    throw error(key, "'" + text + "' is not a finite number");
                }
                numbers.add(value);
            } catch (NumberFormatException e) {
                throw error(key, "'" + text + "' is not a number");
            }
        }
        return numbers;
    }

    /** A list of single values written {@code [a, b]}, e.g. names or durations; empty when the key is absent. */
    public List<String> words(String key) throws ConfigException {
        NodeTuple tuple = entries.get(key);
        if (tuple == null) {
            return List.of();
        }
        if (!(tuple.getValueNode() instanceof SequenceNode sequence)) {
            throw error(key, "must be a list, e.g. [a, b]");
        }
        List<String> words = new ArrayList<>();
        for (Node item : sequence.getValue()) {
            String text = item instanceof ScalarNode scalar ? scalar.getValue().trim() : "";
            if (text.isEmpty()) {
                throw error(key, "holds an empty item or a list or mapping; each item must be a single value");
            }
            words.add(text);
        }
        return words;
    }

    public Optional<ConfigMap> map(String key) throws ConfigException {
        NodeTuple tuple = entries.get(key);
        if (tuple == null) {
            return Optional.empty();
        }
        return Optional.of(of(file, join(path, key), tuple.getValueNode()));
    }

    public ConfigMap requiredMap(String key) throws ConfigException {
        return map(key).orElseThrow(() -> missing(key));
    }

    /** A list of mappings, e.g. {@code sensors}; each element's path is {@code key[i]}. */
    public List<ConfigMap> list(String key) throws ConfigException {
        NodeTuple tuple = entries.get(key);
        if (tuple == null) {
            return List.of();
        }
        if (!(tuple.getValueNode() instanceof SequenceNode sequence)) {
            throw error(key, "must be a list (each item starting with '- ')");
        }
        List<ConfigMap> items = new ArrayList<>();
        for (int i = 0; i < sequence.getValue().size(); i++) {
            items.add(of(file, join(path, key) + "[" + i + "]", sequence.getValue().get(i)));
        }
        return items;
    }
}
