package org.envgate.gateway.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import com.pi4j.context.Context;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.envgate.common.config.ConfigException;
import org.envgate.drivers.DriverRegistry;
import org.envgate.gateway.Display;
import org.envgate.gateway.Gateway;
import org.envgate.gateway.config.GatewayConfig;
import org.envgate.gateway.config.GatewayConfigLoader;
import org.envgate.gateway.log.Logging;
import org.envgate.link.I2cPort;
import org.envgate.simulator.TwinOptions;
import org.envgate.simulator.TwinProvider;
import org.envgate.simulator.TwinServer;
import org.envgate.simulator.bme280.Bme280Twin;
import org.envgate.simulator.ds18b20.W1SysfsTwin;
import org.envgate.simulator.pulse.PulseTwin;
import org.envgate.simulator.sht3x.Sht3xTwin;
import org.envgate.wire.GatewayStatus;
import org.envgate.wire.Quantity;
import org.envgate.wire.Reading;
import org.envgate.wire.SenmlCodec;
import org.envgate.wire.SenmlException;
import org.envgate.wire.Topics;
import org.tinylog.Logger;

/**
 * {@code envgate demo}: every simulated sensor on its own TCP port, a gateway reading them
 * through its real drivers and buffer, an embedded broker, and a subscriber that prints each
 * reading the broker delivered. Nothing to install but Java. With a scenario
 * ({@link ScenarioStation}) the station is the scenario's instead of one sensor of each model.
 */
public final class Demo {

