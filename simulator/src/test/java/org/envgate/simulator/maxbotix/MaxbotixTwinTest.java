package org.envgate.simulator.maxbotix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.envgate.drivers.maxbotix.MaxbotixDecoder;
import org.envgate.drivers.maxbotix.MaxbotixRange;
import org.envgate.drivers.maxbotix.RangeUnit;
import org.envgate.simulator.TwinFaults;
import org.envgate.simulator.TwinOptions;
import org.envgate.simulator.TwinSample;
import org.envgate.testing.VectorFile;
import org.envgate.wire.Quantity;
import org.junit.jupiter.api.Test;

class MaxbotixTwinTest {

    /** 2024-03-01 00:00 UTC. */
    private static final long MIDNIGHT = 1_709_251_200_000L;

    private static MaxbotixTwin twin(TwinOptions options) {
        return new MaxbotixTwin(options, ZoneOffset.UTC);
    }

    private static byte[] run(MaxbotixTwin twin, long from, int seconds) {
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        for (long t = from; t <= from + seconds * 1000L; t += 100) {
            sent.writeBytes(twin.poll(t));
        }
        return sent.toByteArray();
    }

    @Test
    void reportReproducesTheDatasheetExampleByteForByte() {
        assertArrayEquals(VectorFile.load("vectors/maxbotix/mm/datasheet-480mm.vec").bytes(), MaxbotixTwin.report(480));
    }

    @Test
    void reportsDecodeToWhatTheListenerReported() {
        MaxbotixTwin twin = twin(TwinOptions.defaults());
        List<TwinSample> reported = new ArrayList<>();
        twin.addListener(reported::add);

        List<MaxbotixRange> ranges = new MaxbotixDecoder(RangeUnit.MM).feed(run(twin, MIDNIGHT, 30));

        assertEquals(31, ranges.size());
        assertEquals(31, reported.size());
        for (int i = 0; i < ranges.size(); i++) {
            double distance = reported.get(i).values().get(Quantity.DISTANCE);
            assertEquals(distance, ranges.get(i).metres());
            assertEquals(MaxbotixTwin.MOUNT_HEIGHT_M - distance, reported.get(i).values().get(Quantity.WATER_LEVEL), 1e-9);
            assertTrue(distance > 1.5 && distance < 2.6, "level within its swing: " + distance);
        }
    }

    @Test
    void levelSwingsTwiceADay() {
        MaxbotixTwin twin = twin(TwinOptions.defaults().withPeriod(Duration.ofMinutes(10)));
        List<MaxbotixRange> ranges = new MaxbotixDecoder(RangeUnit.MM).feed(run(twin, MIDNIGHT, 12 * 3600));

        int highest = ranges.stream().mapToInt(MaxbotixRange::reading).max().orElseThrow();
        int lowest = ranges.stream().mapToInt(MaxbotixRange::reading).min().orElseThrow();
        assertTrue(highest - lowest > 500, "swing " + (highest - lowest) + " mm");
    }

    @Test
    void outOfRangeSendsTheNoTargetReadingAndReportsNothing() {
        MaxbotixTwin twin = twin(TwinOptions.defaults());
        List<TwinSample> reported = new ArrayList<>();
        twin.addListener(reported::add);
        twin.faults().set(TwinFaults.Fault.OUT_OF_RANGE, true);

        assertEquals("R5000\r", new String(twin.poll(MIDNIGHT), java.nio.charset.StandardCharsets.US_ASCII));
        assertTrue(reported.isEmpty());
    }

    @Test
    void sameSeedSameBytesOtherSeedOtherBytes() {
        TwinOptions faulty = TwinOptions.defaults().withFaults(0.2, 0, 0.2).withSeed(42);

        byte[] first = run(twin(faulty), MIDNIGHT, 120);

        assertArrayEquals(first, run(twin(faulty), MIDNIGHT, 120));
        assertFalse(Arrays.equals(first, run(twin(faulty.withSeed(43)), MIDNIGHT, 120)));
    }

    @Test
    void tornReportsAndGarbageNeverHideOrFakeAValidReport() {
        MaxbotixTwin twin = twin(TwinOptions.defaults().withFaults(0.2, 0, 0.2).withSeed(9));
        List<TwinSample> reported = new ArrayList<>();
        twin.addListener(reported::add);

        List<MaxbotixRange> ranges = new MaxbotixDecoder(RangeUnit.MM).feed(run(twin, MIDNIGHT, 600));

        assertTrue(twin.injectedFaults() > 50, "faults injected: " + twin.injectedFaults());
        List<Double> decoded = ranges.stream().map(MaxbotixRange::metres).toList();
        List<Double> sent = reported.stream().map(s -> s.values().get(Quantity.DISTANCE)).toList();
        assertTrue(decoded.containsAll(sent), "every valid report decodes");
        assertTrue(decoded.size() - sent.size() <= twin.injectedFaults() / 20,
                "random garbage rarely forms R dddd CR: " + decoded.size() + " vs " + sent.size());
    }
}
