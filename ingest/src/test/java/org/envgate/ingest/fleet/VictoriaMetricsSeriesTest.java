package org.envgate.ingest.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.envgate.ingest.config.InfluxSettings;
import org.envgate.ingest.store.InfluxStore;
import org.envgate.ingest.testing.VictoriaMetrics;
import org.envgate.wire.Quantity;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plots' 24 hours read back from Debian's VictoriaMetrics, written as ingest writes. */
@Tag("interop")
class VictoriaMetricsSeriesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void averagesEachSensorsReadingsIntoTheStepsOfTheLastDayAndNothingOfOtherGateways() throws Exception {
        try (VictoriaMetrics vm = new VictoriaMetrics(dir);
             InfluxStore store = new InfluxStore(new InfluxSettings(vm.url(), "unused", "agency", "envgate", true,
                     1_000, Duration.ofSeconds(5), false))) {
            long now = System.currentTimeMillis();
            long step = Series.STEP_SECONDS * 1000;
            long hourAgo = (now - 3_600_000) / step * step;
            store.write(List.of(
                    "pm2_5,gateway=gw-a,sensor=pm value=10 " + (hourAgo + 1_000),
                    "pm2_5,gateway=gw-a,sensor=pm value=20 " + (hourAgo + 61_000),
                    "pm2_5,gateway=gw-a,sensor=pm2 value=7 " + (hourAgo + 1_000),
                    "pm2_5,gateway=gw-b,sensor=pm value=500 " + (hourAgo + 1_000)));
            VictoriaMetricsSeries source = new VictoriaMetricsSeries(vm.url(), "unused", Duration.ofSeconds(5));
            JsonNode series = JSON.readTree(source.read("gw-a", Quantity.PM2_5, now).json());
            for (int attempt = 0; attempt < 100 && series.get("sensors").size() < 2; attempt++) {
                Thread.sleep(200);
                series = JSON.readTree(source.read("gw-a", Quantity.PM2_5, now).json());
            }
            int index = -1;
            JsonNode times = series.get("times");
            for (int i = 0; i < times.size(); i++) {
                if (times.get(i).asLong() * 1000 == hourAgo) {
                    index = i;
                }
            }
            JsonNode sensors = series.get("sensors");
            assertEquals(2, sensors.size(), series.toString());
            JsonNode pm = sensors.get(0).get("sensor").asText().equals("pm") ? sensors.get(0) : sensors.get(1);
            JsonNode pm2 = pm == sensors.get(0) ? sensors.get(1) : sensors.get(0);
            assertEquals(15.0, pm.get("values").get(index).asDouble(), "the mean of the step's two readings: " + pm);
            assertEquals(7.0, pm2.get("values").get(index).asDouble(), pm2.toString());
        }
    }
}