    static final String GATEWAY_ID = "demo";
    static final String TOPIC_PREFIX = "envgate";
    private static final Duration INTERVAL = Duration.ofSeconds(2);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());
    /** The widest quantity name: the quantity column fits every one. */
    private static final int QUANTITY_WIDTH = Arrays.stream(Quantity.values()).mapToInt(q -> q.id().length()).max()
            .orElse(0);

    private Demo() {
    }

    /**
     * What the demo's gateway reads: twins it starts, and the gateway config that reads them.
     * Closed after the gateway and the twins.
     */
    interface Station extends AutoCloseable {

        /** The config's {@code gateway.id}: the subscriber listens to its topics. */
        String gatewayId();

        /** Starts the twins that need no gateway and writes the config that reads them and every GPIO sensor. */
        Path start(Path dir, String brokerUrl, List<AutoCloseable> resources) throws IOException;

        /** Starts the twins of the GPIO and I2C sensors on the running gateway's mock platform. */
        void startGpio(Context mock, List<AutoCloseable> resources) throws IOException;

        @Override
        void close();
    }

    /**
     * Runs until Ctrl-C, or for {@code duration} when given.
     *
     * @return the exit status
     */
    public static int run(Duration duration, PrintStream out) {
        return run(new BuiltinStation(), duration, out);
    }

    /**
     * Runs {@code station} until Ctrl-C, or for {@code duration} when given.
     *
     * @return the exit status
     */
    static int run(Station station, Duration duration, PrintStream out) {
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            awaitQuietly(stopped, 20);
        }, "demo-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        List<AutoCloseable> resources = new ArrayList<>();
        Path dir = null;
        Path log = null;
        PrintStream logStream = null;
        try {
            // The log goes to a file so the terminal shows the readings table alone.
            log = Files.createTempFile("envgate-demo-", ".log");
            logStream = new PrintStream(Files.newOutputStream(log), true, StandardCharsets.UTF_8);
            Logging.writeTo(logStream);
            dir = Files.createTempDirectory("envgate-demo-");
            EmbeddedBroker broker = EmbeddedBroker.start(0);
            resources.add(broker);
            Path config = station.start(dir, broker.url(), resources);
            GatewayConfig gatewayConfig = new GatewayConfigLoader(DriverRegistry.load()).load(config);

            out.println("envgate demo: " + gatewayConfig.sensors().size() + " simulated sensors -> gateway '"
                    + station.gatewayId() + "' -> embedded MQTT broker " + broker.url());
            out.println("config: " + config + "   (the same file format as a real station)");
            out.println("watch it with: mosquitto_sub -h 127.0.0.1 -p " + broker.port() + " -t '" + TOPIC_PREFIX + "/#' -v");
            out.println("log: " + log + "   (kept after the demo)");
            out.println(duration == null ? "Ctrl-C stops." : "stopping after " + duration.toSeconds() + "s.");
            out.println();
            String row = rowFormat(gatewayConfig);
            out.printf(row, "time", "sensor", "quantity", "value", "unit", "");

            resources.add(0, subscribe(broker.url(), station.gatewayId(), row, out));
            Gateway gateway = Gateway.start(gatewayConfig, Clock.systemUTC(), null);
            resources.add(0, gateway);
            gateway.statusPageAddress().ifPresent(page -> out.println("status page: http://127.0.0.1:" + page.getPort() + "/"));
            if (gateway.gpio().isPresent()) {
                station.startGpio(gateway.gpio().get(), resources);
            }

            if (duration == null) {
                stop.await();
            } else {
                stop.await(duration.toMillis(), TimeUnit.MILLISECONDS);
            }
            return 0;
        } catch (IOException | ConfigException | MqttException e) {
            Logger.error("demo failed: {}", e.getMessage());
            out.println("demo failed: " + e.getMessage() + (log == null ? "" : " (log: " + log + ")"));
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } finally {
            for (AutoCloseable resource : resources) {
                closeQuietly(resource);
            }
            station.close();
            deleteQuietly(dir);
            Logging.writeTo(null);
            if (logStream != null) {
                logStream.close();
            }
            stopped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running and waits for the countdown above.
            }
        }
    }

    /**
     * One sensor of each model: the serial ones on loopback TCP ports, a DS18B20's files, two GPIO
     * sensors and two I2C sensors on the mock platform.
     */
    private static final class BuiltinStation implements Station {

        @Override
        public String gatewayId() {
            return GATEWAY_ID;
        }

        @Override
        public Path start(Path dir, String brokerUrl, List<AutoCloseable> resources) throws IOException {
            List<String> sensors = startTwins(resources);
            sensors.add(startOneWireTwin(dir, resources));
            sensors.addAll(PULSE_SENSORS);
            sensors.addAll(I2C_SENSORS);
            return writeConfig(dir, brokerUrl, sensors);
        }

        @Override
        public void startGpio(Context mock, List<AutoCloseable> resources) {
            resources.add(PulseTwin.rainGauge(TwinOptions.defaults().withSeed(17), 0.2794).run(mock, 17));
            resources.add(PulseTwin.flowMeter(TwinOptions.defaults().withSeed(27), 450, 30, ZoneId.systemDefault()).run(mock, 27));
            resources.add(new Bme280Twin(TwinOptions.defaults().withSeed(76), ZoneId.systemDefault(), Clock.systemUTC())
                    .attach(mock, I2cPort.parse(BME280_PORT)));
            resources.add(new Sht3xTwin(TwinOptions.defaults().withSeed(44), ZoneId.systemDefault(), Clock.systemUTC())
                    .attach(mock, I2cPort.parse(SHT3X_PORT)));
        }

        @Override
        public void close() {
        }
    }

    /** One twin per serial model on a loopback TCP port; returns the sensor blocks of the config. */
    private static List<String> startTwins(List<AutoCloseable> resources) throws IOException {
        List<String> sensors = new ArrayList<>();
        long seed = 1;
        for (TwinProvider provider : TwinProvider.all().values()) {
            TwinServer server = TwinServer.tcp(provider.create(TwinOptions.defaults().withSeed(seed++)), "127.0.0.1", 0);
            resources.add(server);
            sensors.add(sensor(provider.model(), server.gatewayPort(), provider.demoSensorOptions()));
        }
        return sensors;
    }

    /** GPIO sensors on the mock platform: a rain gauge on BCM 17, a flow meter on BCM 27. */
    private static final List<String> PULSE_SENSORS = List.of(
            sensor("rain-gauge", "gpio:17", Map.of()),
            sensor("flow-meter", "gpio:27", Map.of("pulses-per-litre", "450")));

    private static final String BME280_PORT = "i2c:1:0x76";
    private static final String SHT3X_PORT = "i2c:1:0x44";

    /** I2C sensors on the mock platform's bus: a BME280 at 0x76, an SHT3x at 0x44. */
    private static final List<String> I2C_SENSORS = List.of(
            sensor("bme280", BME280_PORT, Map.of()),
            sensor("sht3x", SHT3X_PORT, Map.of()));

    /** A DS18B20 is a folder of files under /sys; its twin writes those files into the demo's folder. */
    private static String startOneWireTwin(Path dir, List<AutoCloseable> resources) throws IOException {
        Path device = Files.createDirectories(dir.resolve("w1").resolve("28-0316a2797aff"));
        W1SysfsTwin twin = new W1SysfsTwin(device, TwinOptions.defaults().withSeed(99), ZoneId.systemDefault());
        twin.update(System.currentTimeMillis());
        resources.add(twin.run());
        return sensor("ds18b20", device.toString(), Map.of());
    }

    private static String sensor(String model, String port, Map<String, String> options) {
        StringBuilder sensor = new StringBuilder()
                .append("  - id: ").append(model).append('\n')
                .append("    model: ").append(model).append('\n')
                .append("    port: \"").append(port).append("\"\n")
                .append("    interval: ").append(INTERVAL.toSeconds()).append("s\n")
                .append("    warm-up: 0s\n");
        for (Map.Entry<String, String> option : options.entrySet()) {
            sensor.append("    ").append(option.getKey()).append(": ").append(option.getValue()).append('\n');
        }
        return sensor.toString();
    }

    private static Path writeConfig(Path dir, String brokerUrl, List<String> sensors) throws IOException {
        Path buffer = Files.createDirectory(dir.resolve("buffer"));
        Path file = dir.resolve("gateway.yaml");
        Files.writeString(file, """
                # Written by 'envgate demo': simulated sensors on loopback TCP ports.
                gateway:
                  id: %s
                  site: desk
                storage:
                  path: %s
                mqtt:
                  url: %s
                  topic-prefix: %s
                gpio:
                  platform: mock
                status-page:
                  listen: 127.0.0.1:0
                sensors:
                %s""".formatted(GATEWAY_ID, buffer, brokerUrl, TOPIC_PREFIX, String.join("", sensors)));
        return file;
    }

    /** The table's row: time, sensor, quantity, value, unit, quality; the sensor column as wide as the longest id. */
    static String rowFormat(GatewayConfig config) {
        int sensorWidth = Math.max("sensor".length(), config.sensors().stream().mapToInt(s -> s.id().length()).max()
                .orElse(0));
        return "%-12s  %-" + sensorWidth + "s  %-" + QUANTITY_WIDTH + "s  %10s  %s%s%n";
    }

    /** Prints every reading the broker delivers, and the gateway's online/offline state. */
    private static AutoCloseable subscribe(String url, String gatewayId, String row, PrintStream out)
            throws MqttException {
        Topics topics = new Topics(TOPIC_PREFIX, gatewayId);
        MqttClient client = new MqttClient(url, "envgate-demo-viewer", new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        client.connect(options);
        client.subscribe(topics.readings(), 1, (topic, message) -> {
            try {
                for (Reading r : SenmlCodec.decodeReadings(gatewayId, message.getPayload(), System.currentTimeMillis())) {
                    String quality = Display.quality(r.quality());
                    out.printf(row, TIME.format(Instant.ofEpochMilli(r.timeMillis())), r.sensor(), r.quantity().id(),
                            Display.value(r.value()), r.unit(), quality.isEmpty() ? "" : "  (" + quality + ")");
                }
            } catch (SenmlException e) {
                out.println("malformed pack on " + topic + ": " + e.getMessage());
            }
        });
        client.subscribe(topics.status(), 1, (topic, message) -> {
            try {
                out.println("-- gateway '" + gatewayId + "' is " + GatewayStatus.fromJson(message.getPayload()).state());
            } catch (IOException e) {
                out.println("malformed status on " + topic + ": " + e.getMessage());
            }
        });
        return () -> {
            client.disconnect(1000);
            client.close();
        };
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            Logger.warn("demo: stopping {}: {}", resource.getClass().getSimpleName(), e.getMessage());
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            Logger.warn("demo: could not remove {}: {}", dir, e.getMessage());
        }
    }

    private static void awaitQuietly(CountDownLatch latch, int seconds) {
        try {
            latch.await(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
