package org.envgate.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.envgate.drivers.DriverRegistry;
import org.envgate.gateway.Gateway;
import org.envgate.gateway.config.GatewayConfigLoader;
import org.envgate.gateway.demo.EmbeddedBroker;
import org.envgate.gateway.testing.ReadingSubscriber;
import org.envgate.simulator.ScenarioArguments;
import org.envgate.simulator.scenario.ScenarioServe;
import org.envgate.wire.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each condition quality control looks for, shown end to end: twins of
 * {@code e2e/quality-station.yaml} driven into it on real pseudo-terminals, the real gateway
 * reading them with the scenario's {@code qc:} and {@code calibration:} sections, Moquette
 * between. The flags, test names and raw values are read from the SenML packs as they came over
 * the wire, and every reading the twins sent from the gateway's first read on arrived: QC holds
 * nothing back.
 */
class QualityEndToEndTest {

    static final Path STATION = Path.of("src", "test", "resources", "e2e", "quality-station.yaml");
    private static final Duration RUN = Duration.ofSeconds(16);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** One record of a pack as it came over the wire, with its resolved name. */
    /** @param time the record's resolved time: the pack's base time plus its own {@code t} */
    record WireRecord(String series, JsonNode fields, double time) {
        double v() {
            return fields.get("v").asDouble();
        }

        int qc() {
            return fields.has("qc") ? fields.get("qc").asInt() : 1;
        }

        String qt() {
            return fields.has("qt") ? fields.get("qt").asText() : "";
        }

        boolean flaggedBy(String test) {
            return List.of(qt().split(",")).contains(test);
        }

    }

    @Test
    void eachConditionArrivesFlaggedOnTheWireAndNoReadingIsLost() throws Exception {
        Path scenario = Files.copy(STATION, dir.resolve("quality-station.yaml"));
        Path config = dir.resolve("gateway.yaml");
        Path expected = dir.resolve("expected.jsonl");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Map<String, List<WireRecord>> wire;
        try (EmbeddedBroker broker = EmbeddedBroker.start(0);
             ReadingSubscriber subscriber = new ReadingSubscriber(broker.url(), new Topics("envgate", "sim-quality-e2e"))) {
            try (ScenarioServe serve = ScenarioServe.start(new ScenarioArguments(scenario, config, expected, broker.url(),
                    dir.resolve("run")), new PrintStream(printed, true, StandardCharsets.UTF_8));
                 Gateway gateway = Gateway.start(new GatewayConfigLoader(DriverRegistry.load()).load(config),
                         Clock.systemUTC(), null)) {
                Thread.sleep(RUN.toMillis());
                serve.close();
                int before;
                do {
                    before = subscriber.readings().size();
                    Thread.sleep(1500);
                } while (subscriber.readings().size() > before);
            }
            assertEquals(List.of(), subscriber.problems());
            wire = records(subscriber.packs());
        }

        assertNothingLost(expected(expected), wire);

        List<WireRecord> stuck = wire.get("stuck/pm2_5");
        assertTrue(stuck.stream().anyMatch(r -> r.qc() == 3 && r.flaggedBy("flat_line")), "stuck: suspect after 2 s");
        assertTrue(stuck.stream().anyMatch(r -> r.qc() == 4 && r.flaggedBy("flat_line")), "stuck: failed after 4 s");
        assertEquals(1, stuck.stream().filter(r -> r.flaggedBy("flat_line")).map(WireRecord::v).distinct().count(),
                "only the stuck value is flagged: " + stuck);
        assertFalse(stuck.get(stuck.size() - 1).flaggedBy("flat_line"), "moving again after the fault");

        List<WireRecord> spiky = wire.get("spiky/pm2_5");
        List<WireRecord> spikes = spiky.stream().filter(r -> r.flaggedBy("spike")).toList();
        assertEquals(1, spikes.size(), "one spike: " + spiky);
        assertEquals(4, spikes.get(0).qc());
        assertTrue(spikes.get(0).v() >= 300, "the spike's value: " + spikes.get(0));
        assertTrue(spiky.indexOf(spikes.get(0)) < spiky.size() - 2, "readings after the spike");

        List<WireRecord> ph = wire.get("ph/ph");
        assertTrue(ph.stream().filter(r -> r.v() > 8.5).count() >= 3, "drifted out of the user range: " + ph);
        for (WireRecord reading : ph) {
            boolean outside = reading.v() > 8.5;
            assertEquals(outside, reading.flaggedBy("gross_range"), "user range [6.5, 8.5]: " + reading);
            assertEquals(outside ? 3 : 1, reading.qc(), "suspect outside the user range: " + reading);
        }

        List<WireRecord> humidity = wire.get("rh/humidity");
        assertTrue(humidity.get(0).flaggedBy("warm_up") && humidity.get(0).qc() == 2, "warm-up: " + humidity.get(0));
        int warm = (int) humidity.stream().takeWhile(r -> r.flaggedBy("warm_up")).count();
        assertTrue(warm < humidity.size() - 5 && humidity.stream().skip(warm).noneMatch(r -> r.flaggedBy("warm_up")),
                "warm-up flags the first readings only: " + humidity);

        List<WireRecord> temperature = wire.get("rh/temperature");
        for (WireRecord reading : temperature) {
            assertTrue(reading.flaggedBy("calibration_age") && reading.qc() >= 3, "an old calibration: " + reading);
            assertEquals(27.3, reading.fields().get("raw").asDouble(), 1e-9, "the value before calibration: " + reading);
            assertEquals(26.8, reading.v(), 1e-9, "calibrated: " + reading);
        }

        double firstHumidity = humidity.get(0).time();
        List<WireRecord> pm = wire.get("pm/pm2_5").stream().filter(r -> r.time() > firstHumidity).toList();
        assertTrue(pm.size() >= 10, "calibrated PM2.5 readings: " + pm.size());
        for (WireRecord reading : pm) {
            assertEquals(38, reading.fields().get("raw").asDouble(), 1e-9, "the PMS5003's atmospheric value at 90 %RH");
            assertEquals(20, reading.v(), 0.524 / 2 + 0.01, "0.524 x CF=1 - 0.0862 x RH + 5.75 gives back 20: " + reading);
        }
    }

