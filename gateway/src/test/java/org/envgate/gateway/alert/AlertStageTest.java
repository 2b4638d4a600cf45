package org.envgate.gateway.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.envgate.gateway.alert.AlertRule.Direction;
import org.envgate.gateway.buffer.Outgoing;
import org.envgate.gateway.buffer.ReadingBuffer;
import org.envgate.gateway.clock.TakenReading;
import org.envgate.gateway.config.StorageConfig;
import org.envgate.link.GpioPlatforms;
import org.envgate.wire.AggregateWindow;
import org.envgate.wire.Aggregates;
import org.envgate.wire.AlertEvent;
import org.envgate.wire.AlertEvent.Severity;
import org.envgate.wire.IndexScale;
import org.envgate.wire.Quantity;
import org.envgate.wire.Reading;
import org.envgate.wire.StationIndex;
import org.envgate.wire.WindowStats;
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
        return outbox(buffer, "flood");
    }

    private static List<AlertEvent> outbox(ReadingBuffer buffer, String rule) throws Exception {
        List<AlertEvent> events = new ArrayList<>();
        long after = 0;
        for (Optional<Outgoing> next = buffer.nextOutgoing(after); next.isPresent(); next = buffer.nextOutgoing(after)) {
            assertEquals("alerts/" + rule, next.get().topic());
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
            assertEquals(List.of(new RaisedAlert(FLOOD, T0 + 120_000, OptionalDouble.of(2.8), OptionalDouble.of(2.5))),
                    stage.raised());
        }
        gpio.shutdown();
        gpio = GpioPlatforms.context("mock");
        try (ReadingBuffer buffer = open()) {
            AlertStage stage = new AlertStage(List.of(FLOOD), buffer, Optional.of(gpio), "g.yaml", passed::add,
                    () -> { });
            DigitalOutput siren = gpio.registry().get(AlertStage.outputId("flood"), DigitalOutput.class);
            assertEquals(DigitalState.HIGH, siren.state(), "raised before the restart, raised after it");
            assertTrue(stage.isRaised("flood"));
            assertEquals(List.of(new RaisedAlert(FLOOD, T0 + 120_000, OptionalDouble.of(2.8), OptionalDouble.of(2.5))),
                    stage.raised(), "since when, at what value, from alert_state");
            for (long second = 600; second <= 1300; second += 60) {
                feed(stage, second, 2.0);
            }
            assertEquals(DigitalState.LOW, siren.state());
            List<AlertEvent> events = outbox(buffer);
            assertEquals(List.of(true, false), events.stream().map(AlertEvent::raised).toList());
            assertEquals(T0 + 120_000, events.get(0).timeMillis());
            assertEquals(T0 + 1_200_000, events.get(1).timeMillis());
            assertFalse(stage.isRaised("flood"));
            assertEquals(List.of(), stage.raised());
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

    private static final long H = 3_600_000;
    private static final AlertRule SMOG = new AlertRule("smog", "_station/aqi_vn_1h", Direction.ABOVE, 150,
            Duration.ofHours(1), 100, Duration.ofHours(1), Severity.WARNING, Optional.empty(), 1);

    private static Aggregates indexes(StationIndex... indexes) {
        return Aggregates.ofIndexes(List.of(indexes));
    }

    /** The PM2.5 statistics of the hour starting {@code hours} after T0, with this mean. */
    private static WindowStats hour(int hours, double mean) {
        return new WindowStats("pm", Quantity.PM2_5, AggregateWindow.HOUR, T0 + hours * H, 3600, mean, mean - 5, mean + 5, 1);
    }

    private static final AlertRule DUST = new AlertRule("dust-over-limit", "pm/pm2_5/mean_1h", Direction.ABOVE, 50,
            Duration.ZERO, 45, Duration.ZERO, Severity.WARNING, Optional.empty(), 1);

    @Test
    void aRuleOnAnHourlyMeanJudgesEachHourOnceByItsMean() throws Exception {
        try (ReadingBuffer buffer = open()) {
            AlertStage stage = new AlertStage(List.of(DUST), buffer, Optional.empty(), "g.yaml", reading -> { },
                    () -> { });
            stage.acceptAggregates(Aggregates.ofWindows(List.of(hour(0, 38), hour(1, 49.9))));
            assertFalse(stage.isRaised("dust-over-limit"), "no hour's mean over 50");
            WindowStats quiet = new WindowStats("pm", Quantity.PM2_5, AggregateWindow.HOUR, T0 + 2 * H, 0, Double.NaN,
                    Double.NaN, Double.NaN, 0);
            stage.acceptAggregates(Aggregates.ofWindows(List.of(quiet,
                    new WindowStats("pm", Quantity.PM10, AggregateWindow.HOUR, T0 + 2 * H, 10, 90, 80, 99, 1))));
            assertFalse(stage.isRaised("dust-over-limit"), "an hour without readings, another quantity: nothing");
            stage.acceptAggregates(Aggregates.ofWindows(List.of(hour(3, 61.2))));
            assertTrue(stage.isRaised("dust-over-limit"));
            stage.acceptAggregates(Aggregates.ofWindows(List.of(hour(3, 20), hour(4, 47))));
            assertTrue(stage.isRaised("dust-over-limit"), "hour 3 sent again is not judged again; 47 is not under 45");
            stage.acceptAggregates(Aggregates.ofWindows(List.of(hour(5, 30))));
            assertFalse(stage.isRaised("dust-over-limit"));
            List<AlertEvent> events = outbox(buffer, "dust-over-limit");
            assertEquals(List.of(true, false), events.stream().map(AlertEvent::raised).toList());
            assertEquals("pm/pm2_5/mean_1h", events.get(0).source());
            assertEquals(61.2, events.get(0).value());
            assertEquals(T0 + 3 * H, events.get(0).timeMillis(), "the start of the hour whose mean raised it");
            assertEquals(T0 + 5 * H, events.get(1).timeMillis());
        }
    }

    /** The hourly VN_AQI of the hour starting {@code hours} after T0, as an averaging run makes it. */
    private static StationIndex index(int hours, int value) {
        return new StationIndex(IndexScale.VN, AggregateWindow.HOUR, T0 + hours * H, value,
                StationIndex.categoryOf(value), Quantity.PM2_5);
    }

    @Test
    void anIndexRuleRaisesAndClearsFromTheIndexValuesAndAWindowSentAgainNeverRaisesTwice() throws Exception {
        try (ReadingBuffer buffer = open()) {
            AlertStage stage = new AlertStage(List.of(SMOG), buffer, Optional.empty(), "g.yaml", reading -> { },
                    () -> { });
            stage.acceptAggregates(indexes(index(0, 120), index(1, 160)));
            assertFalse(stage.isRaised("smog"), "one hour over 150 is not yet an hour held");
            stage.acceptAggregates(indexes(new StationIndex(IndexScale.US, AggregateWindow.HOUR, T0 + 2 * H, 400, 6,
                    Quantity.PM2_5)));
            assertFalse(stage.isRaised("smog"), "the US index is another source");
            stage.acceptAggregates(indexes(index(2, 170)));
            assertTrue(stage.isRaised("smog"));
            // Late readings: hours 1 and 2 sent again, corrected, with the new hour 3.
            stage.acceptAggregates(indexes(index(3, 165), index(1, 175), index(2, 180)));
            List<AlertEvent> events = outbox(buffer, "smog");
            assertEquals(1, events.size(), events.toString());
            AlertEvent raise = events.get(0);
            assertTrue(raise.raised());
            assertEquals("_station/aqi_vn_1h", raise.source());
            assertEquals(170, raise.value());
            assertEquals(150, raise.threshold());
            assertEquals(T0 + 2 * H, raise.timeMillis(), "the start of the hour that completed it");
        }
        try (ReadingBuffer buffer = open()) {
            AlertStage stage = new AlertStage(List.of(SMOG), buffer, Optional.empty(), "g.yaml", reading -> { },
                    () -> { });
            assertTrue(stage.isRaised("smog"));
            stage.acceptAggregates(indexes(index(1, 60), index(2, 60)));
            stage.acceptAggregates(indexes(index(4, 95)));
            assertTrue(stage.isRaised("smog"), "hours judged before the restart are not judged again");
            stage.acceptAggregates(indexes(index(5, 80)));
            assertFalse(stage.isRaised("smog"));
            List<AlertEvent> events = outbox(buffer, "smog");
            assertEquals(List.of(true, false), events.stream().map(AlertEvent::raised).toList());
            AlertEvent clear = events.get(1);
            assertEquals(80, clear.value());
            assertEquals(100, clear.threshold());
            assertEquals(T0 + 5 * H, clear.timeMillis());
        }
    }

    @Test
    void theRaisedAlertsComeMostSevereFirstWithTheirUnitsAndSurviveABufferFromBeforeValuesWereKept() throws Exception {
        Files.createDirectories(dir.resolve("buffer"));
        // An alert_state as the gateway wrote it before it kept each event's value and threshold.
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("buffer").resolve(ReadingBuffer.FILE_NAME));
             Statement st = db.createStatement()) {
            st.execute("CREATE TABLE alert_state (rule TEXT PRIMARY KEY, raised INTEGER NOT NULL, t INTEGER NOT NULL)");
            st.execute("INSERT INTO alert_state VALUES ('smog', 1, " + (T0 - H) + ")");
        }
        AlertRule rising = new AlertRule("rising", "level/water_level", Direction.ABOVE, 0.05, Duration.ZERO, 0.01,
                Duration.ZERO, Severity.INFO, Optional.empty(), 1, AlertRule.Measure.RATE);
        AlertRule flood = new AlertRule("flood", "level/water_level", Direction.ABOVE, 2.5, Duration.ZERO, 2.3,
                Duration.ZERO, Severity.CRITICAL, Optional.empty(), 1);
        try (ReadingBuffer buffer = open()) {
            AlertStage stage = new AlertStage(List.of(SMOG, rising, flood), buffer, Optional.empty(), "g.yaml",
                    reading -> { }, () -> { });
            feed(stage, 0, 2.0);
            feed(stage, 60, 2.6);
            List<RaisedAlert> raised = stage.raised();
            assertEquals(List.of("flood", "smog", "rising"), raised.stream().map(a -> a.rule().id()).toList());
            assertEquals(Optional.of("m"), raised.get(0).unit());
            assertEquals(OptionalDouble.empty(), raised.get(1).value(), "a state saved before values were kept");
            assertEquals(T0 - H, raised.get(1).sinceMillis());
            assertEquals(Optional.empty(), raised.get(1).unit(), "the index has no unit");
            assertEquals(Optional.of("m/min"), raised.get(2).unit());
            assertEquals(OptionalDouble.of(0.6), raised.get(2).value());
        }
    }
}
