package org.envgate.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.envgate.common.testing.Mosquitto;
import org.envgate.common.testing.TcpProxy;
import org.envgate.gateway.Gateway;
import org.envgate.gateway.buffer.ReadingBuffer;
import org.envgate.gateway.config.MqttConfig;
import org.envgate.gateway.config.StorageConfig;
import org.envgate.gateway.uplink.Uplink;
import org.envgate.gateway.testing.ReadingSubscriber;
import org.envgate.gateway.uplink.UplinkState;
import org.envgate.link.SerialSettings;
import org.envgate.simulator.SensorTwin;
import org.envgate.simulator.TwinOptions;
import org.envgate.simulator.TwinProvider;
import org.envgate.simulator.TwinSample;
import org.envgate.simulator.TwinServer;
import org.envgate.testing.PtyPair;
import org.envgate.wire.GatewayHealth;
import org.envgate.wire.Quantity;
import org.envgate.wire.Reading;
import org.envgate.wire.SenmlCodec;
import org.envgate.wire.Topics;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway against Debian's mosquitto (apt-get install mosquitto mosquitto-clients). */
@Tag("interop")
class MosquittoInteropTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final Topics topics = new Topics("envgate", Station.GATEWAY_ID);

    @Test
    void aPtyStationDeliversToMosquittoAndAThirdPartyClientReadsIt() throws Exception {
        Path storage = Files.createDirectory(dir.resolve("storage"));
        List<TwinSample> sent = Collections.synchronizedList(new ArrayList<>());
        SensorTwin pm = TwinProvider.all().get("pms5003").create(TwinOptions.defaults().withSeed(8));
        pm.addListener(sent::add);
        try (Mosquitto mosquitto = new Mosquitto(dir);
             PtyPair pty = PtyPair.start();
             TwinServer twin = TwinServer.serial(pm, pty.a(), SerialSettings.DEFAULT_9600_8N1);
             ReadingSubscriber subscriber = new ReadingSubscriber(mosquitto.url(), topics);
             Gateway gateway = Gateway.start(Station.load(Station.yaml(storage, mosquitto.url(), "pm", pty.b(), "300ms",
                     "passive")), Clock.systemUTC(), null)) {
            assertTrue(subscriber.awaitReadings(r -> r.size() >= 30, WAIT), "got " + subscriber.readings().size());
            assertTrue(Station.assertSamplesWereSent(subscriber.readings(), sent) >= 5);

            List<Reading> viaMosquittoSub = SenmlCodec.decodeReadings(Station.GATEWAY_ID,
                    mosquittoSub(mosquitto, topics.readings()).getBytes(StandardCharsets.UTF_8), System.currentTimeMillis());
            assertTrue(!viaMosquittoSub.isEmpty() && viaMosquittoSub.stream().allMatch(r -> r.sensor().equals("pm")),
                    viaMosquittoSub.toString());
            assertTrue(mosquittoSub(mosquitto, topics.status()).contains("\"state\":\"online\""), "retained status");
        }
    }

    @Test
    void theLastWillTurnsTheRetainedStatusOffline() throws Exception {
        Path storage = Files.createDirectory(dir.resolve("storage"));
        try (Mosquitto mosquitto = new Mosquitto(dir);
             TcpProxy network = new TcpProxy(mosquitto.port());
             TwinServer twin = TwinServer.tcp(TwinProvider.all().get("pms5003").create(TwinOptions.defaults()), "127.0.0.1", 0);
             Gateway gateway = Gateway.start(Station.load(Station.yaml(storage, network.url(), "pm", twin.gatewayPort(), "300ms",
                     "passive")), Clock.systemUTC(), null)) {
            assertTrue(Station.await(() -> gateway.uplink().state() == UplinkState.ONLINE, WAIT));
            assertTrue(mosquittoSub(mosquitto, topics.status()).contains("\"state\":\"online\""));
            network.cut();
            // mosquitto publishes the will once the keep-alive runs out or the socket closes.
            assertTrue(Station.await(() -> mosquittoSubQuietly(mosquitto, topics.status()).contains("\"state\":\"offline\""), WAIT));
        }
    }

    @Test
    void credentialsFromAPasswordFile() throws Exception {
        Path passwords = dir.resolve("passwd");
        run("mosquitto_passwd", "-c", "-b", passwords.toString(), "station-1", "s3cret");
        Files.writeString(dir.resolve("right"), "s3cret\n");
        Files.writeString(dir.resolve("wrong"), "guess\n");
        Path storage = Files.createDirectory(dir.resolve("storage"));
        try (Mosquitto mosquitto = new Mosquitto(dir,
                // mosquitto reads the password file after leaving root for its own user, who cannot enter the test's folder.
                "allow_anonymous false\npassword_file " + passwords + "\nuser root\n");
             TwinServer twin = TwinServer.tcp(TwinProvider.all().get("pms5003").create(TwinOptions.defaults()), "127.0.0.1", 0)) {
            String wrong = withCredentials(Station.yaml(storage, mosquitto.url(), "pm", twin.gatewayPort(), "300ms", "passive"),
                    dir.resolve("wrong"));
            try (Gateway gateway = Gateway.start(Station.load(wrong), Clock.systemUTC(), null)) {
                Thread.sleep(3000);
                assertNotEquals(UplinkState.ONLINE, gateway.uplink().state());
                assertTrue(gateway.buffer().count() > 0, "refused: the readings stay buffered");
            }
            String right = withCredentials(Station.yaml(storage, mosquitto.url(), "pm", twin.gatewayPort(), "300ms", "passive"),
                    dir.resolve("right"));
            try (Gateway gateway = Gateway.start(Station.load(right), Clock.systemUTC(), null)) {
                assertTrue(Station.await(() -> gateway.uplink().state() == UplinkState.ONLINE, WAIT));
                assertTrue(Station.await(() -> gateway.uplink().sent() > 0 && gateway.buffer().count() < 6, WAIT),
                        "the backlog from the refused attempt drains: " + gateway.buffer().count());
            }
        }
    }

    @Test
    void packsOverTheBrokersSizeLimitGetSmallerAndNothingIsLost() throws Exception {
        Path storage = Files.createDirectory(dir.resolve("storage"));
        List<Reading> backlog = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            backlog.add(new Reading("pm", Quantity.PM2_5, i, 1_795_000_000_000L + i * 1000L));
        }
        // mosquitto closes the connection of a client that sends a packet over max_packet_size:
        // a pack of 500 readings (about 30 kB) is refused, one of 60 passes.
        try (Mosquitto mosquitto = new Mosquitto(dir, "allow_anonymous true\nmax_packet_size 8192\n");
             ReadingSubscriber subscriber = new ReadingSubscriber(mosquitto.url(), topics);
             ReadingBuffer buffer = ReadingBuffer.open(new StorageConfig(storage, StorageConfig.DEFAULT_MAX_SIZE,
                     StorageConfig.WhenFull.DROP_OLDEST))) {
            buffer.append(backlog);
            GatewayHealth health = new GatewayHealth(Station.GATEWAY_ID, "test", OptionalLong.empty(), 0, 0, 0, 0, 0, 0,
                    0, 0, "unknown", 0, 0, List.of());
            MqttConfig config = new MqttConfig(mosquitto.url(), "envgate", "envgate-size", Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 500, 20,
                    Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofMinutes(1));
            try (Uplink uplink = new Uplink(config, Station.GATEWAY_ID, buffer, "test", Clock.systemUTC(), () -> health)) {
                uplink.start();
                assertTrue(subscriber.awaitReadings(r -> r.containsAll(backlog), Duration.ofSeconds(90)),
                        "delivered " + subscriber.readings().stream().distinct().count() + " of " + backlog.size());
                assertEquals(backlog, subscriber.readings().stream().distinct().toList(), "all, in order");
                assertTrue(Station.await(() -> buffer.count() == 0, WAIT));
            }
        }
    }

    private static String withCredentials(String yaml, Path passwordFile) {
        return yaml.replace("  topic-prefix: envgate\n",
                "  topic-prefix: envgate\n  username: station-1\n  password-file: " + passwordFile + "\n");
    }

    private static String mosquittoSubQuietly(Mosquitto mosquitto, String topic) {
        try {
            return mosquittoSub(mosquitto, topic);
        } catch (Exception e) {
            return "";
        }
    }

    /** One message on {@code topic}, as mosquitto_sub prints it. */
    private static String mosquittoSub(Mosquitto mosquitto, String topic) throws Exception {
        Process sub = new ProcessBuilder("mosquitto_sub", "-h", "127.0.0.1", "-p", Integer.toString(mosquitto.port()),
                "-t", topic, "-C", "1", "-W", "10").redirectErrorStream(true).start();
        String out = new String(sub.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(sub.waitFor(15, TimeUnit.SECONDS));
        return out;
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", command) + ": " + out);
    }
}
