package org.envgate.simulator.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.envgate.wire.Quantity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExpectedAggregatesFileTest {

    private static final String SCENARIO = """
            scenario: averages
            gateway: {id: sim-avg-01}
            sensors:
              - id: pm
                model: pms5003
                interval: 30m
                options: {mode: passive}
              - id: rain
                model: rain-gauge
                port: gpio:17
            aggregates: {windows: [1h, 24h], time-zone: UTC}
            aqi: {indexes: [vn], pm2_5: pm}
            """;
    private static final long DAY = Instant.parse("2026-12-04T00:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000;

    @TempDir
    Path dir;

    @Test
    void writesEachWindowOnceItsSeriesHasMovedOnAndTheRestAtTheEnd() throws Exception {
        Scenario scenario = ScenarioLoader.inProcess().parse("averages.yaml", SCENARIO);
        Path file = dir.resolve("sent.aggregates.jsonl");
        ExpectedAggregatesFile expected = new ExpectedAggregatesFile(scenario, file, SentReading::timeMillis);
        double[][] sent = {{10, 20}, {40, 30}, {70, 40}, {100, 60}, {130, 70}};
        for (double[] minuteAndValue : sent) {
            long time = DAY + (long) minuteAndValue[0] * MINUTE;
            expected.accept(new SentReading("pm", Quantity.PM2_5, minuteAndValue[1], time, time - DAY));
            expected.accept(new SentReading("rain", Quantity.RAINFALL, 0.2794, time, time - DAY));
        }
        long hour = 60 * MINUTE;

        List<String> beforeTheEnd = Files.readAllLines(file);
        expected.close();
        List<String> all = Files.readAllLines(file);

        List<String> firstHours = List.of(
                line("pm/pm2_5/mean_1h", "25.0", DAY), line("pm/pm2_5/min_1h", "20.0", DAY),
                line("pm/pm2_5/max_1h", "30.0", DAY), line("pm/pm2_5/count_1h", "2", DAY),
                line("pm/pm2_5/cover_1h", "1.0", DAY),
                line("pm/pm2_5/mean_1h", "50.0", DAY + hour), line("pm/pm2_5/min_1h", "40.0", DAY + hour),
                line("pm/pm2_5/max_1h", "60.0", DAY + hour), line("pm/pm2_5/count_1h", "2", DAY + hour),
                line("pm/pm2_5/cover_1h", "1.0", DAY + hour),
                // Hour 0 alone has no index (1 of the 3 latest hours); hour 1: NowCast (50 + 25 / 2) / 1.5.
                index(83, 2, DAY + hour));
        assertEquals(firstHours, beforeTheEnd);
        assertEquals(List.of(
                line("pm/pm2_5/mean_1h", "70.0", DAY + 2 * hour), line("pm/pm2_5/min_1h", "70.0", DAY + 2 * hour),
                line("pm/pm2_5/max_1h", "70.0", DAY + 2 * hour), line("pm/pm2_5/count_1h", "1", DAY + 2 * hour),
                line("pm/pm2_5/cover_1h", "0.5", DAY + 2 * hour),
                line("pm/pm2_5/mean_24h", "44.0", DAY), line("pm/pm2_5/min_24h", "20.0", DAY),
                line("pm/pm2_5/max_24h", "70.0", DAY), line("pm/pm2_5/count_24h", "5", DAY),
                line("pm/pm2_5/cover_24h", Double.toString(5 * 30.0 / (24 * 60)), DAY),
                // w* = 25 / 70, so 1/2: (70 + 25 + 6.25) / 1.75 = 57.86 -> 100 + 50 / 30 * 7.86; no day of 3 hours.
                index(113, 3, DAY + 2 * hour)), all.subList(firstHours.size(), all.size()));
    }

    @Test
    void besideTheExpectedReadings() {
        assertEquals(Path.of("/tmp/sent.aggregates.jsonl"), ExpectedAggregatesFile.beside(Path.of("/tmp/sent.jsonl")));
        assertEquals(Path.of("sent.aggregates.jsonl"), ExpectedAggregatesFile.beside(Path.of("sent")));
    }

    private static String line(String name, String value, long time) {
        return "{\"name\":\"" + name + "\",\"value\":" + value + ",\"time\":" + time + "}";
    }

    private static String index(int value, int category, long time) {
        return "{\"name\":\"_station/aqi_vn_1h\",\"value\":" + value + ",\"cat\":" + category + ",\"dom\":\"pm2_5\",\"time\":"
                + time + "}";
    }
}