    /**
     * Every series the twins sent arrived, a run of what they sent from the gateway's first read
     * to the end (the last one may be cut off by the scenario's stop): for a calibrated series
     * compared on the raw value. Series the twins do not report beside (CF=1 values) are not compared.
     */
    static void assertNothingLost(Map<String, List<Double>> want, Map<String, List<WireRecord>> got) {
        for (Map.Entry<String, List<Double>> series : want.entrySet()) {
            List<WireRecord> records = got.get(series.getKey());
            assertTrue(records != null && records.size() >= 5, series.getKey() + ": delivered " + records);
            List<Double> values = records.stream().map(r -> r.fields().has("raw") ? r.fields().get("raw").asDouble() : r.v())
                    .toList();
            List<Double> sent = series.getValue();
            int start = sent.size() - values.size();
            boolean run = start >= 0 && sent.subList(start, sent.size()).equals(values)
                    || start >= 1 && sent.subList(start - 1, sent.size() - 1).equals(values);
            assertTrue(run, series.getKey() + ": delivered " + values + "\nis not the end of what was sent " + sent);
        }
    }

    /** The values the twins sent, per {@code sensor/quantity}, from the scenario's {@code --expect} file. */
    static Map<String, List<Double>> expected(Path file) throws Exception {
        Map<String, List<Double>> series = new TreeMap<>();
        for (String line : Files.readAllLines(file)) {
            JsonNode reading = JSON.readTree(line);
            series.computeIfAbsent(reading.get("sensor").asText() + "/" + reading.get("quantity").asText(),
                    k -> new ArrayList<>()).add(reading.get("value").asDouble());
        }
        return series;
    }

    /** The records of {@code packs} per {@code sensor/quantity}, in time order. */
    static Map<String, List<WireRecord>> records(List<String> packs) throws Exception {
        Map<String, List<WireRecord>> series = new TreeMap<>();
        for (String pack : packs) {
            String base = "";
            double baseTime = 0;
            for (JsonNode record : JSON.readTree(pack)) {
                base = record.has("bn") ? record.get("bn").asText() : base;
                baseTime = record.has("bt") ? record.get("bt").asDouble() : baseTime;
                double time = baseTime + (record.has("t") ? record.get("t").asDouble() : 0);
                String name = (base + record.get("n").asText()).substring("sim-quality-e2e/".length());
                series.computeIfAbsent(name, k -> new ArrayList<>()).add(new WireRecord(name, record, time));
            }
        }
        series.values().forEach(records -> records.sort(Comparator.comparingDouble(WireRecord::time)));
        return series;
    }
}
