package org.envgate.drivers.line;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.envgate.drivers.Measurement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every capture of every line instrument, cut into lines and parsed with the instrument's documented format. */
class LineVectorTest {

    static Stream<Arguments> captures() {
        return LineVectors.instruments().stream().flatMap(instrument -> LineVectors.captures(instrument).stream()
                .map(capture -> Arguments.of(instrument.getFileName().toString(), capture)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("captures")
    void eachLineGivesTheExpectedValuesOrAFrameError(String instrument, Path capture) throws IOException {
        LineFormat format = LineFormat.parse(LineVectors.format(capture.getParent()));
        byte[] bytes = Files.readAllBytes(capture);
        List<Map<String, Double>> expected = LineVectors.expectations(capture);
        for (int piece : new int[] {bytes.length, 1, 7, 64}) {
            LineFramer framer = new LineFramer(LineTerminator.LF, LineDriverProvider.DEFAULT_MAX_LINE);
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < bytes.length; i += piece) {
                lines.addAll(framer.feed(Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + piece))));
            }
            assertEquals(expected.size(), lines.size(), capture + " in pieces of " + piece);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (expected.get(i).isEmpty()) {
                    assertThrows(LineMismatchException.class, () -> format.parse(line, System::nanoTime), line);
                } else {
                    assertEquals(expected.get(i), values(format, line), capture + " line " + (i + 1));
                }
            }
        }
    }

    @Test
    void theDocumentedExamplesAreTheFormatsTested() throws IOException {
        String page = Files.readString(Path.of("..", "docs", "sensors", "line.md"));
        for (Path instrument : LineVectors.instruments()) {
            for (String line : Files.readAllLines(instrument.resolve("format.yaml"))) {
                assertTrue(page.contains("    " + line + "\n"), instrument.getFileName() + ": docs/sensors/line.md lacks: " + line);
            }
        }
    }

    /** The values of a line, each rounded to its field's resolution as the range-checked driver sends it. */
    private static Map<String, Double> values(LineFormat format, String line) throws LineMismatchException {
        Map<String, Double> values = new LinkedHashMap<>();
        for (Measurement m : format.parse(line, System::nanoTime)) {
            values.put(m.quantity().id(), format.field(m.quantity()).orElseThrow().resolution().round(m.value()));
        }
        return values;
    }
}
