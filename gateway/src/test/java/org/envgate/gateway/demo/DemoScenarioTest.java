package org.envgate.gateway.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code envgate demo --scenario}: a storm on a rain gauge, on the gateway's mock GPIO, arrives
 * at the broker as the rainfall the scenario made; a serial twin of the same scenario is read too.
 */
class DemoScenarioTest {

    private static final double MM_PER_TIP = 0.2794;
    private static final Pattern RAIN_ROW = Pattern.compile("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\s+rain\\s+rainfall\\s+(\\S+)\\s+mm$");
    private static final Pattern PM_ROW = Pattern.compile("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\s+pm\\s+pm2_5\\s+\\d+\\s+ug/m3$");
    private static final Pattern SENT_TIP = Pattern.compile("\"sensor\":\"rain\",\"quantity\":\"rainfall\",\"value\":([0-9.]+),.*\"sim_s\":([0-9.]+)");

    @Test
    void aStormDeliversItsRainfallWithinOneTipAndNoRainOutsideIt(@TempDir Path dir) throws Exception {
        // 3 mm/h for 40 simulated minutes is 2 mm; at time-factor 240 it falls 3 to 13 real seconds in,
        // with readings every 2 s before, during and after it (43 tips a real minute, under the driver's 50).
        Path scenario = Files.writeString(dir.resolve("storm.yaml"), """
                scenario: storm
                seed: 5
                time-factor: 240
                gateway: {id: sim-storm}
                sensors:
                  - id: pm
                    model: pms5003
                    port: tcp:0
                    interval: 2s
                  - id: rain
                    model: rain-gauge
                    port: gpio:17
                    interval: 2s
                    options: {mm-per-tip: %s}
                    events:
                      - {at: 12m, for: 40m, kind: rain, mm-per-hour: 3}
                """.formatted(MM_PER_TIP));
        Path expect = dir.resolve("expected.jsonl");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();

        int status = ScenarioStation.run(scenario, expect, Duration.ofSeconds(18),
                new PrintStream(printed, true, StandardCharsets.UTF_8), new PrintStream(errors, true, StandardCharsets.UTF_8));

        String output = printed.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, output + errors);
        List<Double> rainfall = new ArrayList<>();
        int pmRows = 0;
        for (String line : output.split("\n")) {
            Matcher rain = RAIN_ROW.matcher(line);
            if (rain.find()) {
                rainfall.add(Double.parseDouble(rain.group(1)));
            }
            if (PM_ROW.matcher(line).find()) {
                pmRows++;
            }
        }
        assertTrue(pmRows >= 3, "the scenario's serial twin is read as well:\n" + output);

        double delivered = rainfall.stream().mapToDouble(Double::doubleValue).sum();
        assertEquals(2.0, delivered, MM_PER_TIP, "3 mm/h for 40 minutes, within one tip:\n" + output);
        List<Integer> wet = new ArrayList<>();
        for (int i = 0; i < rainfall.size(); i++) {
            if (rainfall.get(i) > 0) {
                wet.add(i);
            }
        }
        assertTrue(!wet.isEmpty(), "rain is delivered: " + rainfall);
        int firstWet = wet.get(0);
        int lastWet = wet.get(wet.size() - 1);
        assertTrue(firstWet > 0 && rainfall.get(0) == 0, "dry before the storm: " + rainfall);
        assertTrue(lastWet < rainfall.size() - 1, "dry after the storm: " + rainfall);

        double sent = 0;
        for (String line : Files.readAllLines(expect)) {
            Matcher tip = SENT_TIP.matcher(line);
            if (tip.find()) {
                sent += Double.parseDouble(tip.group(1));
                double simSeconds = Double.parseDouble(tip.group(2));
                assertTrue(simSeconds >= 720 && simSeconds < 3120, "a tip outside the storm: " + line);
            }
        }
        // The table shows two decimals: half a hundredth per reading either way.
        assertEquals(sent, delivered, 0.005 * rainfall.size(), "every tip sent is delivered once");
    }
}
