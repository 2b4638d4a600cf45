package org.envgate.ingest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.envgate.ingest.Ingest;
import org.envgate.ingest.testing.Await;
import org.envgate.ingest.testing.EmbeddedBroker;
import org.envgate.ingest.testing.IngestConfigs;
import org.envgate.ingest.testing.QualityStation;
import org.envgate.ingest.testing.QuestDbFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each condition quality control looks for, from the twin to the store: the gateway's quality
 * station (twins on real pseudo-terminals, the real gateway), Moquette, ingest and an embedded
 * QuestDB. Every reading the twins sent from the gateway's first read on is a row, and each
 * condition's flag, test and raw value are columns of its rows.
 */
class QualityStoreEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void eachConditionsFlagAndTestArriveInQuestDbAndNoReadingIsLost() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(0);
             QuestDbFixture store = new QuestDbFixture(dir.resolve("questdb"));
             Ingest ingest = Ingest.start(IngestConfigs.external(broker.url(), "envgate", "ingest-quality", null,
                     store.url(), ""))) {
            Await.until(ingest::connected, WAIT, "ingest subscribes");
            Map<String, List<Double>> sent = QualityStation.run(broker.url(), Files.createDirectories(dir.resolve("station")),
                    () -> ingest.counters().readings(), Duration.ofSeconds(2));
            Thread.sleep(1500); // QuestDB applies its write-ahead log a moment after it accepted the write

            for (Map.Entry<String, List<Double>> series : sent.entrySet()) {
                String[] name = series.getKey().split("/");
                JsonNode rows = store.awaitRows("select coalesce(raw, value) from " + name[1] + " where gateway = '"
                        + QualityStation.GATEWAY + "' and sensor = '" + name[0] + "' order by timestamp",
                        r -> r.size() >= 5, WAIT);
                QualityStation.assertNothingLost(series.getKey(), series.getValue(), column(rows, 0));
            }

            JsonNode stuck = store.rows(select("qc, value", "pm2_5", "stuck", "qc_flat_line = 1"));
            assertTrue(column(stuck, 0).containsAll(List.of(3.0, 4.0)), "stuck: suspect, then failed: " + stuck);
            assertEquals(1, column(stuck, 1).stream().distinct().count(), "only the stuck value: " + stuck);

            JsonNode spikes = store.rows(select("qc, value", "pm2_5", "spiky", "qc_spike = 1"));
            assertEquals(1, spikes.size(), "one spike: " + spikes);
            assertEquals(4, spikes.get(0).get(0).asInt());

            JsonNode drifted = store.rows(select("value, qc, qc_tests", "ph", "ph", "value > 8.5"));
            assertTrue(drifted.size() >= 3, "drifted out of the user range: " + drifted);
            drifted.forEach(row -> assertEquals("3 gross_range", row.get(1).asText() + " " + row.get(2).asText()));
            assertEquals(0, store.rows(select("value", "ph", "ph", "value <= 8.5 and qc is not null")).size(),
                    "inside the user range, no flag");

            JsonNode warm = store.rows(select("qc, qc_tests", "humidity", "rh", "qc_warm_up = 1"));
            assertTrue(warm.size() >= 1, "warm-up");
            warm.forEach(row -> assertEquals("2 warm_up", row.get(0).asText() + " " + row.get(1).asText()));

            JsonNode temperature = store.rows(select("value, raw, qc_calibration_age", "temperature", "rh", "qc_warm_up is null"));
            assertTrue(temperature.size() >= 10, "temperature after warm-up: " + temperature);
            temperature.forEach(row -> assertEquals("26.8 27.3 1", row.get(0).asText() + " " + row.get(1).asText() + " "
                    + row.get(2).asText(), "an old calibration, and the value before it"));

            JsonNode humid = store.rows(select("value, raw", "pm2_5", "pm", "raw is not null"));
            assertTrue(humid.size() >= 10, "calibrated PM2.5: " + humid);
            for (JsonNode row : humid) {
                assertEquals(38, row.get(1).asDouble(), 1e-9, "the PMS5003's value at 90 %RH");
                assertEquals(20, row.get(0).asDouble(), 0.524 / 2 + 0.01, "the EPA correction gives back 20");
            }
        }
    }

    private static String select(String columns, String table, String sensor, String condition) {
        return "select " + columns + " from " + table + " where gateway = '" + QualityStation.GATEWAY + "' and sensor = '"
                + sensor + "' and " + condition + " order by timestamp";
    }

    private static List<Double> column(JsonNode rows, int index) {
        List<Double> values = new ArrayList<>();
        rows.forEach(row -> values.add(row.get(index).asDouble()));
        return values;
    }
}
