package org.envgate.gateway.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.envgate.common.config.ConfigException;
import org.envgate.link.Link;
import org.envgate.link.Links;
import org.envgate.link.SerialSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tinylog.Level;
import org.tinylog.Logger;
import org.tinylog.core.LogEntry;
import org.tinylog.runtime.PreciseTimestamp;

/** Levels per component, the JSON format and frame traces, through tinylog as the gateway logs. */
class LoggingTest {

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream stderr;

    @BeforeEach
    void captureStderr() {
        stderr = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setErr(stderr);
        Logging.apply(LogSettings.DEFAULT);
    }

    private List<String> lines() {
        return captured.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private static LogSettings parse(String yaml) throws ConfigException {
        return LogSettingsLoader.parse("gateway.yaml", yaml);
    }

    private static final String SENSORS = """
            sensors:
              - {id: pm, model: pms5003, port: /dev/ttyUSB0, trace-frames: true}
              - {id: co2, model: mhz19b, port: /dev/ttyUSB1}
            """;

    @Test
    void theConfigSetsALevelPerComponentAndTheSensorsTraced() throws Exception {
        LogSettings settings = parse("log:\n  level: {default: warn, sensor.pm: debug, uplink: error}\n" + SENSORS);

        assertEquals(new LogSettings(Level.WARN, Map.of("sensor.pm", Level.DEBUG, "uplink", Level.ERROR), false,
                Set.of("pm")), settings);
        assertEquals(Level.WARN, settings.level("sensor.co2"));
        assertEquals(new LogSettings(Level.DEBUG, Map.of(), false, Set.of("pm")), parse("log: {level: debug}\n" + SENSORS));
        assertEquals(LogSettings.DEFAULT, parse("gateway: {id: g}\n"));
    }

    @Test
    void aWrongLevelOrComponentIsAConfigErrorWithItsLine() {
        assertEquals("gateway.yaml:2: log.level.sensor.pm: 'loud' is not a level: trace, debug, info, warn, error, off",
                assertThrows(ConfigException.class, () -> parse("log:\n  level: {sensor.pm: loud}\n" + SENSORS)).getMessage());
        String unknown = assertThrows(ConfigException.class,
                () -> parse("log:\n  level: {sensor.dust: debug}\n" + SENSORS)).getMessage();
        assertTrue(unknown.startsWith("gateway.yaml:2: log.level.sensor.dust: is not a component: default, buffer, clock"),
                unknown);
        assertTrue(unknown.contains("sensor.co2, sensor.pm"), unknown);
    }

    @Test
    void eachComponentLogsAtItsOwnLevel() {
        Logging.apply(new LogSettings(Level.INFO, Map.of("sensor.pm", Level.DEBUG, "gateway", Level.WARN), false, Set.of()));

        Logger.tag("sensor.pm").debug("pm detail");
        Logger.tag("sensor.co2").debug("co2 detail");
        Logger.tag("sensor.co2").info("co2 event");
        Logger.info("an event of this test's package");

        List<String> lines = lines();
        assertEquals(3, lines.size(), lines.toString());
        assertTrue(lines.get(0).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} DEBUG pm detail"), lines.get(0));
        assertTrue(lines.get(1).endsWith(" INFO  co2 event"), lines.get(1));
        assertTrue(lines.get(2).endsWith(" INFO  an event of this test's package"), "component 'log' is at the default: " + lines);
    }

    @Test
    void jsonIsOneObjectALineWithTimeLevelComponentSensorAndMessage() throws Exception {
        Logging.apply(LogSettings.DEFAULT.withJson(true));

        Logger.tag("sensor.pm").warn("sensor pm (pms5003 on /dev/ttyUSB0): no valid answer 3 times in a row");
        Logger.error(new IOException("disk full"), "buffer write failed");

        List<String> lines = lines();
        assertEquals(2, lines.size(), lines.toString());
        JsonNode sensor = new ObjectMapper().readTree(lines.get(0));
        List<String> keys = new ArrayList<>();
        sensor.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("time", "level", "component", "sensor", "message"), keys);
        assertTrue(sensor.get("time").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z"), lines.get(0));
        assertEquals("warn", sensor.get("level").asText());
        assertEquals("sensor.pm", sensor.get("component").asText());
        assertEquals("pm", sensor.get("sensor").asText());
        assertEquals("sensor pm (pms5003 on /dev/ttyUSB0): no valid answer 3 times in a row", sensor.get("message").asText());
        JsonNode error = new ObjectMapper().readTree(lines.get(1));
        assertEquals("log", error.get("component").asText());
        assertTrue(error.get("sensor").isNull());
        assertEquals("buffer write failed: java.io.IOException: disk full", error.get("message").asText());
    }

    /** The line is written with jackson-core's generator, as jackson-databind's tree wrote it before. */
    @Test
    void aJsonLineIsWhatTheDatabindTreeWrote() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        String[] messages = {"", "plain", "quote \" and \\ backslash", "tab\tnew\nline\r\u0000\u001f\u007f",
            "\u2028\u2029 Đà Nẵng 😀", "lone \ud83d surrogate \ude00", "{\"json\":[1]}", "x".repeat(5000)};
        String[] components = {"gateway", "uplink", "sensor.pm", "sensor.", "sensor.\"odd\"", "io.moquette.broker"};
        long[][] times = {{0, 0}, {1_795_877_531_630L, 123_456}, {1_795_877_531_000L, 0}, {-1, 999_999}};
        for (String message : messages) {
            for (String component : components) {
                for (Level level : Level.values()) {
                    for (long[] time : times) {
                        LogEntry entry = new LogEntry(new PreciseTimestamp(time[0], time[1]), null, Map.of(), null, null,
                                null, 0, null, level, message, null);
                        ObjectNode line = mapper.createObjectNode();
                        line.put("time", entry.getTimestamp().toInstant().toString());
                        line.put("level", level.name().toLowerCase(Locale.ROOT));
                        line.put("component", component);
                        if (component.startsWith("sensor.")) {
                            line.put("sensor", component.substring("sensor.".length()));
                        } else {
                            line.putNull("sensor");
                        }
                        line.put("message", message);
                        assertEquals(mapper.writeValueAsString(line), EnvgateLogWriter.json(entry, component, message));
                    }
                }
            }
        }
    }

