package org.envgate.ingest.config;

import org.envgate.common.config.ConfigException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file in {@code config/bad/} is a broken config whose header says the line, key and
 * message the loader must report: a new case is a new file.
 */
class BadConfigFilesTest {

    static Stream<Path> badConfigs() throws IOException, URISyntaxException {
        Path folder = Path.of(BadConfigFilesTest.class.getResource("/config/bad").toURI());
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> sorted = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
            return sorted.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badConfigs")
    void reportsFileLineAndKey(Path file) throws IOException {
        Map<String, String> expect = Files.readAllLines(file).stream()
                .filter(l -> l.startsWith("# expect-"))
                .collect(Collectors.toMap(l -> l.substring(2, l.indexOf(':')), l -> l.substring(l.indexOf(':') + 1).strip()));
        IngestConfigLoader loader = new IngestConfigLoader();

        ConfigException e = assertThrows(ConfigException.class, () -> loader.load(file));

        assertEquals(file.toString(), e.file());
        assertEquals(Integer.parseInt(expect.get("expect-line")), e.line(), e.getMessage());
        assertEquals(expect.get("expect-key"), e.key(), e.getMessage());
        String prefix = file + ":" + e.line() + ": " + (e.key().isEmpty() ? "" : e.key() + ": ");
        if (expect.containsKey("expect-message")) {
            assertEquals(prefix + expect.get("expect-message"), e.getMessage());
        } else {
            assertTrue(e.getMessage().startsWith(prefix + expect.get("expect-message-starts")), e.getMessage());
        }
    }
}
