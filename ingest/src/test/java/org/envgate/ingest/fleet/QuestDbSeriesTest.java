package org.envgate.ingest.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.envgate.ingest.store.EmbeddedQuestDb;
import org.envgate.ingest.store.InfluxStore;
import org.envgate.ingest.testing.QuestDbFixture;
import org.envgate.wire.Quantity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plots' 24 hours read back from a real embedded QuestDB, written as ingest writes. */
class QuestDbSeriesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void averagesEachSensorsReadingsIntoTheStepsOfTheLastDayAndNothingOfOtherGateways() throws Exception {
        try (QuestDbFixture db = new QuestDbFixture(dir);
             InfluxStore store = new InfluxStore(EmbeddedQuestDb.writeSettings(db.url()))) {
            long now = System.currentTimeMillis();
            long step = Series.STEP_SECONDS * 1000;
            long hourAgo = (now - 3_600_000) / step * step;
            store.write(List.of(
                    "pm2_5,gateway=gw-a,sensor=pm value=10 " + (hourAgo + 1_000),
                    "pm2_5,gateway=gw-a,sensor=pm value=20 " + (hourAgo + 61_000),
                    "pm2_5,gateway=gw-a,sensor=pm2 value=7 " + (hourAgo + 1_000),
                    "pm2_5,gateway=gw-b,sensor=pm value=500 " + (hourAgo + 1_000),
                    "pm2_5,gateway=gw-a,sensor=pm value=99 " + (now - 25 * 3_600_000L)));
            db.awaitRows("select count() from pm2_5", rows -> rows.get(0).get(0).asLong() == 5, Duration.ofSeconds(20));

            JsonNode series = JSON.readTree(new QuestDbSeries(db.url(), Duration.ofSeconds(5))
                    .read("gw-a", Quantity.PM2_5, now).json());

            assertEquals("gw-a", series.get("gateway").asText());
            assertEquals("ug/m3", series.get("unit").asText());
            JsonNode times = series.get("times");
            assertEquals(Series.POINTS, times.size());
            int index = -1;
            for (int i = 0; i < times.size(); i++) {
                if (times.get(i).asLong() * 1000 == hourAgo) {
                    index = i;
                }
            }
            assertTrue(index >= 0, "the step an hour ago is on the grid: " + times);
            JsonNode sensors = series.get("sensors");
            assertEquals(2, sensors.size(), sensors.toString());
            JsonNode pm = sensors.get(0).get("sensor").asText().equals("pm") ? sensors.get(0) : sensors.get(1);
            JsonNode pm2 = pm == sensors.get(0) ? sensors.get(1) : sensors.get(0);
            assertEquals(15.0, pm.get("values").get(index).asDouble(), "the mean of the step's two readings");
            assertEquals(7.0, pm2.get("values").get(index).asDouble());
            long drawn = 0;
            for (JsonNode value : pm.get("values")) {
                drawn += value.isNull() ? 0 : 1;
            }
            assertEquals(1, drawn, "nothing older than 24 hours, nothing of gw-b: " + pm);
        }
    }
}
