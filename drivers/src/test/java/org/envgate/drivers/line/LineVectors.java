package org.envgate.drivers.line;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.envgate.drivers.DriverOptions;
import org.envgate.testing.MapDriverOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The line instruments' test vectors: a folder per instrument under {@code vectors/line} with the
 * format as its page in docs/sensors/line.md shows it ({@code format.yaml}), captures
 * ({@code *.txt}, bytes as the instrument sent them) and for each capture what every line must
 * give ({@code *.expect}). A new capture is a new file, a new instrument a new folder.
 */
final class LineVectors {

    private LineVectors() {
    }

    static Path folder() {
        URL url = LineVectors.class.getClassLoader().getResource("vectors/line");
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static List<Path> instruments() {
        try (Stream<Path> folders = Files.list(folder())) {
            return folders.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Path> captures(Path instrument) {
        try (Stream<Path> files = Files.list(instrument)) {
            return files.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The instrument's format options, read the way the gateway's config gives them to the driver. */
    static DriverOptions format(Path instrument) {
        try {
            Map<String, Object> yaml = new Yaml().load(Files.readString(instrument.resolve("format.yaml")));
            @SuppressWarnings("unchecked")
            Map<String, ?> options = (Map<String, ?>) texts(yaml);
            return new MapDriverOptions(options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What each line of {@code capture} must give: quantity names to values, or empty for a frame error. */
    static List<Map<String, Double>> expectations(Path capture) {
        Path file = capture.resolveSibling(capture.getFileName().toString().replaceFirst("\\.txt$", ".expect"));
        try {
            return Files.readAllLines(file).stream()
                    .map(line -> line.replaceFirst("#.*", "").trim())
                    .filter(line -> !line.isEmpty())
                    .map(LineVectors::expectation)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Double> expectation(String line) {
        Map<String, Double> values = new LinkedHashMap<>();
        if (line.equals("mismatch")) {
            return values;
        }
        for (String pair : line.split("\\s+")) {
            String[] nameValue = pair.split("=", 2);
            values.put(nameValue[0], Double.parseDouble(nameValue[1]));
        }
        return values;
    }

    /** Config values as the texts they are written as: {@code 1} and {@code [0, 14]} as the config loader reads them. */
    private static Object texts(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> texts = new LinkedHashMap<>();
            map.forEach((k, v) -> texts.put(String.valueOf(k), texts(v)));
            return texts;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(LineVectors::texts).toList();
        }
        return String.valueOf(value);
    }
}
