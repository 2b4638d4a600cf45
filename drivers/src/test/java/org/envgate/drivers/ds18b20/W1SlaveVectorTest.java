package org.envgate.drivers.ds18b20;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.envgate.drivers.ChecksumMismatchException;
import org.envgate.drivers.FrameException;
import org.envgate.drivers.MalformedFrameException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every {@code vectors/ds18b20/*.w1} through the decoder. Format: {@code #} comments,
 * {@code | } lines are the file's lines, then {@code expect temperature = C} or
 * {@code expect error = checksum|power-on|all-zero|malformed}.
 */
class W1SlaveVectorTest {

    private static final Map<String, Class<? extends FrameException>> ERRORS = Map.of(
            "checksum", ChecksumMismatchException.class,
            "power-on", PowerOnValueException.class,
            "all-zero", AllZeroScratchpadException.class,
            "malformed", MalformedFrameException.class);

    record Vector(String name, String text, String key, String value) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Vector> vectors() throws IOException, URISyntaxException {
        Path folder = Path.of(W1SlaveVectorTest.class.getClassLoader().getResource("vectors/ds18b20").toURI());
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.toString().endsWith(".w1")).sorted().map(W1SlaveVectorTest::parse).toList();
        }
    }

    /** The w1_slave text of a vector file, as the kernel writes it. */
    public static String text(Path file) {
        return parse(file).text();
    }

    private static Vector parse(Path file) {
        StringBuilder text = new StringBuilder();
        String[] expect = null;
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith("| ")) {
                    text.append(line.substring(2)).append('\n');
                } else if (line.startsWith("expect ")) {
                    expect = line.substring("expect ".length()).split("=", 2);
                } else if (!line.isBlank() && !line.startsWith("#")) {
                    throw new IllegalArgumentException(file + ": unexpected line '" + line + "'");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (expect == null || expect.length != 2) {
            throw new IllegalArgumentException(file + ": a vector must have one 'expect KEY = VALUE'");
        }
        return new Vector(file.getFileName().toString(), text.toString(), expect[0].trim(), expect[1].trim());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void decodesAsExpected(Vector vector) throws FrameException {
        switch (vector.key()) {
            case "temperature" -> assertEquals(Double.parseDouble(vector.value()), W1SlaveDecoder.temperature(vector.text()), 1e-9);
            case "error" -> {
                Class<? extends FrameException> expected = ERRORS.get(vector.value());
                if (expected == null) {
                    throw new IllegalArgumentException(vector + ": unknown error '" + vector.value() + "'; known: " + ERRORS.keySet());
                }
                assertEquals(expected, assertThrows(FrameException.class, () -> W1SlaveDecoder.temperature(vector.text())).getClass());
            }
            default -> throw new IllegalArgumentException(vector + ": unknown expectation '" + vector.key() + "'");
        }
    }
}
