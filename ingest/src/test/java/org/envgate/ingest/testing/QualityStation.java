package org.envgate.ingest.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.envgate.drivers.DriverRegistry;
import org.envgate.gateway.Gateway;
import org.envgate.gateway.config.GatewayConfigLoader;
import org.envgate.simulator.ScenarioArguments;
import org.envgate.simulator.scenario.ScenarioServe;

/**
 * The station of the gateway's quality end-to-end test ({@code e2e/quality-station.yaml} of the
 * gateway module): twins on real pseudo-terminals driven into each condition quality control looks
 * for, read by the real gateway, which publishes to the broker given.
 */
public final class QualityStation {

    public static final String GATEWAY = "sim-quality-e2e";
    private static final Path STATION = Path.of("..", "gateway", "src", "test", "resources", "e2e", "quality-station.yaml");
    private static final Duration RUN = Duration.ofSeconds(16);
    private static final ObjectMapper JSON = new ObjectMapper();

    private QualityStation() {
    }

    /** How many of the station's readings a store holds now. */
    @FunctionalInterface
    public interface StoredCount {
        long now() throws Exception;
    }

    /**
     * Runs the station for its 16 seconds, publishing to {@code brokerUrl} with topic prefix
     * {@code envgate}, then keeps the gateway running until {@code stored} stops growing for
     * {@code settle} (what the gateway read has all arrived); returns the values the twins sent,
     * per {@code sensor/quantity}, from the scenario's {@code --expect} file.
     */
    public static Map<String, List<Double>> run(String brokerUrl, Path dir, StoredCount stored, Duration settle)
            throws Exception {
        Path scenario = Files.copy(STATION, dir.resolve("quality-station.yaml"));
        Path config = dir.resolve("gateway.yaml");
        Path expected = dir.resolve("expected.jsonl");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (ScenarioServe serve = ScenarioServe.start(new ScenarioArguments(scenario, config, expected, brokerUrl,
                dir.resolve("run")), new PrintStream(printed, true, StandardCharsets.UTF_8));
             Gateway gateway = Gateway.start(new GatewayConfigLoader(DriverRegistry.load()).load(config),
                     Clock.systemUTC(), null)) {
            Thread.sleep(RUN.toMillis());
            serve.close();
            long before;
            do {
                before = stored.now();
                Thread.sleep(settle.toMillis());
            } while (stored.now() > before);
        }
        Map<String, List<Double>> series = new TreeMap<>();
        for (String line : Files.readAllLines(expected)) {
            JsonNode reading = JSON.readTree(line);
            series.computeIfAbsent(reading.get("sensor").asText() + "/" + reading.get("quantity").asText(),
                    k -> new ArrayList<>()).add(reading.get("value").asDouble());
        }
        return series;
    }

    /**
     * {@code stored} (raw where a calibration gave one, else the value, in time order) is what the
     * twin sent from the gateway's first read on, to the end or one short of it: nothing lost.
     */
    public static void assertNothingLost(String series, List<Double> sent, List<Double> stored) {
        assertTrue(stored.size() >= 5, series + ": stored " + stored);
        int start = sent.size() - stored.size();
        boolean run = start >= 0 && sent.subList(start, sent.size()).equals(stored)
                || start >= 1 && sent.subList(start - 1, sent.size() - 1).equals(stored);
        assertTrue(run, series + ": stored " + stored + "\nis not the end of what was sent " + sent);
    }
}
