package org.envgate.drivers.pms5003;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.envgate.drivers.DriverContext;
import org.envgate.drivers.DriverRegistry;
import org.envgate.drivers.Measurement;
import org.envgate.drivers.RangeCheckedDriver;
import org.envgate.drivers.SensorDriverProvider;
import org.envgate.drivers.SensorSpec;
import org.envgate.drivers.ValueOutOfRangeException;
import org.envgate.link.Link;
import org.envgate.link.Links;
import org.envgate.link.SerialSettings;
import org.envgate.testing.MapDriverOptions;
import org.envgate.testing.PtyPair;
import org.envgate.wire.Quantity;
import org.junit.jupiter.api.Test;

/**
 * Random data frames whose 16-bit sum is valid (so the decoder takes them): every value reported,
 * CF=1 and atmospheric, is within the datasheet's 0 to 1000 ug/m3; every frame with a value outside
 * is a sensor error.
 */
class Pms5003RangeTest {

    /** The first of the six PM words: three CF=1, then three atmospheric. */
    private static final int PM_WORDS = 4;
    private static final int ATMOSPHERIC = 10;

    @Test
    void randomFramesWithAValidSumThroughARealPtyAreReportedOnlyWithinRange() throws Exception {
        SensorDriverProvider provider = DriverRegistry.load().find("pms7003").orElseThrow();
        SplittableRandom random = new SplittableRandom(7003);
        int frames = 1000;
        Deque<byte[]> toSend = new ArrayDeque<>();
        for (int i = 0; i < frames; i++) {
            toSend.add(randomFrame(random));
        }
        List<byte[]> sent = List.copyOf(toSend);
        int reported = 0;
        int refused = 0;
        try (PtyPair pty = PtyPair.start();
             Link sensor = Links.open(pty.b(), SerialSettings.DEFAULT_9600_8N1);
             RangeCheckedDriver driver = RangeCheckedDriver.create(provider,
                     new SensorSpec("pm", pty.a(), SerialSettings.DEFAULT_9600_8N1), new MapDriverOptions(Map.of("mode", "passive")))) {
            Thread answering = new Thread(() -> answerReads(sensor, toSend), "pms7003-sensor");
            answering.setDaemon(true);
            answering.start();
            driver.open(DriverContext.DIRECT);
            for (byte[] frame : sent) {
                if (inRange(frame)) {
                    assertEquals(values(frame), driver.read());
                    reported++;
                } else {
                    ValueOutOfRangeException e = assertThrows(ValueOutOfRangeException.class, driver::read);
                    assertTrue(e.getMessage().startsWith("sensor pm on " + pty.a() + ": pm"), e.getMessage());
                    assertTrue(e.getMessage().endsWith(" ug/m3 is outside the pms7003's range (0 to 1000 ug/m3); "
                            + "the sample is not reported"), e.getMessage());
                    refused++;
                }
            }
            answering.interrupt();
        }
        assertTrue(reported > 300 && refused > 300, reported + " reported, " + refused + " refused");
        assertEquals(frames, reported + refused);
    }

    @Test
    void tenThousandRandomFramesThroughTheDecoderAndTheRangeCheck() throws Exception {
        SensorDriverProvider provider = DriverRegistry.load().find("pms5003").orElseThrow();
        RangeCheckedDriver checked = RangeCheckedDriver.wrap(new Pms5003Driver(
                new SensorSpec("pm", "/dev/ttyAMA0", SerialSettings.DEFAULT_9600_8N1), Pms5003Driver.Mode.ACTIVE),
                provider, new SensorSpec("pm", "/dev/ttyAMA0", SerialSettings.DEFAULT_9600_8N1), new MapDriverOptions(Map.of()));
        SplittableRandom random = new SplittableRandom(5003);
        Pms5003Decoder decoder = new Pms5003Decoder();
        int refused = 0;
        for (int i = 0; i < 10_000; i++) {
            byte[] frame = randomFrame(random);
            List<Pms5003Frame> decoded = decoder.feed(frame);
            assertEquals(1, decoded.size(), "a frame with a valid sum is decoded");
            List<Measurement> values = decoded.get(0).measurements();
            if (inRange(frame)) {
                assertEquals(values, checked.check(values));
            } else {
                assertThrows(ValueOutOfRangeException.class, () -> checked.check(values));
                refused++;
            }
        }
        assertTrue(refused > 1000, refused + " refused");
    }

    /**
     * A data frame with random contents and a valid sum; half of them with PM values the sensor can
     * produce, the others anywhere in 0 to 65535 (up to 65,341 was seen reported).
     */
    private static byte[] randomFrame(SplittableRandom random) {
        byte[] frame = new byte[Pms5003Frame.SIZE];
        frame[0] = (byte) Pms5003Frame.START_1;
        frame[1] = (byte) Pms5003Frame.START_2;
        frame[3] = (byte) Pms5003Frame.LENGTH;
        for (int i = 4; i < Pms5003Frame.SIZE - 2; i++) {
            frame[i] = (byte) random.nextInt(256);
        }
        if (random.nextBoolean()) {
            for (int at = PM_WORDS; at < ATMOSPHERIC + 6; at += 2) {
                int value = random.nextInt(1001);
                frame[at] = (byte) (value >> 8);
                frame[at + 1] = (byte) value;
            }
        }
        int sum = Pms5003Frame.checksum(frame, 0, Pms5003Frame.SIZE - 2);
        frame[Pms5003Frame.SIZE - 2] = (byte) (sum >> 8);
        frame[Pms5003Frame.SIZE - 1] = (byte) sum;
        return frame;
    }

    private static int word(byte[] frame, int at) {
        return (frame[at] & 0xFF) << 8 | (frame[at + 1] & 0xFF);
    }

    private static boolean inRange(byte[] frame) {
        for (int at = PM_WORDS; at < ATMOSPHERIC + 6; at += 2) {
            if (word(frame, at) > 1000) {
                return false;
            }
        }
        return true;
    }

    private static List<Measurement> values(byte[] frame) {
        return List.of(new Measurement(Quantity.PM1_0, word(frame, ATMOSPHERIC)),
                new Measurement(Quantity.PM2_5, word(frame, ATMOSPHERIC + 2)),
                new Measurement(Quantity.PM10, word(frame, ATMOSPHERIC + 4)),
                new Measurement(Quantity.PM1_0_CF1, word(frame, PM_WORDS)),
                new Measurement(Quantity.PM2_5_CF1, word(frame, PM_WORDS + 2)),
                new Measurement(Quantity.PM10_CF1, word(frame, PM_WORDS + 4)));
    }

    /** The sensor's side: answers each passive-mode read command with the next frame. */
    private static void answerReads(Link sensor, Deque<byte[]> frames) {
        byte[] read = Pms5003Commands.readPassive();
        byte[] buffer = new byte[256];
        byte[] held = new byte[0];
        try {
            while (!Thread.currentThread().isInterrupted() && !frames.isEmpty()) {
                int count = sensor.read(buffer, 0, buffer.length, Duration.ofMillis(200));
                held = Arrays.copyOf(held, held.length + count);
                System.arraycopy(buffer, 0, held, held.length - count, count);
                int at;
                while ((at = indexOf(held, read)) >= 0) {
                    held = Arrays.copyOfRange(held, at + read.length, held.length);
                    sensor.write(frames.poll());
                }
            }
        } catch (IOException e) {
            // The test closed the pty.
        }
    }

    private static int indexOf(byte[] bytes, byte[] part) {
        for (int i = 0; i + part.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) {
                return i;
            }
        }
        return -1;
    }
}
