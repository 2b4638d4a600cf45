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
import org.envgate.gateway.poll.SensorState;
import org.envgate.gateway.poll.SensorStatus;
import org.envgate.gateway.testing.ReadingSubscriber;
import org.envgate.link.SerialSettings;
import org.envgate.simulator.SensorTwin;
import org.envgate.simulator.TwinOptions;
import org.envgate.simulator.TwinProvider;
import org.envgate.simulator.TwinSample;
import org.envgate.simulator.TwinServer;
import org.envgate.simulator.line.LineInstrument;
import org.envgate.testing.PtyPair;
import org.envgate.wire.Quantity;
import org.envgate.wire.Reading;
import org.envgate.wire.Topics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole pipeline on real parts: a twin (the PMS5003's, the PMS5003T's and ST's, a line
 * instrument's) writes into one end of a socat pseudo-terminal pair, the gateway reads the other
 * end through jssc, buffers in SQLite and publishes to Moquette, and a subscriber checks what
 * arrived against what the twin sent.
 */
class SerialPipelineTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Set<Quantity> PM = Set.of(Quantity.PM1_0, Quantity.PM2_5, Quantity.PM10,
            Quantity.PM1_0_CF1, Quantity.PM2_5_CF1, Quantity.PM10_CF1);

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

    private TwinServer twinOnPty(TwinOptions options) throws Exception {
        SensorTwin twin = TwinProvider.all().get("pms5003").create(options);
        twin.addListener(sent::add);
        return TwinServer.serial(twin, pty.a(), SerialSettings.DEFAULT_9600_8N1);
    }

    @Test
    void passiveModeReadingsArriveNamedStampedAndAsSent() throws Exception {
        long before = System.currentTimeMillis();
        List<Reading> taken = Collections.synchronizedList(new ArrayList<>());
        try (TwinServer twin = twinOnPty(TwinOptions.defaults().withSeed(42));
             Gateway gateway = Gateway.start(Station.load(Station.yaml(storage, broker.url(), "pm-kerb", pty.b(), "500ms", "passive")),
                     Clock.systemUTC(), taken::add)) {
            assertTrue(subscriber.awaitReadings(r -> r.size() >= 60, WAIT), "got " + subscriber.readings().size());
        }
        List<Reading> delivered = subscriber.readings();
        long after = System.currentTimeMillis();
        assertEquals(List.of(), subscriber.problems());
        for (Reading r : delivered) {
            assertEquals("pm-kerb", r.sensor());
            assertTrue(PM.contains(r.quantity()), r.toString());
            assertEquals("ug/m3", r.unit());
            assertTrue(r.timeMillis() >= before && r.timeMillis() <= after, "stamped at read time: " + r);
        }
        assertTrue(Station.assertSamplesWereSent(delivered, sent) >= 10);
        assertEquals(taken.subList(0, delivered.size()), delivered, "delivered exactly as taken, in order");
    }

    @Test
    void activeModeWithACorruptLineDeliversOnlyValidFramesAndCountsTheBadOnes() throws Exception {
        Gateway gateway = null;
        try (TwinServer twin = twinOnPty(TwinOptions.defaults().withSeed(7).withPeriod(Duration.ofMillis(200))
                .withFaults(0.3, 0.3, 0.2))) {
            gateway = Gateway.start(Station.load(Station.yaml(storage, broker.url(), "pm", pty.b(), "500ms", "active")),
                    Clock.systemUTC(), null);
            assertTrue(subscriber.awaitReadings(r -> r.size() >= 60, WAIT), "got " + subscriber.readings().size());
            SensorStatus status = gateway.sensors().get(0);
            assertTrue(status.frames().checksumErrors() > 0, "bad checksums are counted: " + status.frames());
            assertTrue(status.frames().good() >= 10, status.frames().toString());
        } finally {
            if (gateway != null) {
                gateway.close();
            }
        }
        assertTrue(Station.assertSamplesWereSent(subscriber.readings(), sent) >= 10);
    }

    @Test
    void aPortThatVanishesIsReopenedWhenItComesBack() throws Exception {
        TwinServer twin = twinOnPty(TwinOptions.defaults().withSeed(3));
        try (Gateway gateway = Gateway.start(Station.load(Station.yaml(storage, broker.url(), "pm", pty.b(), "300ms", "passive")),
                Clock.systemUTC(), null)) {
            assertTrue(subscriber.awaitReadings(r -> r.size() >= 18, WAIT));

            twin.close();
            pty.unplug();
            assertTrue(Station.await(() -> gateway.sensors().get(0).state() == SensorState.PORT_FAULT, WAIT),
                    "unplugged: " + gateway.sensors().get(0));
            int duringOutage = subscriber.readings().size();

            pty.replug();
            twin = twinOnPty(TwinOptions.defaults().withSeed(4));
            assertTrue(subscriber.awaitReadings(r -> r.size() >= duringOutage + 18, WAIT), "readings resume after replug");
            assertEquals(SensorState.OK, gateway.sensors().get(0).state());
        } finally {
            twin.close();
        }
    }

    /** A PMS5003T's and ST's every quantity arrives in its unit, with the values the twin sent. */
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
        Map<Quantity, Set<String>> units = unitsOf(delivered);
        assertEquals(expected, units.keySet());
        units.forEach((quantity, unit) -> assertEquals(Set.of(quantity.unit()), unit, quantity.id()));
        assertEquals(Set.of("mg/m3"), units.getOrDefault(Quantity.FORMALDEHYDE, Set.of("mg/m3")));
        assertTrue(Station.assertSamplesWereSent(delivered, sent) >= 5);
    }

    /**
     * A line instrument (the polled WXT, the YSI sonde printing unasked, the polled SBE 37) read
     * with its documented format: every quantity in its unit, each sample as the twin sent it.
     */
    @ParameterizedTest
    @EnumSource(LineInstrument.class)
    void aLineInstrumentsReadingsArriveAsTheTwinSentThem(LineInstrument instrument) throws Exception {
        Map<String, String> options = instrument.sensorOptions();
        SensorTwin twin = TwinProvider.all().get("line").create(TwinOptions.defaults().withSeed(16)
                .withPeriod(Duration.ofMillis(300)), options);
        twin.addListener(sent::add);
        StringBuilder format = new StringBuilder();
        options.forEach((key, value) -> format.append("    ").append(key).append(": ").append(value).append('\n'));
        String yaml = """
                gateway:
                  id: %s
                  site: test-bench
                storage:
                  path: %s
                mqtt:
                  url: %s
                  topic-prefix: envgate
                  reconnect-max: 2s
                sensors:
                  - id: %s
                    model: line
                    port: %s
                    interval: 500ms
                    warm-up: 0s
                %s""".formatted(Station.GATEWAY_ID, storage, broker.url(), instrument.id(), pty.b(), format);
        int quantities = quantitiesOf(instrument).size();
        try (TwinServer server = TwinServer.serial(twin, pty.a(), SerialSettings.DEFAULT_9600_8N1);
             Gateway gateway = Gateway.start(Station.load(yaml), Clock.systemUTC(), null)) {
            assertTrue(subscriber.awaitReadings(r -> r.size() >= 6 * quantities, WAIT), "got " + subscriber.readings().size());
        }
        List<Reading> delivered = subscriber.readings();
        assertEquals(List.of(), subscriber.problems());
        Map<Quantity, Set<String>> units = unitsOf(delivered);
        assertEquals(quantitiesOf(instrument), units.keySet());
        units.forEach((quantity, unit) -> assertEquals(Set.of(quantity.unit()), unit, quantity.id()));
        assertTrue(delivered.stream().allMatch(r -> r.sensor().equals(instrument.id())));
        assertTrue(Station.assertSamplesWereSent(delivered, sent) >= 6);
    }

    /** The quantities the instrument's documented format reads. */
    private static Set<Quantity> quantitiesOf(LineInstrument instrument) {
        return switch (instrument) {
            case WXT -> EnumSet.of(Quantity.TEMPERATURE, Quantity.HUMIDITY, Quantity.PRESSURE);
            case YSI6600 -> EnumSet.of(Quantity.TEMPERATURE, Quantity.CONDUCTIVITY, Quantity.TDS, Quantity.SALINITY,
                    Quantity.DISSOLVED_OXYGEN, Quantity.PH, Quantity.ORP);
            case SBE37 -> EnumSet.of(Quantity.TEMPERATURE, Quantity.CONDUCTIVITY, Quantity.SALINITY);
        };
    }

    private static Map<Quantity, Set<String>> unitsOf(List<Reading> delivered) {
        return delivered.stream()
                .collect(Collectors.groupingBy(Reading::quantity, Collectors.mapping(Reading::unit, Collectors.toSet())));
    }
}
