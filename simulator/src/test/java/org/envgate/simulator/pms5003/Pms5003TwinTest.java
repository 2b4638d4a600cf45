package org.envgate.simulator.pms5003;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.envgate.drivers.FrameCounters;
import org.envgate.drivers.pms5003.Pms5003Commands;
import org.envgate.drivers.pms5003.Pms5003Decoder;
import org.envgate.drivers.pms5003.Pms5003Frame;
import org.envgate.simulator.TwinOptions;
import org.envgate.simulator.TwinSample;
import org.envgate.testing.VectorFile;
import org.envgate.wire.Quantity;
import org.envgate.testing.Hex;
import org.junit.jupiter.api.Test;

class Pms5003TwinTest {

    /** 2024-03-01 00:00 UTC: the day starts at night-time background. */
    private static final long MIDNIGHT = 1_709_251_200_000L;

    private static Pms5003Twin twin(TwinOptions options) {
        return new Pms5003Twin(options, ZoneOffset.UTC);
    }

    /** Drives a twin for {@code seconds} in 100 ms steps from midnight and returns all it sent. */
    private static byte[] run(Pms5003Twin twin, long from, int seconds) {
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        for (long t = from; t <= from + seconds * 1000L; t += 100) {
            sent.writeBytes(twin.poll(t));
        }
        return sent.toByteArray();
    }

    @Test
    void encoderReproducesTheReferenceVectorByteForByte() {
        byte[] reference = VectorFile.load("vectors/pms5003/reference-frame.vec").bytes();
        ParticleSample sample = new ParticleSample(0x01aa, 0x02bb, 0x03cc, 0x04dd, 0x05ee, 0x06ff, new int[6]);

        assertArrayEquals(reference, Pms5003FrameEncoder.dataFrame(sample, 0x12, 0x34));
    }

    @Test
    void activeFramesDecodeToTheValuesTheListenerReported() {
        Pms5003Twin twin = twin(TwinOptions.defaults());
        List<TwinSample> reported = new ArrayList<>();
        twin.addListener(reported::add);

        Pms5003Decoder decoder = new Pms5003Decoder();
        List<Pms5003Frame> frames = decoder.feed(run(twin, MIDNIGHT + 7 * 3_600_000L, 30));

        assertEquals(31, frames.size(), "a frame a second, the first at once");
        assertEquals(frames.size(), reported.size());
        for (int i = 0; i < frames.size(); i++) {
            Pms5003Frame frame = frames.get(i);
            Map<Quantity, Double> values = reported.get(i).values();
            assertEquals(values.get(Quantity.PM1_0), frame.pm1Atmospheric());
            assertEquals(values.get(Quantity.PM2_5), frame.pm25Atmospheric());
            assertEquals(values.get(Quantity.PM10), frame.pm10Atmospheric());
            assertEquals(values.get(Quantity.PM1_0_CF1), frame.pm1Cf1());
            assertEquals(values.get(Quantity.PM2_5_CF1), frame.pm25Cf1());
            assertEquals(values.get(Quantity.PM10_CF1), frame.pm10Cf1());
            assertEquals("pms5003", reported.get(i).model());
            assertEquals(MIDNIGHT + 7 * 3_600_000L + i * 1000L, reported.get(i).simTimeMillis());
        }
    }

    @Test
    void signalIsPlausibleOverADay() {
        Pms5003Twin twin = twin(TwinOptions.defaults().withPeriod(Duration.ofMinutes(10)));
        List<Pms5003Frame> frames = new Pms5003Decoder().feed(run(twin, MIDNIGHT, 24 * 3600));

        assertEquals(24 * 6 + 1, frames.size());
        int loaded = 0;
        for (Pms5003Frame f : frames) {
            assertTrue(f.pm1Atmospheric() < f.pm25Atmospheric() && f.pm25Atmospheric() < f.pm10Atmospheric(), f.toString());
            if (f.pm25Atmospheric() <= 30) {
                assertEquals(f.pm25Atmospheric(), f.pm25Cf1(), "CF=1 equals atmospheric at low loads: " + f);
            } else {
                assertTrue(f.pm25Cf1() > f.pm25Atmospheric(), "CF=1 reads higher above 30 ug/m3: " + f);
                loaded++;
            }
            assertTrue(f.n0_3() >= f.n0_5() && f.n0_5() >= f.n1_0() && f.n1_0() >= f.n2_5()
                    && f.n2_5() >= f.n5_0() && f.n5_0() >= f.n10(), f.toString());
        }
        int night = frames.get(3 * 6).pm25Atmospheric();
        int morningRush = frames.get(7 * 6 + 3).pm25Atmospheric();
        assertTrue(morningRush > 2 * night, "rush hour " + morningRush + " vs night " + night);
        assertTrue(loaded > 0, "some frames above 30 ug/m3 in a day");
    }

