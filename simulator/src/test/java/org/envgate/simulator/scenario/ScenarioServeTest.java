package org.envgate.simulator.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.envgate.drivers.mhz19b.Mhz19bCommands;
import org.envgate.link.Link;
import org.envgate.link.Links;
import org.envgate.link.SerialSettings;
import org.envgate.simulator.ScenarioArguments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --scenario} for real: a sensor on a TCP port that is unplugged and plugged in again
 * at the same port, a sensor on a pseudo-terminal, the emitted config and the expected readings.
 */
class ScenarioServeTest {

    @TempDir
    Path dir;

    private Path scenario() throws IOException {
        return Files.writeString(dir.resolve("bench.yaml"), """
                scenario: bench
                seed: 5
                time-factor: 60
                gateway: {id: sim-bench-01}
                sensors:
                  - id: co2
                    model: mhz19b
                    port: tcp:0
                    interval: 2s
                    signals:
                      co2: {baseline: 500}
                    faults:
                      - {at: 3m, for: 2m, kind: unplug}
                  - id: pm
                    model: sds011
                    port: pty
                    options: {mode: query}
                """);
    }

    @Test
    void servesUnplugsAndReplugsAndWritesTheConfigAndTheExpectedReadings() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Path config = dir.resolve("gateway.yaml");
        Path expected = dir.resolve("expected.jsonl");
        ScenarioArguments args = new ScenarioArguments(scenario(), config, expected, "tcp://broker.test:1883", dir.resolve("run"));

        try (ScenarioServe serve = ScenarioServe.start(args, new PrintStream(printed, true, StandardCharsets.UTF_8))) {
            String co2Port = serve.run().gatewayPorts().get("co2");
            int port = Integer.parseInt(co2Port.substring(co2Port.lastIndexOf(':') + 1));
            assertEquals(500, readCo2(port), "the dictated value");

            Thread.sleep(3_500); // simulated 3.5 min: unplugged
            assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close());

            Thread.sleep(2_000); // simulated 5.5 min: back at the same port
            assertEquals(500, readCo2(port));

            String pty = serve.run().gatewayPorts().get("pm");
            assertEquals(dir.resolve("run").resolve("pm").toString(), pty);
            try (Link link = Links.open(pty, SerialSettings.DEFAULT_9600_8N1)) {
                byte[] frame = new byte[10];
                assertTrue(link.read(frame, 0, 10, Duration.ofSeconds(3)) > 0, "the SDS011 twin sends on its pty");
            }
        }

        String yaml = Files.readString(config);
        assertTrue(yaml.contains("  url: tcp://broker.test:1883\n"), yaml);
        assertTrue(yaml.contains("  - id: pm\n    model: sds011\n    port: " + dir.resolve("run").resolve("pm")
                + "\n    interval: 10s\n    warm-up: 0s\n    mode: query\n"), yaml);
        List<String> lines = Files.readAllLines(expected);
        assertTrue(lines.stream().filter(l -> l.startsWith("{\"sensor\":\"co2\",\"quantity\":\"co2\",\"value\":500.0,")).count() == 2,
                String.join("\n", lines));
        String out = printed.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("+0h03m00s sensor co2: unplug starts"), out);
        assertTrue(out.contains("+0h05m00s sensor co2: unplug ends"), out);
    }

    private static int readCo2(int port) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(3000);
            socket.getOutputStream().write(Mhz19bCommands.readCo2());
            byte[] answer = socket.getInputStream().readNBytes(9);
            return (answer[2] & 0xFF) << 8 | (answer[3] & 0xFF);
        }
    }
}
