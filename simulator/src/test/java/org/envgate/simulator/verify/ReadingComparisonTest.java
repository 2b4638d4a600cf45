package org.envgate.simulator.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.envgate.simulator.UsageException;
import org.envgate.simulator.scenario.SentReading;
import org.envgate.wire.QcFlag;
import org.envgate.wire.Quality;
import org.envgate.wire.Quantity;
import org.envgate.wire.Reading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
class ReadingComparisonTest {

    private static final long T0 = 1_800_000_000_000L;

    private static SentReading sent(String sensor, long t, double value) {
        return new SentReading(sensor, Quantity.PM2_5, value, T0 + t, t);
    }

    private static Reading arrived(String sensor, long t, double value) {
        return new Reading(sensor, Quantity.PM2_5, value, T0 + t);
    }

    /** A sensor read every second: each value sent 20 ms before the gateway stamps it. */
    private static void everySecond(List<SentReading> sent, List<Reading> arrived, String sensor, int from, int to) {
        for (int i = from; i < to; i++) {
            sent.add(sent(sensor, i * 1000L - 20, 10 + i));
            arrived.add(arrived(sensor, i * 1000L, 10 + i));
        }
    }

    @Test
    void everyReadingSentAndArrivedMatches() {
        List<SentReading> sent = new ArrayList<>();
        List<Reading> arrived = new ArrayList<>();
        everySecond(sent, arrived, "pm", 0, 30);
        arrived.add(arrived.get(5)); // delivered twice: at least once

        ReadingComparison.Result result = ReadingComparison.compare(sent, arrived);

        assertEquals(List.of(new ReadingComparison.Row("pm", "pm2_5", 30, 0, 0, 0)), result.rows());
        assertTrue(result.clean());
    }

    @Test
    void aFaultsGapCountsTheReadingsItCostAndNothingElse() {
        List<SentReading> sent = new ArrayList<>();
        List<Reading> arrived = new ArrayList<>();
        everySecond(sent, arrived, "pm", 0, 10);
        everySecond(sent, arrived, "pm", 14, 30); // 10 to 13: a silence; nothing sent, nothing read
        everySecond(sent, arrived, "co2", 0, 30);

        ReadingComparison.Result result = ReadingComparison.compare(sent, arrived);

        assertEquals(List.of(new ReadingComparison.Row("co2", "pm2_5", 30, 0, 0, 0),
                new ReadingComparison.Row("pm", "pm2_5", 26, 4, 0, 0)), result.rows());
        assertFalse(result.clean());
    }

    @Test
    void aValueNotSentIsDifferentAndAReadingWithNothingSentIsExtra() {
        List<SentReading> sent = new ArrayList<>();
        List<Reading> arrived = new ArrayList<>();
        everySecond(sent, arrived, "pm", 0, 10);
        arrived.set(3, arrived("pm", 3000, 99));
        sent.remove(7);

        ReadingComparison.Result result = ReadingComparison.compare(sent, arrived);

        assertEquals(List.of(new ReadingComparison.Row("pm", "pm2_5", 8, 0, 1, 1)), result.rows());
        assertEquals(List.of(new ReadingComparison.Difference("pm", "pm2_5", T0 + 3000, 13, 99)), result.differences());
    }

    @Test
    void anActiveSensorsFramesBetweenReadsAreNotMissingAndItsLatestMatches() {
        List<SentReading> sent = new ArrayList<>();
        List<Reading> arrived = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            sent.add(sent("pm", i * 200L, i)); // five frames a second, read once a second
        }
        for (int i = 1; i < 20; i++) {
            arrived.add(arrived("pm", i * 1000L + 30, i * 5));
        }

        assertEquals(List.of(new ReadingComparison.Row("pm", "pm2_5", 19, 0, 0, 0)),
                ReadingComparison.compare(sent, arrived).rows());
    }

    @Test
    void aCalibratedReadingIsComparedByItsRawValue() {
        List<SentReading> sent = List.of(sent("pm", 0, 20), sent("pm", 1000, 21));
        Quality calibrated = new Quality(QcFlag.PASS, Set.of(), 20);
        List<Reading> arrived = List.of(new Reading("pm", Quantity.PM2_5, 16.2, T0 + 10, calibrated),
                new Reading("pm", Quantity.PM2_5, 16.7, T0 + 1010, new Quality(QcFlag.PASS, Set.of(), 21)));

        assertTrue(ReadingComparison.compare(sent, arrived).clean());
    }

    @Test
    void aSeriesSentButNeverArrivedIsAllMissing() {
        ReadingComparison.Result result = ReadingComparison.compare(List.of(sent("pm", 0, 1), sent("pm", 1000, 2)), List.of());

        assertEquals(List.of(new ReadingComparison.Row("pm", "pm2_5", 0, 2, 0, 0)), result.rows());
    }

    @Test
    void theTablePrintsCountsTotalsAndDifferences() {
        List<SentReading> sent = new ArrayList<>();
        List<Reading> arrived = new ArrayList<>();
        everySecond(sent, arrived, "pm", 0, 10);
        arrived.set(3, arrived("pm", 3000, 99));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        Verify.print(ReadingComparison.compare(sent, arrived), new PrintStream(out, true, StandardCharsets.UTF_8));

        assertEquals("""
                sensor  quantity  matched  missing  extra  different
                pm      pm2_5           9        0      0          1
                total                   9        0      0          1
                different: pm/pm2_5 at 2027-01-15T08:00:03Z: sent 13, arrived 99
                verify: readings differ from what was sent
                """, out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheExpectedFileAndLeavesAHalfWrittenLastLine(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("sent.jsonl"), sent("pm", 0, 23).toJson() + "\n"
                + "{\"sensor\":\"pm\",\"quan");

        assertEquals(List.of(sent("pm", 0, 23)), ExpectedReadings.read(file));

        Files.writeString(file, "{\"sensor\":\"pm\",\"quantity\":\"radon\",\"value\":1,\"time\":0,\"sim_s\":0}\n");
        String message = assertThrows(IOException.class, () -> ExpectedReadings.read(file)).getMessage();
        assertEquals(file + ":1: not an expected reading: unknown quantity 'radon'", message);
    }

    @Test
    void parsesTheVerifyCommand() throws Exception {
        assertEquals(new VerifyArguments(Path.of("sent.jsonl"), "tcp://localhost:1883", "field", Duration.ofMinutes(2)),
                VerifyArguments.parse(List.of("--expect", "sent.jsonl", "--broker", "tcp://localhost:1883",
                        "--topic-prefix", "field", "--for", "2m")));
        assertEquals("verify needs --expect FILE and --broker URL",
                assertThrows(UsageException.class, () -> VerifyArguments.parse(List.of("--expect", "a"))).getMessage());
    }
}
