package org.envgate.simulator.mhz19b;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.envgate.drivers.mhz19b.Mhz19bCommands;
import org.envgate.drivers.mhz19b.Mhz19bDecoder;
import org.envgate.drivers.mhz19b.Mhz19bReading;
import org.envgate.simulator.TwinOptions;
import org.envgate.simulator.TwinSample;
import org.envgate.testing.Hex;
import org.envgate.wire.Quantity;
import org.junit.jupiter.api.Test;

class Mhz19bTwinTest {

    /** 2024-03-01 00:00 UTC. */
    private static final long MIDNIGHT = 1_709_251_200_000L;

    private static Mhz19bTwin twin(TwinOptions options) {
        return new Mhz19bTwin(options, ZoneOffset.UTC);
    }

    /** Sends a read every 10 s for {@code reads} reads; returns all the twin answered. */
    private static byte[] run(Mhz19bTwin twin, long from, int reads) {
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        for (int i = 0; i < reads; i++) {
            twin.receive(Mhz19bCommands.readCo2(), 0, 9, from + i * 10_000L);
            sent.writeBytes(twin.poll(from + i * 10_000L));
        }
        return sent.toByteArray();
    }

    @Test
    void encoderReproducesTheManualsAnswerByteForByte() {
        assertArrayEquals(Hex.bytes("ff 86 02 60 47 00 00 00 d1"), Mhz19bAnswerEncoder.answer(608, 0x47));
        assertArrayEquals(Hex.bytes("ff 86 02 7c 42 00 00 00 ba"), Mhz19bAnswerEncoder.answer(636, 0x42), "PyPMS capture");
    }

    @Test
    void answersDecodeToWhatTheListenerReportedAndRushHourIsHigher() {
        Mhz19bTwin twin = twin(TwinOptions.defaults());
        List<TwinSample> reported = new ArrayList<>();
        twin.addListener(reported::add);

        List<Mhz19bReading> night = new Mhz19bDecoder().feed(run(twin, MIDNIGHT + 3 * 3_600_000L, 20));
        List<Mhz19bReading> rush = new Mhz19bDecoder().feed(run(twin, MIDNIGHT + 7 * 3_600_000L + 1_800_000L, 20));

        assertEquals(40, reported.size());
        for (int i = 0; i < 20; i++) {
            assertEquals(reported.get(i).values().get(Quantity.CO2), night.get(i).co2());
            assertEquals(reported.get(20 + i).values().get(Quantity.CO2), rush.get(i).co2());
            assertTrue(night.get(i).co2() > 380 && night.get(i).co2() < 480, night.get(i).toString());
        }
        assertTrue(rush.get(19).co2() > night.get(19).co2() + 30);
    }

    @Test
    void answersOnlyValidReadsAndTakesTheBaselineSwitchSilently() {
        Mhz19bTwin twin = twin(TwinOptions.defaults());
        assertEquals(0, twin.poll(MIDNIGHT + 60_000).length, "sends nothing on its own");

        twin.receive(Mhz19bCommands.automaticBaselineOff(), 0, 9, MIDNIGHT);
        assertEquals(0, twin.poll(MIDNIGHT).length);
        assertFalse(twin.automaticBaseline());

        byte[] corrupt = Mhz19bCommands.readCo2();
        corrupt[8] ^= 1;
        twin.receive(corrupt, 0, 9, MIDNIGHT);
        assertEquals(0, twin.poll(MIDNIGHT).length, "a read with a wrong checksum is ignored");

        byte[] read = Mhz19bCommands.readCo2();
        twin.receive(read, 0, 4, MIDNIGHT);
        twin.receive(read, 4, 5, MIDNIGHT);
        assertEquals(9, twin.poll(MIDNIGHT).length, "a read split in two is still a read");
    }

    @Test
    void sameSeedSameBytesOtherSeedOtherBytes() {
        TwinOptions faulty = TwinOptions.defaults().withFaults(0.2, 0.2, 0.2).withSeed(42);

        byte[] first = run(twin(faulty), MIDNIGHT, 100);

        assertArrayEquals(first, run(twin(faulty), MIDNIGHT, 100));
        assertFalse(Arrays.equals(first, run(twin(faulty.withSeed(43)), MIDNIGHT, 100)));
    }

    @Test
    void spoiledAnswersAreNeverReported() {
        Mhz19bTwin twin = twin(TwinOptions.defaults().withFaults(0.3, 0.2, 0.2).withSeed(5));
        List<TwinSample> reported = new ArrayList<>();
        twin.addListener(reported::add);

        List<Mhz19bReading> readings = new Mhz19bDecoder().feed(run(twin, MIDNIGHT, 300));

        assertTrue(twin.injectedFaults() > 50, "faults injected: " + twin.injectedFaults());
        assertEquals(reported.size(), readings.size());
        for (int i = 0; i < readings.size(); i++) {
            assertEquals(reported.get(i).values().get(Quantity.CO2), readings.get(i).co2());
        }
    }
}
