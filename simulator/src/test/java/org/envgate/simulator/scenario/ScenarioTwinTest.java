package org.envgate.simulator.scenario;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.envgate.drivers.mhz19b.Mhz19bCommands;
import org.envgate.drivers.modbus.ModbusCrc;
import org.envgate.drivers.pms5003.Pms5003Commands;
import org.envgate.drivers.sds011.Sds011Commands;
import org.envgate.simulator.TwinFaults;
import org.envgate.wire.Quantity;
import org.junit.jupiter.api.Test;

/**
 * The shipped faulty station driven step by step with a made-up clock, each twin asked by its
 * model's real requests once a second, as a gateway would: same seed, same bytes; each fault
 * shows in its window and only there.
 */
class ScenarioTwinTest {

    private static final long T0 = 1_795_860_000_000L;
    private static final long STEP = 50;
    /** Faulty station: 15 real seconds are a simulated minute; the last fault ends at 25 minutes. */
    private static final long RUN = 26 * 15_000;

    /** What a run produced: bytes per endpoint by real time, readings sent, fault log lines. */
    private record Run(Map<String, Map<Long, byte[]>> bytes, List<SentReading> sent, List<String> log) {
        byte[] all(String endpoint) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            bytes.get(endpoint).values().forEach(out::writeBytes);
            return out.toByteArray();
        }

        List<SentReading> of(String sensor, Quantity quantity, long fromSim, long toSim) {
            return sent.stream().filter(r -> r.sensor().equals(sensor) && r.quantity() == quantity
                    && r.simMillis() >= fromSim && r.simMillis() < toSim).toList();
        }
    }

    private static Scenario faulty(long seed) throws Exception {
        String text = Files.readString(ScenarioLoaderTest.SHIPPED.resolve("faulty-station.yaml"))
                .replace("seed: 13", "seed: " + seed);
        return new ScenarioLoader().parse("faulty-station.yaml", text);
    }

    /** A gateway's requests for each model, sent once a second. */
    private static byte[] requests(String model) {
        return switch (model) {
            case "pms5003" -> Pms5003Commands.readPassive();
            case "sds011" -> Sds011Commands.queryData();
            case "senseair-s8" -> ModbusCrc.append(new byte[] {(byte) 0xFE, 0x04, 0x00, 0x03, 0x00, 0x01});
            case "mhz19b" -> Mhz19bCommands.readCo2();
            default -> "R\r".getBytes(StandardCharsets.US_ASCII);
        };
    }

    /** Drives every endpoint as {@code TwinServer} does, but with the made-up clock. */
    private static Run run(Scenario scenario) {
        List<SentReading> sent = new ArrayList<>();
        List<String> log = new ArrayList<>();
        Map<String, ScenarioTwin> twins = ScenarioTwins.build(scenario, new ScenarioClock(T0, scenario.timeFactor()),
                sent::add, log::add);
        Map<String, Map<Long, byte[]>> bytes = new LinkedHashMap<>();
        twins.forEach((endpoint, twin) -> {
            bytes.put(endpoint, new LinkedHashMap<>());
            if (twin.model().equals("pms5003")) {
                twin.receive(Pms5003Commands.passiveMode(), 0, 7, T0);
            } else if (twin.model().equals("sds011")) {
                twin.receive(Sds011Commands.queryMode(), 0, 19, T0);
            } else if (twin.model().startsWith("ezo-")) {
                twin.receive("C,0\r".getBytes(StandardCharsets.US_ASCII), 0, 4, T0);
            }
        });
        for (long t = T0; t <= T0 + RUN; t += STEP) {
            for (Map.Entry<String, ScenarioTwin> entry : twins.entrySet()) {
                ScenarioTwin twin = entry.getValue();
                twin.advance(t);
                if (twin.faults().on(TwinFaults.Fault.SILENT) || twin.faults().on(TwinFaults.Fault.UNPLUGGED)) {
                    continue;
                }
                if ((t - T0) % 1000 == 500) {
                    byte[] request = requests(twin.model());
                    twin.receive(request, 0, request.length, t);
                }
                byte[] out = twin.poll(t);
                if (out.length > 0) {
                    bytes.get(entry.getKey()).put(t, out);
                }
            }
        }
        return new Run(bytes, sent, log);
    }

    @Test
    void theSameSeedGivesTheSameBytesAndAnotherSeedOthers() throws Exception {
        Run first = run(faulty(13));
        Run again = run(faulty(13));
        Run other = run(faulty(14));

        for (String endpoint : first.bytes().keySet()) {
            assertTrue(first.all(endpoint).length > 500, endpoint + " sent " + first.all(endpoint).length + " bytes");
            assertArrayEquals(first.all(endpoint), again.all(endpoint), endpoint);
        }
        assertEquals(first.sent(), again.sent());
        assertFalse(first.bytes().keySet().stream().allMatch(e -> java.util.Arrays.equals(first.all(e), other.all(e))),
                "another seed, other values");
    }

    @Test
    void eachFaultStartsAndEndsOnSchedule() throws Exception {
        Run run = run(faulty(13));

        assertTrue(run.log().contains("+0h10m00s sensor pm-ref: silence starts"), run.log().toString());
        assertTrue(run.log().contains("+0h11m00s sensor pm-ref: silence ends"), run.log().toString());
        assertEquals(2 * 12, run.log().size(), "twelve faults, each starting and ending: " + run.log());
    }

    @Test
    void faultsShowInTheirWindowsOnly() throws Exception {
        Run run = run(faulty(13));
        long minute = 60_000;

        List<SentReading> stuck = run.of("pm", Quantity.PM2_5, 8 * minute + 1000, 9 * minute);
        assertTrue(stuck.size() >= 10, "read while stuck: " + stuck.size());
        assertEquals(1, stuck.stream().map(SentReading::value).distinct().count(), "stuck: one value");
        assertTrue(run.of("pm", Quantity.PM2_5, 9 * minute, 10 * minute).stream().map(SentReading::value).distinct().count() > 1);

        assertTrue(run.of("pm", Quantity.PM2_5, 4 * minute, 5 * minute).isEmpty(), "bad checksums: nothing valid sent");
        assertTrue(run.of("pm-ref", Quantity.PM2_5, 14 * minute + 1000, 15 * minute).isEmpty(), "out of range: nothing valid");
        assertTrue(run.of("co2", Quantity.CO2, 16 * minute + 1000, 17 * minute).isEmpty(), "error responses only");
        assertTrue(run.of("co2", Quantity.CO2, 17 * minute + 1000, 18 * minute).size() >= 10);
        assertFalse(run.of("water-ph", Quantity.PH, 21 * minute, 22 * minute).isEmpty());
    }

    @Test
    void slowAnswersGoOutLateByTheDelay() throws Exception {
        Run run = run(faulty(13));
        // pm-ref is slow (3 s) from 12 to 13 simulated minutes: 180 to 195 real seconds after T0.
        Set<Long> answered = run.bytes().get("pty#pm-ref").keySet().stream()
                .filter(t -> t >= T0 + 170_000 && t < T0 + 210_000).collect(Collectors.toSet());

        assertTrue(answered.contains(T0 + 179_500), "before the window, at once: " + answered);
        assertTrue(answered.contains(T0 + 180_500 + 3_000), "the request at 180.5 s is answered 3 s later: " + answered);
        assertFalse(answered.contains(T0 + 180_500), "not at once");
        assertTrue(answered.contains(T0 + 200_500), "after the window, at once again");
    }
}
