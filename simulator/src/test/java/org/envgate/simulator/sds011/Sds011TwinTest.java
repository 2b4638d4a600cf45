package org.envgate.simulator.sds011;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.envgate.drivers.sds011.Sds011Commands;
import org.envgate.drivers.sds011.Sds011Decoder;
import org.envgate.drivers.sds011.Sds011Frame;
import org.envgate.drivers.sds011.Sds011Message;
import org.envgate.drivers.sds011.Sds011Reply;
import org.envgate.simulator.TwinOptions;
import org.envgate.simulator.TwinSample;
import org.envgate.testing.Hex;
import org.envgate.testing.VectorFile;
import org.envgate.wire.Quantity;
import org.junit.jupiter.api.Test;

class Sds011TwinTest {

    /** 2024-03-01 00:00 UTC. */
    private static final long MIDNIGHT = 1_709_251_200_000L;

    private static Sds011Twin twin(TwinOptions options) {
        return new Sds011Twin(options, ZoneOffset.UTC);
    }

    private static byte[] run(Sds011Twin twin, long from, int seconds) {
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        for (long t = from; t <= from + seconds * 1000L; t += 100) {
            sent.writeBytes(twin.poll(t));
        }
        return sent.toByteArray();
    }

    private static List<Sds011Frame> frames(byte[] bytes) {
        return new Sds011Decoder().feed(bytes).stream().filter(Sds011Frame.class::isInstance)
                .map(Sds011Frame.class::cast).toList();
    }

    @Test
    void encoderReproducesTheDatasheetVectorsByteForByte() {
        assertArrayEquals(VectorFile.load("vectors/sds011/datasheet-query-answer.vec").bytes(),
                Sds011FrameEncoder.dataFrame(1236, 2618, 0xA160));
        assertArrayEquals(Hex.bytes("aa c5 06 01 00 00 a1 60 08 ab"), Sds011FrameEncoder.reply(0x06, 0, 0xA160));
    }

    @Test
    void activeFramesDecodeToWhatTheListenerReported() {
        Sds011Twin twin = twin(TwinOptions.defaults());
        List<TwinSample> reported = new ArrayList<>();
        twin.addListener(reported::add);

        List<Sds011Frame> frames = frames(run(twin, MIDNIGHT + 8 * 3_600_000L, 30));

        assertEquals(31, frames.size());
        assertEquals(31, reported.size());
        for (int i = 0; i < frames.size(); i++) {
            assertEquals(reported.get(i).values().get(Quantity.PM2_5), frames.get(i).pm25());
            assertEquals(reported.get(i).values().get(Quantity.PM10), frames.get(i).pm10());
            assertTrue(frames.get(i).pm25() < frames.get(i).pm10());
        }
    }

    @Test
    void commandsAreAnsweredAsTheDatasheetSays() {
        Sds011Twin twin = twin(TwinOptions.defaults());
        long t = MIDNIGHT;
        twin.poll(t);

        twin.receive(Sds011Commands.queryMode(), 0, 19, t += 100);
        assertArrayEquals(Hex.bytes("aa c5 02 01 01 00 a1 60 05 ab"), twin.poll(t));
        assertEquals(0, twin.poll(t += 10_000).length, "query mode: nothing unless asked");
        twin.receive(Sds011Commands.queryData(), 0, 19, t += 100);
        assertEquals(1, frames(twin.poll(t)).size());

        twin.receive(Sds011Commands.sleep(), 0, 19, t += 100);
        assertArrayEquals(Hex.bytes("aa c5 06 01 00 00 a1 60 08 ab"), twin.poll(t));
        twin.receive(Sds011Commands.queryData(), 0, 19, t += 100);
        assertEquals(0, twin.poll(t).length, "asleep: no answer to a query");
        twin.receive(Sds011Commands.work(), 0, 19, t += 100);
        List<Sds011Message> woken = new Sds011Decoder().feed(twin.poll(t));
        assertEquals(new Sds011Reply(0x06, 1, 1, 0xA160), woken.get(0));

        byte[] corrupt = Sds011Commands.queryData();
        corrupt[17] ^= 1;
        twin.receive(corrupt, 0, 19, t += 100);
        assertEquals(0, twin.poll(t).length, "a command with a wrong checksum is ignored");

        twin.receive(Sds011Commands.activeMode(), 0, 19, t += 100);
        twin.receive(Sds011Commands.workingPeriod(2), 0, 19, t);
        twin.poll(t);
        assertEquals(0, frames(twin.poll(t + 119_000)).size());
        assertEquals(1, frames(twin.poll(t + 120_000)).size(), "working period 2: one frame every 2 minutes");
    }

    @Test
    void sameSeedSameBytesOtherSeedOtherBytes() {
        TwinOptions faulty = TwinOptions.defaults().withFaults(0.2, 0.2, 0.2).withSeed(42);

        byte[] first = run(twin(faulty), MIDNIGHT, 120);

        assertArrayEquals(first, run(twin(faulty), MIDNIGHT, 120));
        assertFalse(Arrays.equals(first, run(twin(faulty.withSeed(43)), MIDNIGHT, 120)));
    }

    @Test
    void noValidFrameIsLostToInjectedFaultsAndNoSpoiledOneIsReported() {
        Sds011Twin twin = twin(TwinOptions.defaults().withFaults(0.3, 0.1, 0.2).withSeed(11));
        List<TwinSample> reported = new ArrayList<>();
        twin.addListener(reported::add);

        List<Sds011Frame> frames = frames(run(twin, MIDNIGHT, 600));

        assertTrue(twin.injectedFaults() > 100, "faults injected: " + twin.injectedFaults());
        assertEquals(reported.size(), frames.size());
        for (int i = 0; i < frames.size(); i++) {
            assertEquals(reported.get(i).values().get(Quantity.PM2_5), frames.get(i).pm25());
        }
    }
}
