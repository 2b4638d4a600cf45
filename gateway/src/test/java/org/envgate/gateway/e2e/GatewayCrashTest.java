package org.envgate.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.envgate.common.testing.TcpProxy;
import org.envgate.gateway.demo.EmbeddedBroker;
import org.envgate.gateway.testing.ReadingSubscriber;
import org.envgate.simulator.TwinOptions;
import org.envgate.simulator.TwinProvider;
import org.envgate.simulator.TwinServer;
import org.envgate.simulator.pms5003.Pms5003Twin;
import org.envgate.wire.Quantity;
import org.envgate.wire.Reading;
import org.envgate.wire.Topics;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway as its own process, killed with SIGKILL at random moments (starting up, reading,
 * committing, publishing, removing acknowledged packs) in 10 or 50 cycles and restarted on the same
 * storage, with the uplink cut in some cycles so that kills also find a backlog. The fifty-kill
 * soak takes over a minute and runs with the long tests; ten kills run in every build.
 *
 * <p>The checker compares every sample the sensor twin sent with every reading the broker
 * received. A sample is missing only if the gateway was killed before it could commit it: the
 * buffer commits within {@link #COMMIT_BOUND_MS} of a read, so only samples sent that close to
 * a kill may be absent. Any other absence fails the test; duplicates (packs resent because the
 * kill came before their acknowledgement) are counted and bounded.
 */
class GatewayCrashTest {

    private static final long COMMIT_BOUND_MS = 1000;
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    /** A sample the twin sent, with the wall-clock time it went out. */
    private record Sent(Map<Quantity, Double> values, long atMillis) {
    }

    @Test
    void tenKillsAtRandomMomentsLoseNoCommittedReading() throws Exception {
        killsAtRandomMomentsLoseNoCommittedReading(10);
    }

    @Test
    @Tag("long")
    void fiftyKillsAtRandomMomentsLoseNoCommittedReading() throws Exception {
        killsAtRandomMomentsLoseNoCommittedReading(50);
    }

    private void killsAtRandomMomentsLoseNoCommittedReading(int cycles) throws Exception {
        Path storage = Files.createDirectory(dir.resolve("storage"));
        Random random = new Random(11);
        List<Sent> sent = new ArrayList<>();
        List<Long> kills = new ArrayList<>();
        Pms5003Twin pms = (Pms5003Twin) TwinProvider.all().get("pms5003").create(TwinOptions.defaults());
        pms.addListener(sample -> {
            // The twin powers up in active mode, sending whether or not a gateway listens (a
            // gateway's JVM may take seconds to start); once a driver has switched it to passive
            // mode it sends only what a running gateway asked for.
            if (pms.passive()) {
                synchronized (sent) {
                    sent.add(new Sent(sample.values(), System.currentTimeMillis()));
                }
            }
        });
        try (EmbeddedBroker broker = EmbeddedBroker.start(0);
             TcpProxy network = new TcpProxy(broker.port());
             ReadingSubscriber subscriber = new ReadingSubscriber(broker.url(), new Topics("envgate", Station.GATEWAY_ID));
             TwinServer twin = TwinServer.tcp(pms, "127.0.0.1", 0)) {
            Path config = dir.resolve("gateway.yaml");
            Files.writeString(config, Station.yaml(storage, network.url(), "pm", twin.gatewayPort(), "100ms", "passive"));

            for (int cycle = 0; cycle < cycles; cycle++) {
                boolean uplinkDown = random.nextInt(3) == 0;
                if (uplinkDown) {
                    // Readings pile up in the buffer, as on a station whose cellular link is down.
                    network.cut();
                }
                Process gateway = startGateway(config, cycle);
                Thread.sleep(300 + random.nextInt(2500));
                gateway.destroyForcibly().waitFor();
                kills.add(System.currentTimeMillis());
                if (uplinkDown) {
                    network.restore();
                }
            }

            Process last = startGateway(config, cycles);
            try {
                assertTrue(subscriber.awaitReadings(r -> !r.isEmpty(), WAIT));
                List<Sent> expected;
                synchronized (sent) {
                    expected = List.copyOf(sent);
                }
                assertTrue(Station.await(() -> missing(expected, subscriber.readings(), kills).isEmpty(), WAIT),
                        "readings never delivered: " + missing(expected, subscriber.readings(), kills).stream()
                                .map(m -> m + ", next kill " + kills.stream().filter(k -> k >= m.atMillis())
                                        .mapToLong(k -> k - m.atMillis()).min().orElse(-1) + " ms later").toList());
                List<Reading> received = subscriber.readings();
                int uncommitted = uncommittedAtKills(expected, received, kills);
                long duplicates = received.size() - new HashSet<>(received).size();
                System.out.printf("crash checker: %d samples sent, %d delivered (%d readings, %d duplicates), "
                                + "%d sent in the last %d ms before one of %d kills and not committed%n",
                        expected.size(), expected.size() - uncommitted, received.size(), duplicates, uncommitted,
                        COMMIT_BOUND_MS, kills.size());
                assertTrue(expected.size() > cycles, "the sensor was read in most cycles: " + expected.size());
                assertTrue(uncommitted <= kills.size() * (COMMIT_BOUND_MS / 100 + 1),
                        "only samples read just before a kill are lost: " + uncommitted);
                assertTrue(duplicates <= (long) kills.size() * 20 * 500,
                        "resent readings are bounded by the packs in flight at each kill: " + duplicates);
                assertEquals(Set.of(), received.stream().filter(r -> !r.sensor().equals("pm")).collect(Collectors.toSet()));
            } finally {
                last.destroy();
                last.waitFor();
            }
        }
    }

    /** Samples neither delivered nor sent just before a kill: readings the gateway lost. */
    private static List<Sent> missing(List<Sent> sent, List<Reading> received, List<Long> kills) {
        TreeMap<Long, Map<Quantity, Double>> delivered = samples(received);
        return sent.stream().filter(s -> !isDelivered(s, delivered) && !justBeforeAKill(s, kills)).toList();
    }

    private static int uncommittedAtKills(List<Sent> sent, List<Reading> received, List<Long> kills) {
        TreeMap<Long, Map<Quantity, Double>> delivered = samples(received);
        return (int) sent.stream().filter(s -> !isDelivered(s, delivered) && justBeforeAKill(s, kills)).count();
    }

    /** Delivered readings grouped by their time stamp: one read of the sensor each. */
    private static TreeMap<Long, Map<Quantity, Double>> samples(List<Reading> received) {
        return received.stream().collect(Collectors.groupingBy(Reading::timeMillis, TreeMap::new,
                Collectors.toMap(Reading::quantity, Reading::value, (a, b) -> a)));
    }

    /** The gateway stamps a sample when it has read it, a few milliseconds after the twin sent it. */
    private static boolean isDelivered(Sent sample, TreeMap<Long, Map<Quantity, Double>> delivered) {
        return delivered.subMap(sample.atMillis() - 100, true, sample.atMillis() + 1000, true)
                .values().stream().anyMatch(sample.values()::equals);
    }

    private static boolean justBeforeAKill(Sent sample, List<Long> kills) {
        return kills.stream().anyMatch(kill -> sample.atMillis() <= kill && kill - sample.atMillis() <= COMMIT_BOUND_MS);
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
}
