package org.envgate.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.envgate.drivers.DriverRegistry;
import org.envgate.gateway.cli.Progress;
import org.envgate.gateway.config.GatewayConfigLoader;
import org.envgate.gateway.demo.EmbeddedBroker;
import org.envgate.gateway.log.LogSettings;
import org.envgate.gateway.log.Logging;
import org.envgate.link.SerialSettings;
import org.envgate.simulator.SampleListener;
import org.envgate.simulator.SensorTwin;
import org.envgate.simulator.TwinFaults;
import org.envgate.simulator.pms5003.Pms5003Twin;
import org.envgate.simulator.TwinOptions;
import org.envgate.simulator.TwinProvider;
import org.envgate.simulator.TwinServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code envgate check} against simulator twins and a real broker, as a technician runs it. */
class CheckTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int check(String yaml, String... options) throws Exception {
        Path config = dir.resolve("gateway.yaml");
        Files.writeString(config, yaml);
        List<String> args = new ArrayList<>(List.of("check", "--config", config.toString()));
        args.addAll(List.of(options));
        return Main.run(args.toArray(String[]::new),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    /**
     * A check whose probe of a faulty port tries only {@code probed}: the models a test's twins
     * speak, so that the probe is as real as a technician's but not the minute of every model's timeouts.
     */
    private int check(String yaml, Set<String> probed, String sensor) throws Exception {
        return check(yaml, probed, sensor, Progress.plain(new PrintStream(err, true, StandardCharsets.UTF_8)));
    }

    private int check(String yaml, Set<String> probed, String sensor, Progress progress) throws Exception {
        Path config = dir.resolve("gateway.yaml");
        Files.writeString(config, yaml);
        return Check.run(new GatewayConfigLoader(DriverRegistry.load()).load(config),
                new Check.Options(false, Optional.ofNullable(sensor)),
                new Check.Timing(Check.Timing.STATION.maxWarmUp(), probed::contains), progress,
                new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private static TwinServer twin(String model) throws Exception {
        return TwinServer.tcp(TwinProvider.all().get(model).create(TwinOptions.defaults()), "127.0.0.1", 0);
    }

    private String station(String brokerUrl, String sensors) {
        return """
                gateway: {id: gw-check}
                storage: {path: %s}
                mqtt: {url: "%s"}
                sensors:
                %s""".formatted(dir, brokerUrl, sensors);
    }

    @Test
    void allGoodPrintsValuesWithUnitsAndExitsZero() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(0); TwinServer pm = twin("pms5003"); TwinServer co2 = twin("senseair-s8")) {
            int status = check(station(broker.url(), """
                      - {id: pm, model: pms5003, port: "%s", warm-up: 0s, mode: passive}
                      - {id: co2, model: senseair-s8, port: "%s", warm-up: 1s}
                    """.formatted(pm.gatewayPort(), co2.gatewayPort())));
            assertEquals(0, status, out());
        }
        assertTrue(out().matches("(?s).*pm +pms5003 +tcp://127\\.0\\.0\\.1:\\d+ +OK +pm1_0 \\d+ ug/m3, pm2_5 \\d+ ug/m3, pm10 \\d+ ug/m3.*"), out());
        assertTrue(out().matches("(?s).*co2 +senseair-s8 +\\S+ +OK +co2 \\d+ ppm.*"), out());
        assertTrue(out().contains("broker accepted the connection"), out());
        assertTrue(out().endsWith("all good\n"), out());
    }

    @Test
    void aValueQualityControlFlagsShowsItsFlagAndTestsAndACalibratedOneItsRawValue() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(0); TwinServer pm = twin("pms5003")) {
            int status = check(station(broker.url(), """
                      - id: pm
                        model: pms5003
                        port: "%s"
                        warm-up: 0s
                        mode: passive
                        qc: {pm1_0: {user-range: [500, 600]}}
                        calibration: {pm2_5: {slope: 0, offset: 5.75, terms: {pm/pm2_5_cf1: 0.524}}}
                    """.formatted(pm.gatewayPort())));
            assertEquals(0, status, "a flagged value is still a value read: " + out());
        }
        assertTrue(out().matches("(?s).*pm +pms5003 +\\S+ +OK +pm1_0 \\d+ ug/m3 \\(suspect: gross_range\\), "
                + "pm2_5 \\d+(\\.\\d)? ug/m3 \\(calibrated, raw \\d+\\), pm10 \\d+ ug/m3, .*"), out());
    }

    @Test
    void aCalibrationTermOnASensorWithoutAValueLeavesTheValueUncalibratedAndSaysSo() throws Exception {
        try (TwinServer pm = twin("pms5003")) {
            String yaml = station("tcp://127.0.0.1:1", """
                      - id: pm
                        model: pms5003
                        port: "%s"
                        warm-up: 0s
                        mode: passive
                        calibration: {pm10: {terms: {ref/pm10: 0.1}}}
                      - {id: ref, model: sds011, port: /dev/envgate-no-such-port, warm-up: 0s}
                    """.formatted(pm.gatewayPort()));
            assertEquals(0, check(yaml, "--sensor", "pm"), out());
            assertTrue(out().matches("(?s).*pm +pms5003 .* OK .*, pm10 \\d+ ug/m3 \\(suspect: calibration_age\\), .*"), out());
        }
    }

    @Test
    void aMissingPortASilentSensorAWrongCircuitAndNoBrokerAreEachNamed() throws Exception {
        try (ServerSocket silent = new ServerSocket(0); TwinServer ec = twin("ezo-ec")) {
            int status = check(station("tcp://127.0.0.1:1", """
                      - {id: gone, model: pms5003, port: /dev/envgate-no-such-port, warm-up: 0s}
                      - {id: quiet, model: mhz19b, port: "tcp://127.0.0.1:%d", warm-up: 0s}
                      - {id: ph, model: ezo-ph, port: "%s"}
                    """.formatted(silent.getLocalPort(), ec.gatewayPort())), Set.of("pms5003", "mhz19b", "ezo-ph"), null);
            assertEquals(1, status, out());
        }
        assertTrue(out().matches("(?s).*gone +pms5003 +/dev/envgate-no-such-port +FAULT +/dev/envgate-no-such-port: no such device.*"
                + "\\(no such port: check the cable.*"), out());
        assertTrue(out().matches("(?s).*quiet +mhz19b +tcp://127\\.0\\.0\\.1:\\d+ +FAULT .*"), out());
        assertTrue(out().contains("expected an EZO pH circuit, found EZO EC (firmware 2.12); check the port, or set model: ezo-ec"),
                out());
        assertTrue(out().matches("(?s).*\\(uplink\\) +mqtt +tcp://127\\.0\\.0\\.1:1 +FAULT +cannot connect: .*"), out());
        assertTrue(out().endsWith("4 problem(s) found\n"), out());
    }

    @Test
    void aWrongModelOnAPortIsNamedWithWhatAnswersThere() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(0); TwinServer pm = twin("pms5003")) {
            int status = check(station(broker.url(), """
                      - {id: dust, model: sds011, port: "%s", warm-up: 0s}
                    """.formatted(pm.gatewayPort())), Set.of("pms5003"), null);
            assertEquals(1, status, out());
        }
        assertTrue(out().matches("(?s).*dust +sds011 +tcp://127\\.0\\.0\\.1:\\d+ +FAULT .*; this port answers as plantower: "
                + "Plantower PMS5003/PMS7003/PMS5003T \\(model pms5003, pms7003 or pms5003t\\).*: check model: sds011 in the config.*"), out());
        assertTrue(out().endsWith("1 problem(s) found\n"), out());
    }

    @Test
    void everyWaitOverASecondIsToldAsPlainLinesOffATerminal() throws Exception {
        try (TwinServer pm = twin("pms5003"); ServerSocket silent = new ServerSocket(0)) {
            assertEquals(1, check(station("tcp://127.0.0.1:1", """
                      - {id: pm, model: pms5003, port: "%s", warm-up: 2s, mode: passive}
                      - {id: quiet, model: mhz19b, port: "tcp://127.0.0.1:%d", warm-up: 0s}
                    """.formatted(pm.gatewayPort(), silent.getLocalPort())), Set.of("mhz19b"), null), out());
        }
        String waits = err.toString(StandardCharsets.UTF_8);
        List<String> lines = waits.lines().toList();
        assertTrue(lines.contains("pm: warming up, 2 s"), waits);
        assertTrue(lines.contains("quiet: reading ..."), "a read pending a second: " + waits);
        assertTrue(lines.contains("quiet: probing its port for what answers there ..."), waits);
        assertTrue(waits.chars().allMatch(c -> c == '\n' || c >= ' '), "no control characters: " + waits);
        assertTrue(out().matches("(?s)sensor +model .*\\d problem\\(s\\) found\n"), "the table alone on stdout: " + out());
    }

    @Test
    void onATerminalAWarmUpIsCountedDownOnOneStatusLine() throws Exception {
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        try (TwinServer pm = twin("pms5003")) {
            assertEquals(0, check(station("tcp://127.0.0.1:1", """
                      - {id: pm, model: pms5003, port: "%s", warm-up: 2s, mode: passive}
                    """.formatted(pm.gatewayPort())), Set.of(), "pm",
                    Progress.terminal(new PrintStream(terminal, true, StandardCharsets.UTF_8))), out());
        }
        String screen = terminal.toString(StandardCharsets.UTF_8);
        assertTrue(screen.contains("\r\033[K| pm: warming up, 2 s left"), screen);
        assertTrue(screen.contains("pm: warming up, 1 s left"), "counted down: " + screen);
        assertTrue(screen.endsWith("\r\033[K"), "the status line is cleared for the table: " + screen);
        assertFalse(screen.contains("\n"), "one line, rewritten in place: " + screen);
    }

    @Test
    void aFaultIsTriedOnceMoreAfterAResetAndOnlyASecondOneIsReported() throws Exception {
        Pms5003Twin badOnce = new Pms5003Twin(TwinOptions.defaults());
        Pms5003Twin alwaysBad = new Pms5003Twin(TwinOptions.defaults());
        try (TwinServer once = TwinServer.tcp(badChecksums(badOnce, 1), "127.0.0.1", 0);
             TwinServer always = TwinServer.tcp(badChecksums(alwaysBad, Long.MAX_VALUE), "127.0.0.1", 0)) {
            assertEquals(1, check(station("tcp://127.0.0.1:1", """
                      - {id: once, model: pms5003, port: "%s", warm-up: 0s, mode: passive}
                      - {id: always, model: pms5003, port: "%s", warm-up: 0s, mode: passive}
                    """.formatted(once.gatewayPort(), always.gatewayPort())), Set.of(), null), out());
        }
        assertTrue(out().matches("(?s).*\nonce +pms5003 +\\S+ +OK +pm1_0 \\d+ ug/m3, .*"), out());
        List<String> always = out().lines().filter(line -> line.startsWith("always ")).toList();
        assertEquals(1, always.size(), "reported once: " + out());
        assertTrue(always.get(0).matches("always +pms5003 +\\S+ +FAULT +no valid frame from \\S+ within 2000 ms: \\d+ bytes "
                + "received, \\d+ checksum errors, .*\\(bytes arrive but make no frame: check the wiring, .*"), always.get(0));
        String waits = err.toString(StandardCharsets.UTF_8);
        for (String sensor : List.of("once", "always")) {
            assertTrue(waits.matches("(?s).*" + sensor + ": no valid frame from \\S+ within 2000 ms: .*; trying once more after a "
                    + "reset of the port\n.*"), "the first answer was garbage, and a reset followed: " + waits);
        }
        assertTrue(out().endsWith("2 problem(s) found\n"), "the second fault and the broker: " + out());
    }

    /**
     * {@code twin} sending frames with a wrong checksum until it has sent {@code count} of them
     * after the gateway first talked to it, then good ones: no good frame sent before (on power-up,
     * while nobody listened) can reach the gateway late.
     */
    private static SensorTwin badChecksums(Pms5003Twin twin, long count) {
        twin.faults().set(TwinFaults.Fault.BAD_CHECKSUM, true);
        return new SensorTwin() {
            /** Bad frames sent before the gateway first talked; -1 until it has. */
            private long before = -1;

            @Override
            public String model() {
                return twin.model();
            }

            @Override
            public void receive(byte[] bytes, int offset, int length, long nowMillis) {
                if (before < 0) {
                    before = twin.injectedFaults().badChecksums();
                }
                twin.receive(bytes, offset, length, nowMillis);
            }

            @Override
            public byte[] poll(long nowMillis) {
                byte[] sent = twin.poll(nowMillis);
                if (before >= 0 && twin.injectedFaults().badChecksums() - before >= count) {
                    twin.faults().set(TwinFaults.Fault.BAD_CHECKSUM, false);
                }
                return sent;
            }

            @Override
            public void addListener(SampleListener listener) {
                twin.addListener(listener);
            }

            @Override
            public TwinFaults faults() {
                return twin.faults();
            }
        };
    }

    @Test
    void aBadConfigIsStatus2WithTheLine() throws Exception {
        assertEquals(2, check(station("tcp://127.0.0.1:1883", """
                  - {id: pm, model: pms5003, port: /dev/ttyAMA0, interval: soon}
                """)));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("gateway.yaml:5: sensors[0].interval: 'soon' is not a duration"),
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theStatusPagesAddressIsTried() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(0); TwinServer pm = twin("pms5003");
             ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String sensors = """
                      - {id: pm, model: pms5003, port: "%s", warm-up: 0s, mode: passive}
                    """.formatted(pm.gatewayPort());
            assertEquals(0, check(station(broker.url(), sensors) + "status-page: {listen: 127.0.0.1:0}\n"), out());
            assertTrue(out().matches("(?s).*\\(status page\\) +http +127\\.0\\.0\\.1:0 +OK +can listen.*"), out());

            out.reset();
            String listen = "127.0.0.1:" + taken.getLocalPort();
            assertEquals(1, check(station(broker.url(), sensors) + "status-page: {listen: " + listen + "}\n"), out());
            assertTrue(out().matches("(?s).*\\(status page\\) +http +" + listen.replace(".", "\\.")
                    + " +FAULT +cannot listen: .*a gateway already running.*"), out());
        }
    }

    @Test
    void jsonPrintsOneObjectPerRowWithTheDocumentedKeys() throws Exception {
        try (TwinServer pm = twin("pms5003")) {
            int status = check(station("tcp://127.0.0.1:1", """
                      - {id: pm, model: pms5003, port: "%s", warm-up: 0s, mode: passive}
                      - {id: gone, model: sds011, port: /dev/envgate-no-such-port, warm-up: 0s}
                    """.formatted(pm.gatewayPort())), "--json");
            assertEquals(1, status, out());
        }
        List<JsonNode> rows = new ArrayList<>();
        for (String line : out().lines().toList()) {
            rows.add(new ObjectMapper().readTree(line));
        }
        assertEquals(4, rows.size(), out());
        for (JsonNode row : rows) {
            List<String> keys = new ArrayList<>();
            row.fieldNames().forEachRemaining(keys::add);
            assertEquals(List.of("kind", "sensor", "model", "port", "ok", "result", "values"), keys, row.toString());
        }
        JsonNode pm = rows.get(0);
        assertEquals("sensor", pm.get("kind").asText());
        assertEquals("pm", pm.get("sensor").asText());
        assertTrue(pm.get("ok").asBoolean(), pm.toString());
        assertEquals(List.of("pm1_0", "pm2_5", "pm10", "pm1_0_cf1", "pm2_5_cf1", "pm10_cf1"),
                pm.get("values").findValuesAsText("quantity"));
        assertEquals("ug/m3", pm.get("values").get(1).get("unit").asText());
        assertTrue(pm.get("values").get(1).get("value").isIntegralNumber(), "at the sensor's resolution: " + pm);
        assertEquals("gone", rows.get(1).get("sensor").asText());
        assertFalse(rows.get(1).get("ok").asBoolean());
        assertTrue(rows.get(1).get("result").asText().contains("no such port"), rows.get(1).toString());
        assertEquals("storage", rows.get(2).get("kind").asText());
        assertTrue(rows.get(2).get("sensor").isNull());
        assertTrue(rows.get(2).get("ok").asBoolean(), rows.get(2).toString());
        assertEquals(dir.toString(), rows.get(2).get("port").asText());
        assertEquals("uplink", rows.get(3).get("kind").asText());
        assertTrue(rows.get(3).get("sensor").isNull());
        assertFalse(rows.get(3).get("ok").asBoolean());
    }

    @Test
    void sensorChecksThatSensorAloneAndNamesTheKnownOnesWhenUnknown() throws Exception {
        String yaml;
        try (TwinServer pm = twin("pms5003")) {
            yaml = station("tcp://127.0.0.1:1", """
                      - {id: pm, model: pms5003, port: "%s", warm-up: 0s, mode: passive}
                      - {id: gone, model: sds011, port: /dev/envgate-no-such-port, warm-up: 0s}
                    """.formatted(pm.gatewayPort()));
            assertEquals(0, check(yaml, "--sensor", "pm"), "neither the other sensor nor the broker is tried: " + out());
        }
        assertTrue(out().matches("(?s)sensor +model +port +state +values or fault\npm +pms5003 .* OK .*\nall good\n"), out());

        assertEquals(2, check(yaml, "--sensor", "pm2"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("gateway.yaml has no sensor 'pm2'; its sensors: pm, gone"),
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void traceFramesShowsTheSensorsFramesInHexAndLogOptionsAreChecked() throws Exception {
        PrintStream stderr = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try (TwinServer pm = twin("pms5003")) {
            assertEquals(0, check(station("tcp://127.0.0.1:1", """
                      - {id: pm, model: pms5003, port: "%s", warm-up: 0s, mode: passive, trace-frames: true}
                    """.formatted(pm.gatewayPort())), "--sensor", "pm", "--log-format", "json"), out());
        } finally {
            System.setErr(stderr);
            Logging.apply(LogSettings.DEFAULT);
        }
        String lines = log.toString(StandardCharsets.UTF_8);
        assertTrue(lines.contains("\"component\":\"sensor.pm\",\"sensor\":\"pm\",\"message\":\"sensor pm (pms5003 on "
                + "tcp://127.0.0.1:"), lines);
        assertTrue(lines.matches("(?s).*\\): tx 42 4d e2 00 00 01 71\".*"), "the passive-mode read request: " + lines);
        assertTrue(lines.matches("(?s).*\\): rx 42 4d [^\"]*00 1c .*"), "a PMS5003 frame (perhaps after the mode's answer): " + lines);

        assertEquals(2, check(station("tcp://127.0.0.1:1", "  - {id: pm, model: pms5003, port: /dev/ttyS0}\n"),
                "--log-level", "chatty"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--log-level must be trace, debug, info, warn, error or off, "
                + "not 'chatty'"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aSensorReadAtTheWrongBaudRateIsAFaultWhoseHintNamesTheSetting() throws Exception {
        // The twin garbles whatever the gateway's end is set to, so no model's probe could find it: none is tried.
        // The garbled mode command leaves it sending on its own, a frame every 250 ms, into each read of the
        // passive mode, which gives up after 2 s where the active mode's read waits 5 s.
        SensorTwin sensor = TwinProvider.all().get("pms5003").create(TwinOptions.defaults().withPeriod(Duration.ofMillis(250)));
        sensor.faults().wrongLineSettings(SerialSettings.DEFAULT_9600_8N1.withBaud(19200));
        try (TwinServer pm = TwinServer.tcp(sensor, "127.0.0.1", 0)) {
            assertEquals(1, check(station("tcp://127.0.0.1:1", """
                      - {id: pm, model: pms5003, port: "%s", warm-up: 0s, mode: passive, baud: 19200}
                    """.formatted(pm.gatewayPort())), Set.of(), "pm"), out());
            assertTrue(out().contains("bytes arrive but make no frame: a pms5003 talks at 9600 8N1, the config says "
                    + "19200 8N1: likely set baud: 9600, or remove the setting"), out());

            out.reset();
            assertEquals(1, check(station("tcp://127.0.0.1:1", """
                      - {id: pm, model: pms5003, port: "%s", warm-up: 0s, mode: passive}
                    """.formatted(pm.gatewayPort())), Set.of(), "pm"), out());
            assertTrue(out().contains("bytes arrive but make no frame: check the wiring, and that the sensor is set to "
                    + "9600 8N1, its model's own settings"), out());
        }
    }

    @Test
    void everyMistakeOfTheConfigIsPrintedOnItsOwnLine() throws Exception {
        Path file = Path.of(getClass().getResource("/config/many/six-mistakes.yaml").toURI());

        assertEquals(2, Main.run(new String[] {"check", "--config", file.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));

        List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(6, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("envgate: " + file + ":3: gateway.id: "), lines.get(0));
        assertTrue(lines.get(5).startsWith("envgate: " + file + ":19: status-page.listen: "), lines.get(5));
    }
}
