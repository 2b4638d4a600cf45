package org.envgate.drivers.ezo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.envgate.drivers.MalformedFrameException;
import org.envgate.drivers.Measurement;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file in {@code vectors/ezo/}: a circuit, its {@code O,?} or {@code S,?} answer where it
 * has one, a reading line, and the values (or the error) it must give. ASCII lines, so the
 * files are plain {@code key: value} text.
 */
class EzoVectorTest {

    static Stream<Path> vectors() throws IOException, URISyntaxException {
        Path folder = Path.of(EzoVectorTest.class.getResource("/vectors/ezo").toURI());
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void decodes(Path file) throws Exception {
        Map<String, String> fields = new LinkedHashMap<>();
        Map<String, Double> expected = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            if (line.startsWith("expect ")) {
                String[] kv = line.substring(7).split("=");
                expected.put(kv[0].trim(), Double.parseDouble(kv[1].trim()));
            } else {
                fields.put(line.substring(0, line.indexOf(':')), line.substring(line.indexOf(':') + 1).trim());
            }
        }
        EzoCircuit circuit = EzoCircuit.valueOf(fields.get("circuit"));
        if (fields.containsKey("expect-error")) {
            MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> values(circuit, fields).parse(fields.get("line")));
            assertEquals(fields.get("expect-error"), e.getMessage());
            return;
        }
        List<Measurement> values = values(circuit, fields).parse(fields.get("line"));
        Map<String, Double> actual = values.stream().collect(Collectors.toMap(m -> m.quantity().id(), Measurement::value,
                (a, b) -> a, LinkedHashMap::new));
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((quantity, value) -> assertEquals(value, actual.get(quantity), 1e-9, quantity));
    }

    private static EzoValues values(EzoCircuit circuit, Map<String, String> fields) throws MalformedFrameException {
        if (fields.containsKey("outputs")) {
            return EzoValues.withOutputs(circuit, fields.get("outputs"));
        }
        if (fields.containsKey("scale")) {
            return EzoValues.withScale(fields.get("scale"));
        }
        return EzoValues.single(circuit);
    }
}
