package org.envgate.gateway.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.envgate.gateway.alert.AlertRule.Direction;
import org.envgate.gateway.buffer.Outgoing;
import org.envgate.gateway.buffer.ReadingBuffer;
import org.envgate.gateway.clock.TakenReading;
import org.envgate.gateway.config.StorageConfig;
import org.envgate.link.GpioPlatforms;
import org.envgate.wire.AlertEvent;
import org.envgate.wire.AlertEvent.Severity;
import org.envgate.wire.Quantity;
import org.envgate.wire.Reading;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stage on a real buffer and Pi4J's mock platform: outputs, the outbox and a restart. */
class AlertStageTest {

    private static final long T0 = 1_795_877_400_000L;
    private static final AlertRule FLOOD = new AlertRule("flood", "level/water_level", Direction.ABOVE, 2.5,
            Duration.ofMinutes(2), 2.3, Duration.ofMinutes(10), Severity.CRITICAL, Optional.of(23), 1);

    @TempDir
    Path dir;
    private Context gpio;

    @AfterEach
    void shutdown() {
        if (gpio != null) {
            gpio.shutdown();
        }
    }

    private ReadingBuffer open() throws Exception {
        Files.createDirectories(dir.resolve("buffer"));
        return ReadingBuffer.open(new StorageConfig(dir.resolve("buffer"), StorageConfig.DEFAULT_MAX_SIZE,
                StorageConfig.WhenFull.DROP_OLDEST));
    }

    private static void feed(AlertStage stage, long second, double value) {
        Reading reading = new Reading("level", Quantity.WATER_LEVEL, value, T0 + second * 1000);
        stage.accept(new TakenReading(reading, second * 1000, true));
    }

    private static List<AlertEvent> outbox(ReadingBuffer buffer) throws Exception {
        List<AlertEvent> events = new ArrayList<>();
        long after = 0;
        for (Optional<Outgoing> next = buffer.nextOutgoing(after); next.isPresent(); next = buffer.nextOutgoing(after)) {
            assertEquals("alerts/flood", next.get().topic());
            assertTrue(next.get().retain(), "the latest event of a rule stays on the broker");
            events.add(AlertEvent.fromJson(next.get().payload()));
            after = next.get().seq();
        }
        return events;
    }

    @Test
    void aFloodDrivesTheOutputAndQueuesEachEventInOrderAcrossARestart() throws Exception {
        gpio = GpioPlatforms.context("mock");
        List<TakenReading> passed = new ArrayList<>();
        int[] wakes = {0};
        try (ReadingBuffer buffer = open()) {
            AlertStage stage = new AlertStage(List.of(FLOOD), buffer, Optional.of(gpio), "g.yaml", passed::add,
                    () -> wakes[0]++);
            DigitalOutput siren = gpio.registry().get(AlertStage.outputId("flood"), DigitalOutput.class);
            assertEquals(DigitalState.LOW, siren.state());
            for (long second = 0; second <= 180; second += 30) {
                feed(stage, second, 2.8);
            }
            assertEquals(7, passed.size(), "every reading goes on");
            assertEquals(DigitalState.HIGH, siren.state());
            assertTrue(stage.isRaised("flood"));
            assertEquals(1, wakes[0]);
        }
        gpio.shutdown();
        gpio = GpioPlatforms.context("mock");
        try (ReadingBuffer buffer = open()) {
            AlertStage stage = new AlertStage(List.of(FLOOD), buffer, Optional.of(gpio), "g.yaml", passed::add,
                    () -> { });
            DigitalOutput siren = gpio.registry().get(AlertStage.outputId("flood"), DigitalOutput.class);
            assertEquals(DigitalState.HIGH, siren.state(), "raised before the restart, raised after it");
            assertTrue(stage.isRaised("flood"));
            for (long second = 600; second <= 1300; second += 60) {
                feed(stage, second, 2.0);
            }
            assertEquals(DigitalState.LOW, siren.state());
            List<AlertEvent> events = outbox(buffer);
            assertEquals(List.of(true, false), events.stream().map(AlertEvent::raised).toList());
            assertEquals(T0 + 120_000, events.get(0).timeMillis());
            assertEquals(T0 + 1_200_000, events.get(1).timeMillis());
            assertFalse(stage.isRaised("flood"));
        }
    }

    @Test
    void withoutAGpioPlatformTheEventsAreStillQueued() throws Exception {
        AlertRule quiet = new AlertRule("flood", "level/water_level", Direction.ABOVE, 2.5, Duration.ZERO, 2.3,
                Duration.ZERO, Severity.WARNING, Optional.empty(), 1);
        try (ReadingBuffer buffer = open()) {
            AlertStage stage = new AlertStage(List.of(quiet), buffer, Optional.empty(), "g.yaml", reading -> { },
                    () -> { });
            feed(stage, 0, 2.6);
            feed(stage, 10, 2.2);
            feed(stage, 20, 2.6);
            assertEquals(List.of(true, false, true), outbox(buffer).stream().map(AlertEvent::raised).toList());
        }
    }
}
