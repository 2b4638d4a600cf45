package org.envgate.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.envgate.drivers.DriverRegistry;
import org.envgate.gateway.config.GatewayConfig;
import org.envgate.gateway.config.GatewayConfigLoader;
import org.envgate.gateway.demo.EmbeddedBroker;
import org.envgate.simulator.TwinOptions;
import org.envgate.simulator.TwinProvider;
import org.envgate.simulator.TwinServer;
import org.envgate.wire.Reading;
import org.envgate.wire.SenmlCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A config reloaded while readings flow: a good one applied, a bad one refused, no reading lost. */
class RunningGatewayTest {

    @TempDir
    Path dir;

    private String config(String brokerUrl, String sensors) {
        return """
                gateway: {id: gw-reload}
                storage: {path: "%s"}
                mqtt: {url: "%s", reconnect-max: 2s}
                sensors:
                %s""".formatted(dir, brokerUrl, sensors);
    }

    private static TwinServer twin(String model) throws Exception {
        return TwinServer.tcp(TwinProvider.all().get(model).create(TwinOptions.defaults()), "127.0.0.1", 0);
    }

    @Test
    void aGoodConfigAddsASensorWithoutAGapAndABadOneIsRefusedWhileReadingsFlow() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(0); TwinServer pm = twin("pms5003"); TwinServer dust = twin("sds011")) {
            List<Reading> delivered = Collections.synchronizedList(new ArrayList<>());
            MqttClient viewer = new MqttClient(broker.url(), "viewer", new MemoryPersistence());
            viewer.connect();
            viewer.subscribe("envgate/gw-reload/readings", 1, (topic, message) ->
                    delivered.addAll(SenmlCodec.decodeReadings("gw-reload", message.getPayload(), System.currentTimeMillis())));
            String pmSensor = "  - {id: pm, model: pms5003, port: \"%s\", interval: 1s, warm-up: 0s, mode: passive}\n"
                    .formatted(pm.gatewayPort());
            Path file = Files.writeString(dir.resolve("gateway.yaml"), config(broker.url(), pmSensor));
            GatewayConfigLoader loader = new GatewayConfigLoader(DriverRegistry.load());
            RunningGateway running = RunningGateway.start(file, loader::load, Function.identity(), Clock.systemUTC(),
                    loader.load(file));
            try {
                waitFor(() -> count(delivered, "pm") >= 3, "pm readings before the reload");

                Files.writeString(file, config(broker.url(), pmSensor + """
                          - {id: dust, model: sds011, port: "%s", interval: 1s, warm-up: 0s}
                        """.formatted(dust.gatewayPort())));
                assertTrue(running.reload());
                waitFor(() -> count(delivered, "dust") >= 3, "the added sensor's readings");

                Files.writeString(file, config(broker.url(), pmSensor + "  - {id: dust, model: sds011, interval: often}\n"));
                int before = count(delivered, "dust");
                assertFalse(running.reload(), "a config with a mistake is refused");
                waitFor(() -> count(delivered, "dust") >= before + 3, "the running config goes on");
            } finally {
                running.close();
            }
            List<Long> pmTimes = delivered.stream().filter(r -> r.sensor().equals("pm") && r.quantity().id().equals("pm2_5"))
                    .map(Reading::timeMillis).sorted().distinct().toList();
            for (int i = 1; i < pmTimes.size(); i++) {
                assertTrue(pmTimes.get(i) - pmTimes.get(i - 1) <= 3_000,
                        "no gap in the readings across the reloads: " + pmTimes);
            }
            viewer.disconnect();
            viewer.close();
        }
    }

    @Test
    void sighupReloadsTheRunningProcessAndABrokenConfigLeavesItRunning() throws Exception {
        Path file = dir.resolve("gateway.yaml");
        String sensor = "  - {id: pm, model: pms5003, port: /dev/ttyENVGATE-NONE}\n";
        Files.writeString(file, config("tcp://127.0.0.1:1", sensor));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process gateway = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "org.envgate.gateway.Main",
                "run", "--config", file.toString()).redirectErrorStream(true).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(gateway.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (java.io.IOException e) {
                lines.add("read failed: " + e);
            }
        });
        reader.start();
        try {
            awaitLine(lines, "gateway gw-reload starting: 1 sensors");
            awaitLine(lines, "SIGHUP (systemctl reload envgate) reloads " + file);

            Files.writeString(file, config("tcp://127.0.0.1:1", sensor + "  - {id: co2, model: mhz19b, interval: often}\n"));
            signal(gateway, "HUP");
            String refused = awaitLine(lines, "reload refused: ");
            assertTrue(refused.contains(file + ":"), "the file and line of the mistake: " + refused);
            awaitLine(lines, "goes on with the config it started with");
            assertTrue(gateway.isAlive(), "a broken config stops nothing");

            Files.writeString(file, config("tcp://127.0.0.1:1", sensor
                    + "  - {id: co2, model: mhz19b, port: /dev/ttyENVGATE-NONE2}\n"));
            signal(gateway, "HUP");
            awaitLine(lines, "config reloaded: 2 sensors");
            assertTrue(gateway.isAlive());

            signal(gateway, "TERM");
            assertTrue(gateway.waitFor(30, TimeUnit.SECONDS));
            assertEquals(143, gateway.exitValue(), "stopped by SIGTERM after the reloads, as systemd stops it");
        } finally {
            gateway.destroyForcibly();
        }
    }

    private static void signal(Process process, String signal) throws Exception {
        new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor();
    }

    private static String awaitLine(BlockingQueue<String> lines, String part) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        List<String> seen = new ArrayList<>();
        while (System.nanoTime() < end) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line != null) {
                seen.add(line);
                if (line.contains(part)) {
                    return line;
                }
            }
        }
        throw new AssertionError("no line with '" + part + "' in:\n" + String.join("\n", seen));
    }

    private static int count(List<Reading> readings, String sensor) {
        synchronized (readings) {
            return (int) readings.stream().filter(r -> r.sensor().equals(sensor)).count();
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }
}
