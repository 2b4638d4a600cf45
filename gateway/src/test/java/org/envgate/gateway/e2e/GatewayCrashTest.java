package org.envgate.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.envgate.common.testing.TcpProxy;
import org.envgate.gateway.buffer.ReadingBuffer;
import org.envgate.gateway.config.StorageConfig;
import org.envgate.gateway.demo.EmbeddedBroker;
import org.envgate.gateway.testing.ReadingSubscriber;
import org.envgate.simulator.TwinOptions;
import org.envgate.simulator.TwinProvider;
import org.envgate.simulator.TwinServer;
import org.envgate.wire.Reading;
import org.envgate.wire.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway as its own process, killed with SIGKILL while readings flow and restarted on the
 * same storage: every reading that was committed to the buffer at the moment of the kill
 * reaches the broker after the restart. Every other cycle the uplink is cut first, so the kill
 * finds a backlog in the buffer.
 */
class GatewayCrashTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void aKilledGatewayLosesNoCommittedReading() throws Exception {
        Path storage = Files.createDirectory(dir.resolve("storage"));
        Random random = new Random(11);
        Set<Reading> committedAtKills = new HashSet<>();
        try (EmbeddedBroker broker = EmbeddedBroker.start(0);
             TcpProxy network = new TcpProxy(broker.port());
             ReadingSubscriber subscriber = new ReadingSubscriber(broker.url(), new Topics("envgate", Station.GATEWAY_ID));
             TwinServer twin = TwinServer.tcp(TwinProvider.all().get("pms5003").create(TwinOptions.defaults()),
                     "127.0.0.1", 0)) {
            Path config = dir.resolve("gateway.yaml");
            Files.writeString(config, Station.yaml(storage, network.url(), "pm", twin.gatewayPort(), "100ms", "passive"));

            for (int cycle = 0; cycle < 6; cycle++) {
                Process gateway = startGateway(config, cycle);
                int before = subscriber.readings().size();
                if (!subscriber.awaitReadings(r -> r.size() > before + 6, WAIT)) {
                    gateway.destroyForcibly();
                    fail("gateway delivered nothing in cycle " + cycle + ":\n" + Files.readString(log(cycle)));
                }
                boolean uplinkDown = cycle % 2 == 1;
                if (uplinkDown) {
                    // Readings pile up in the buffer, as on a station whose cellular link is down.
                    network.cut();
                }
                Thread.sleep(300 + random.nextInt(1200));
                gateway.destroyForcibly().waitFor();
                committedAtKills.addAll(buffered(storage));
                if (uplinkDown) {
                    network.restore();
                }
            }
            assertTrue(committedAtKills.size() > 0, "some readings were buffered but unsent at a kill");

            Process last = startGateway(config, 99);
            try {
                boolean all = subscriber.awaitReadings(r -> new HashSet<>(r).containsAll(committedAtKills), WAIT);
                Set<Reading> missing = new HashSet<>(committedAtKills);
                missing.removeAll(subscriber.readings());
                assertTrue(all, missing.size() + " committed readings never arrived: " + missing);
            } finally {
                last.destroy();
                last.waitFor();
            }
        }
    }

    private Path log(int cycle) {
        return dir.resolve("gateway-" + cycle + ".log");
    }

    private Process startGateway(Path config, int cycle) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx64m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                "org.envgate.gateway.Main", "run", "--config", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(log(cycle).toFile())
                .start();
    }

    /** What the killed gateway left committed in its buffer, read the way the next start reads it. */
    private static List<Reading> buffered(Path storage) throws Exception {
        try (ReadingBuffer buffer = ReadingBuffer.open(
                new StorageConfig(storage, StorageConfig.DEFAULT_MAX_SIZE, StorageConfig.WhenFull.DROP_OLDEST))) {
            return new ArrayList<>(buffer.oldest(Integer.MAX_VALUE).readings());
        }
    }

}
