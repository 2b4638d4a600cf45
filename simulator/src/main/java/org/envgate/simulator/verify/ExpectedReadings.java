package org.envgate.simulator.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.envgate.simulator.scenario.SentReading;
import org.envgate.wire.Quantity;

/** Reads an expected-readings file as {@code serve --scenario --expect} writes it. */
public final class ExpectedReadings {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ExpectedReadings() {
    }

    /**
     * Every line of {@code file}; a last line being written as it is read is left for later.
     *
     * @throws IOException when the file cannot be read or a line is not an expected reading, naming the line
     */
    public static List<SentReading> read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        List<String> lines = text.lines().toList();
        int complete = text.endsWith("\n") ? lines.size() : lines.size() - 1;
        List<SentReading> readings = new ArrayList<>();
        for (int i = 0; i < complete; i++) {
            try {
                JsonNode line = JSON.readTree(lines.get(i));
                String quantity = line.path("quantity").asText();
                readings.add(new SentReading(line.path("sensor").asText(),
                        Quantity.byId(quantity).orElseThrow(() -> new IOException("unknown quantity '" + quantity + "'")),
                        line.path("value").asDouble(), line.path("time").asLong(),
                        Math.round(line.path("sim_s").asDouble() * 1000)));
            } catch (IOException | RuntimeException e) {
                throw new IOException(file + ":" + (i + 1) + ": not an expected reading: " + e.getMessage(), e);
            }
        }
        return readings;
    }
}
