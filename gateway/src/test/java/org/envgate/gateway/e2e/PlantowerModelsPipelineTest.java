package org.envgate.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.envgate.gateway.Gateway;
import org.envgate.gateway.demo.EmbeddedBroker;
import org.envgate.gateway.testing.ReadingSubscriber;
import org.envgate.link.SerialSettings;
import org.envgate.simulator.SensorTwin;
import org.envgate.simulator.TwinOptions;
import org.envgate.simulator.TwinProvider;
import org.envgate.simulator.TwinSample;
import org.envgate.simulator.TwinServer;
import org.envgate.testing.PtyPair;
import org.envgate.wire.Quantity;
import org.envgate.wire.Reading;
import org.envgate.wire.Topics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The PMS5003T and PMS5003ST through the whole pipeline: the twin's frames on one end of a socat
 * pty pair, the gateway reading the other end through jssc, Moquette, a subscriber; every
 * quantity arrives in its unit with the value the twin sent.
 */
class PlantowerModelsPipelineTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path storage;

    private PtyPair pty;
    private EmbeddedBroker broker;
    private ReadingSubscriber subscriber;
    private final List<TwinSample> sent = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() throws Exception {
        pty = PtyPair.start();
        broker = EmbeddedBroker.start(0);
        subscriber = new ReadingSubscriber(broker.url(), new Topics("envgate", Station.GATEWAY_ID));
    }

    @AfterEach
    void stop() throws Exception {
        subscriber.close();
        broker.close();
        pty.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"pms5003t", "pms5003st"})
    void everyQuantityArrivesInItsUnitAsTheTwinSentIt(String model) throws Exception {
        Set<Quantity> expected = EnumSet.of(Quantity.PM1_0, Quantity.PM2_5, Quantity.PM10,
                Quantity.PM1_0_CF1, Quantity.PM2_5_CF1, Quantity.PM10_CF1, Quantity.TEMPERATURE, Quantity.HUMIDITY);
        if (model.equals("pms5003st")) {
            expected.add(Quantity.FORMALDEHYDE);
        }
        SensorTwin twin = TwinProvider.all().get(model).create(TwinOptions.defaults().withSeed(16));
        twin.addListener(sent::add);
        try (TwinServer server = TwinServer.serial(twin, pty.a(), SerialSettings.DEFAULT_9600_8N1);
             Gateway gateway = Gateway.start(Station.load(Station.yaml(storage, broker.url(), "air", model, pty.b(),
                     "500ms", "passive")), Clock.systemUTC(), null)) {
            assertTrue(subscriber.awaitReadings(r -> r.size() >= 6 * expected.size(), WAIT),
                    "got " + subscriber.readings().size());
        }
        List<Reading> delivered = subscriber.readings();
        assertEquals(List.of(), subscriber.problems());
        Map<Quantity, Set<String>> units = delivered.stream()
                .collect(Collectors.groupingBy(Reading::quantity, Collectors.mapping(Reading::unit, Collectors.toSet())));
        assertEquals(expected, units.keySet());
        units.forEach((quantity, unit) -> assertEquals(Set.of(quantity.unit()), unit, quantity.id()));
        assertEquals(Set.of("mg/m3"), units.getOrDefault(Quantity.FORMALDEHYDE, Set.of("mg/m3")));
        assertTrue(Station.assertSamplesWereSent(delivered, sent) >= 5);
    }
}
