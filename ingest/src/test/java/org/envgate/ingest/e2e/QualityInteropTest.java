package org.envgate.ingest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.envgate.common.testing.Mosquitto;
import org.envgate.ingest.Ingest;
import org.envgate.ingest.testing.Await;
import org.envgate.ingest.testing.IngestConfigs;
import org.envgate.ingest.testing.QualityStation;
import org.envgate.ingest.testing.VictoriaMetrics;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each condition quality control looks for, from the twin to VictoriaMetrics: the gateway's
 * quality station (twins on real pseudo-terminals, the real gateway), Debian's mosquitto, ingest
 * and Debian's victoria-metrics ({@code mvn -B verify -Pinterop}). A reading's flag, each flagging
 * test and its raw value are series beside its value ({@code pm2_5_qc}, {@code pm2_5_qc_spike},
 * {@code pm2_5_raw}), as docs/quality.md shows them.
 */
@Tag("interop")
class QualityInteropTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private VictoriaMetrics store;

    @Test
    void eachConditionsFlagAndTestArriveInVictoriaMetricsAndNoReadingIsLost() throws Exception {
        try (Mosquitto broker = new Mosquitto(dir);
             VictoriaMetrics vm = new VictoriaMetrics(dir);
             Ingest ingest = Ingest.start(IngestConfigs.external(broker.url(), "envgate", "ingest-quality-vm", null,
                     vm.url(), ""))) {
            store = vm;
            Await.until(ingest::connected, WAIT, "ingest subscribes");
            Map<String, List<Double>> sent = QualityStation.run(broker.url(), Files.createDirectories(dir.resolve("station")),
                    () -> ingest.counters().readings(), Duration.ofSeconds(2));
            Await.until(() -> vm.samples("{__name__=~\".+_value\",gateway=\"" + QualityStation.GATEWAY + "\"}")
                    == ingest.counters().readings(), WAIT, "every stored reading visible");

            for (Map.Entry<String, List<Double>> series : sent.entrySet()) {
                String[] name = series.getKey().split("/");
                List<Double> raw = values(name[1] + "_raw", name[0]);
                QualityStation.assertNothingLost(series.getKey(), series.getValue(),
                        raw.isEmpty() ? values(name[1] + "_value", name[0]) : raw);
            }

            assertTrue(values("pm2_5_qc", "stuck").containsAll(List.of(3.0, 4.0)), "stuck: suspect, then failed");
            assertTrue(values("pm2_5_qc_flat_line", "stuck").size() >= 2, "flat line");

            assertEquals(1, values("pm2_5_qc_spike", "spiky").size(), "one spike");
            assertEquals(timestamps("pm2_5_qc_spike", "spiky"), timestamps("pm2_5_qc", "spiky", "== 4"));

            List<Long> drifted = timestamps("ph_value", "ph", "> 8.5");
            assertTrue(drifted.size() >= 3, "drifted out of the user range");
            assertEquals(drifted, timestamps("ph_qc_gross_range", "ph"));
            assertEquals(drifted, timestamps("ph_qc", "ph", "== 3"));

            List<Long> warm = timestamps("humidity_qc_warm_up", "rh");
            assertTrue(warm.size() >= 1, "warm-up");
            assertEquals(warm, timestamps("humidity_qc", "rh", "== 2"));

            List<Double> temperatureRaw = values("temperature_raw", "rh");
            assertTrue(temperatureRaw.size() >= 10 && temperatureRaw.stream().allMatch(v -> v == 27.3), "raw " + temperatureRaw);
            assertTrue(values("temperature_qc_calibration_age", "rh").size() >= temperatureRaw.size() - warm.size(),
                    "an old calibration flags every reading");

            List<Double> pmRaw = values("pm2_5_raw", "pm");
            assertTrue(pmRaw.size() >= 10 && pmRaw.stream().allMatch(v -> v == 38), "the PMS5003's value at 90 %RH: " + pmRaw);
            List<Double> pm = values("pm2_5_value", "pm");
            assertTrue(pm.subList(pm.size() - pmRaw.size(), pm.size()).stream().allMatch(v -> Math.abs(v - 20) <= 0.524 / 2 + 0.01),
                    "the EPA correction gives back 20: " + pm);
        }
    }

    private List<Double> values(String metric, String sensor) throws Exception {
        List<Double> values = new ArrayList<>();
        store.export(match(metric, sensor)).forEach(series -> values.addAll(series.values()));
        return values;
    }

    private List<Long> timestamps(String metric, String sensor) throws Exception {
        List<Long> timestamps = new ArrayList<>();
        store.export(match(metric, sensor)).forEach(series -> timestamps.addAll(series.timestamps()));
        return timestamps;
    }

    /** The times of the samples of {@code metric} whose value satisfies {@code comparison} (e.g. {@code > 8.5}). */
    private List<Long> timestamps(String metric, String sensor, String comparison) throws Exception {
        String[] parts = comparison.split(" ");
        double bound = Double.parseDouble(parts[1]);
        List<Long> timestamps = new ArrayList<>();
        for (VictoriaMetrics.Series series : store.export(match(metric, sensor))) {
            for (int i = 0; i < series.values().size(); i++) {
                double v = series.values().get(i);
                if (parts[0].equals(">") ? v > bound : v == bound) {
                    timestamps.add(series.timestamps().get(i));
                }
            }
        }
        return timestamps;
    }

    private static String match(String metric, String sensor) {
        return metric + "{gateway=\"" + QualityStation.GATEWAY + "\",sensor=\"" + sensor + "\"}";
    }
}