    @Test
    void aComponentIsItsTagOrTheGatewayPackageItComesFrom() {
        assertEquals("sensor.pm", EnvgateLogWriter.component("sensor.pm", "org.envgate.gateway.poll.SensorPoller"));
        assertEquals("uplink", EnvgateLogWriter.component(null, "org.envgate.gateway.uplink.Uplink"));
        assertEquals("gateway", EnvgateLogWriter.component(null, "org.envgate.gateway.Gateway"));
        assertEquals("io.moquette.broker", EnvgateLogWriter.component(null, "io.moquette.broker.Server"));
    }

    @Test
    void traceFramesLogsEachFrameInHexAtMostTwentyLinesASecond() throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            Link link = new FrameTrace(Links.open("tcp://127.0.0.1:" + server.getLocalPort(), SerialSettings.DEFAULT_9600_8N1),
                    "pm", "sensor pm (pms5003 on tcp://127.0.0.1)");
            try (Socket sensor = server.accept(); link) {
                link.write(new byte[] {0x42, 0x4d, (byte) 0xe2, 0x00, 0x00, 0x01, 0x71});
                InputStream in = sensor.getInputStream();
                assertEquals(7, in.readNBytes(7).length);
                OutputStream out = sensor.getOutputStream();
                byte[] buffer = new byte[64];
                for (int i = 0; i < 50; i++) {
                    out.write(new byte[] {0x42, 0x4d, (byte) i});
                    out.flush();
                    int got = 0;
                    while (got < 3) {
                        got += link.read(buffer, got, 3 - got, Duration.ofSeconds(2));
                    }
                }
                List<String> lines = lines();
                assertTrue(lines.get(0).endsWith("sensor pm (pms5003 on tcp://127.0.0.1): tx 42 4d e2 00 00 01 71"), lines.get(0));
                assertTrue(lines.get(1).endsWith("sensor pm (pms5003 on tcp://127.0.0.1): rx 42 4d 00"), lines.get(1));
                assertTrue(lines.size() <= FrameTrace.LINES_PER_SECOND, "rate-limited: " + lines.size() + " lines");
                int shown = lines.size();

                Thread.sleep(1_100);
                out.write(new byte[] {0x42, 0x4d, 0x7f});
                out.flush();
                int got = 0;
                while (got < 3) {
                    got += link.read(buffer, got, 3 - got, Duration.ofSeconds(2));
                }
                String last = lines().get(lines().size() - 1);
                assertTrue(last.endsWith("rx 42 4d 7f (" + (51 - shown) + " frames not shown before this: at most 20 lines a second)"),
                        last);
            }
        }
    }
}
