package org.envgate.simulator.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.envgate.simulator.UsageException;
import org.envgate.wire.GatewayStatus;
import org.envgate.wire.Reading;
import org.envgate.wire.SenmlCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Fleet mode against an in-process Moquette, counted by a subscriber: the readings that arrive
 * match the rate asked for over the run (pacing, not performance: the rate is small), each pack
 * decodes as SenML, and every gateway is online while it runs and offline after.
 */
class FleetTest {

    private Server broker;
    private String url;
    private MqttClient subscriber;
    private final AtomicLong readings = new AtomicLong();
    private final Map<String, String> states = new ConcurrentHashMap<>();
    private final List<String> problems = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Properties props = new Properties();
        props.setProperty("host", "127.0.0.1");
        props.setProperty("port", Integer.toString(port));
        props.setProperty("allow_anonymous", "true");
        props.setProperty("persistence_enabled", "false");
        props.setProperty("telemetry_enabled", "false");
        broker = new Server();
        broker.startServer(new MemoryConfig(props));
        url = "tcp://127.0.0.1:" + port;
        subscriber = new MqttClient(url, "fleet-test-subscriber", new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        subscriber.connect(options);
        subscriber.subscribe("load/+/readings", 1, (topic, message) -> {
            try {
                List<Reading> pack = SenmlCodec.decodeReadings(topic.split("/")[1], message.getPayload(), System.currentTimeMillis());
                readings.addAndGet(pack.size());
            } catch (Exception e) {
                problems.add(topic + ": " + e);
            }
        });
        subscriber.subscribe("load/+/status", 1, (topic, message) ->
                states.put(topic.split("/")[1], GatewayStatus.fromJson(message.getPayload()).state()));
    }

    @AfterEach
    void stop() throws Exception {
        subscriber.disconnect();
        subscriber.close();
        broker.stopServer();
    }

    @Test
    void publishesAtTheRateAskedForAsManyGateways() throws Exception {
        FleetArguments args = FleetArguments.parse(List.of("--broker", url, "--gateways", "5", "--sensors", "4",
                "--rate", "200", "--duration", "4s", "--prefix", "load", "--report", "1s"));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

        Fleet.Summary summary;
        try (Fleet fleet = Fleet.connect(args, out)) {
            assertTrue(await(() -> states.size() == 5 && states.values().stream().allMatch("online"::equals)),
                    "every gateway online: " + states);
            summary = fleet.run();
            assertTrue(await(() -> readings.get() >= summary.readingsAcknowledged()), "all acknowledged arrive");
        }

        double expected = 200 * 4;
        assertTrue(Math.abs(readings.get() - expected) <= 0.1 * expected, "received " + readings.get() + ", expected about " + expected);
        assertTrue(Math.abs(summary.rate() - 200) <= 20, "achieved " + summary.rate());
        assertEquals(0, summary.packsFailed());
        assertEquals(List.of(), problems);
        assertTrue(await(() -> states.values().stream().allMatch("offline"::equals)), "offline after a clean stop: " + states);
        String text = printed.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("readings/s over the last 1s (target 200)"), text);
        assertTrue(text.contains("readings acknowledged in 4.0s"), text);
    }

    @Test
    void badArgumentsAreNamed() {
        assertEquals("--rate must be readings per second above 0, got 'fast'", usageError("--broker", url,
                "--gateways", "1", "--sensors", "1", "--rate", "fast"));
        assertEquals("--gateways must be a whole number from 1 to 10000, got '0'", usageError("--broker", url,
                "--gateways", "0", "--sensors", "1", "--rate", "1"));
        assertEquals("fleet needs --broker tcp://HOST:PORT", usageError("--gateways", "1", "--sensors", "1", "--rate", "1"));
    }

    private static String usageError(String... args) {
        try {
            FleetArguments.parse(List.of(args));
        } catch (UsageException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted " + List.of(args));
    }

    private static boolean await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }
}