    @Test
    void passiveModeAnswersCommandsByteExact() {
        Pms5003Twin twin = twin(TwinOptions.defaults());
        long t = MIDNIGHT;
        twin.poll(t); // power-up frame

        twin.receive(Pms5003Commands.passiveMode(), 0, 7, t += 100);
        assertArrayEquals(Hex.bytes("42 4d 00 04 e1 00 01 74"), twin.poll(t));
        assertEquals(0, twin.poll(t += 10_000).length, "passive: nothing unless asked");

        twin.receive(Pms5003Commands.readPassive(), 0, 7, t += 100);
        byte[] answer = twin.poll(t);
        assertEquals(32, answer.length);
        assertEquals(1, new Pms5003Decoder().feed(answer).size());

        byte[] split = Pms5003Commands.readPassive();
        twin.receive(split, 0, 3, t += 100);
        assertEquals(0, twin.poll(t).length, "half a command is not a command");
        twin.receive(split, 3, 4, t += 100);
        assertEquals(32, twin.poll(t).length);

        byte[] corrupt = Pms5003Commands.readPassive();
        corrupt[6] ^= 1;
        twin.receive(corrupt, 0, 7, t += 100);
        assertEquals(0, twin.poll(t).length, "a command with a wrong check word is ignored");

        twin.receive(Pms5003Commands.sleep(), 0, 7, t += 100);
        assertArrayEquals(Hex.bytes("42 4d 00 04 e4 00 01 77"), twin.poll(t));
        twin.receive(Pms5003Commands.readPassive(), 0, 7, t += 100);
        assertEquals(0, twin.poll(t).length, "asleep: no answer");

        twin.receive(Pms5003Commands.wake(), 0, 7, t += 100);
        assertEquals(0, twin.poll(t).length, "wake-up is not answered");
        twin.receive(Pms5003Commands.activeMode(), 0, 7, t += 100);
        assertArrayEquals(Hex.bytes("42 4d 00 04 e1 01 01 75"), twin.poll(t));
        assertEquals(3, new Pms5003Decoder().feed(twin.poll(t + 3000)).size(), "active again: a frame a second");
    }

    @Test
    void sleepingActiveSensorSendsNothingUntilWoken() {
        Pms5003Twin twin = twin(TwinOptions.defaults());
        twin.poll(MIDNIGHT);
        twin.receive(Pms5003Commands.sleep(), 0, 7, MIDNIGHT + 500);
        twin.poll(MIDNIGHT + 500);

        assertEquals(0, twin.poll(MIDNIGHT + 60_000).length);
        twin.receive(Pms5003Commands.wake(), 0, 7, MIDNIGHT + 60_000);
        assertEquals(5, new Pms5003Decoder().feed(twin.poll(MIDNIGHT + 65_000)).size());
    }

    @Test
    void sameSeedSameBytesOtherSeedOtherBytes() {
        TwinOptions faulty = TwinOptions.defaults().withFaults(0.2, 0.2, 0.2).withSeed(42);

        byte[] first = run(twin(faulty), MIDNIGHT, 120);
        byte[] second = run(twin(faulty), MIDNIGHT, 120);
        byte[] other = run(twin(faulty.withSeed(43)), MIDNIGHT, 120);

        assertArrayEquals(first, second);
        assertFalse(java.util.Arrays.equals(first, other));
    }

    @Test
    void badChecksumsAreCountedByTheDecoderAndNeverReported() {
        Pms5003Twin twin = twin(TwinOptions.defaults().withFaults(0, 0.3, 0).withSeed(7));
        List<TwinSample> reported = new ArrayList<>();
        twin.addListener(reported::add);

        Pms5003Decoder decoder = new Pms5003Decoder();
        decoder.feed(run(twin, MIDNIGHT, 300));

        long injected = twin.injectedFaults().badChecksums();
        assertTrue(injected > 50, "about 30 % of 301 frames: " + injected);
        assertEquals(new FrameCounters(reported.size(), injected, 0), decoder.counters());
        assertEquals(301, reported.size() + injected);
    }

    @Test
    void noValidFrameIsLostToGarbageOrTornFrames() {
        Pms5003Twin twin = twin(TwinOptions.defaults().withFaults(0.3, 0.1, 0.2).withSeed(11));
        List<TwinSample> reported = new ArrayList<>();
        twin.addListener(reported::add);

        List<Pms5003Frame> frames = new Pms5003Decoder().feed(run(twin, MIDNIGHT, 600));

        Pms5003Twin.InjectedFaults faults = twin.injectedFaults();
        assertTrue(faults.garbage() > 0 && faults.tornFrames() > 0 && faults.badChecksums() > 0, faults.toString());
        assertEquals(reported.size(), frames.size());
        for (int i = 0; i < frames.size(); i++) {
            assertEquals(reported.get(i).values().get(Quantity.PM2_5), frames.get(i).pm25Atmospheric());
        }
    }

}
