package org.envgate.common.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.envgate.common.config.ConfigException;
import org.junit.jupiter.api.function.Executable;

/**
 * Broken config files whose header says what the loader must report, Telegraf style: a new
 * case is a new file. The header lines are {@code # expect-line: N}, {@code # expect-key: K}
 * and {@code # expect-message: M} (or {@code # expect-message-starts: M}).
 */
public final class BadConfigFiles {

    private BadConfigFiles() {
    }

    /** The {@code .yaml} files of a test resource folder, e.g. {@code /config/bad}. */
    public static Stream<Path> in(Class<?> test, String folder) throws IOException, URISyntaxException {
        try (Stream<Path> files = Files.list(Path.of(test.getResource(folder).toURI()))) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    /** Loading {@code file} must fail with the file, line, key and message its header states. */
    public static void assertReported(Path file, Executable load) throws IOException {
        Map<String, String> expect = Files.readAllLines(file).stream()
                .filter(l -> l.startsWith("# expect-"))
                .collect(Collectors.toMap(l -> l.substring(2, l.indexOf(':')), l -> l.substring(l.indexOf(':') + 1).strip()));

        ConfigException e = assertThrows(ConfigException.class, load);

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
