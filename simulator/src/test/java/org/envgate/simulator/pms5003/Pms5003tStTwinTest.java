package org.envgate.simulator.pms5003;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.envgate.drivers.pms5003.Pms5003Decoder;
import org.envgate.drivers.pms5003.Pms5003Frame;
import org.envgate.drivers.pms5003.Pms5003Layout;
import org.envgate.simulator.TwinFaults;
import org.envgate.simulator.TwinOptions;
import org.envgate.simulator.TwinSample;
import org.envgate.testing.VectorFile;
import org.envgate.wire.Quantity;
import org.junit.jupiter.api.Test;

/** The PMS5003T and PMS5003ST twins: byte-exact frames, values the listener reports, faults. */
class Pms5003tStTwinTest {

    /** 2024-03-01 15:00 UTC: mid-afternoon, the warmest and driest hour of the twin's day. */
    private static final long AFTERNOON = 1_709_251_200_000L + 15 * 3_600_000L;

    private static byte[] run(Pms5003Twin twin, int seconds) {
        return run(twin, AFTERNOON, seconds);
    }

    /** Drives a twin for {@code seconds} in 100 ms steps from {@code from} and returns all it sent. */
    private static byte[] run(Pms5003Twin twin, long from, int seconds) {
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        for (long t = from; t <= from + seconds * 1000L; t += 100) {
            sent.writeBytes(twin.poll(t));
        }
        return sent.toByteArray();
    }

    @Test
    void encodersReproduceTheVectorsByteForByte() {
        byte[] capture = VectorFile.load("vectors/pms5003t/below-freezing.vec").bytes();
        ParticleSample sample = new ParticleSample(23, 39, 41, 22, 35, 41, new int[] {4104, 1193, 278, 12, 0, 0});
        assertArrayEquals(capture, Pms5003FrameEncoder.pms5003tFrame(sample, new ClimateSample(-53, 670, 0), 0x9a, 0));

        byte[] st = VectorFile.load("vectors/pms5003st/datasheet-layout-room-air.vec").bytes();
        sample = new ParticleSample(23, 39, 41, 22, 35, 41, new int[] {4104, 1193, 278, 12, 2, 0});
        assertArrayEquals(st, Pms5003FrameEncoder.pms5003stFrame(sample, new ClimateSample(212, 224, 18), 0x91, 0));
    }

    @Test
    void framesDecodeToWhatTheListenerReported() {
        for (Pms5003Twin.Variant variant : List.of(Pms5003Twin.Variant.PMS5003T, Pms5003Twin.Variant.PMS5003ST)) {
            Pms5003Twin twin = new Pms5003Twin(variant, TwinOptions.defaults().withSeed(5), ZoneOffset.UTC);
            List<TwinSample> reported = new ArrayList<>();
            twin.addListener(reported::add);
            Pms5003Layout layout = Pms5003Layout.valueOf(variant.name());
            List<Pms5003Frame> frames = new Pms5003Decoder(layout).feed(run(twin, 20));

            assertEquals(21, frames.size(), variant.toString());
            assertEquals(frames.size(), reported.size());
            for (int i = 0; i < frames.size(); i++) {
                Map<Quantity, Double> values = reported.get(i).values();
                Map<Quantity, Double> decoded = new java.util.EnumMap<>(Quantity.class);
                frames.get(i).measurements().forEach(m -> decoded.put(m.quantity(), m.value()));
                assertEquals(values, decoded);
                assertEquals(variant.model(), reported.get(i).model());
                double temperature = values.get(Quantity.TEMPERATURE);
                assertTrue(temperature > 30 && temperature < 34, "afternoon: " + temperature);
            }
        }
    }

    @Test
    void aStuckTwinRepeatsItsFrameAndAnOutOfRangeOneIsNotReported() {
        Pms5003Twin twin = new Pms5003Twin(Pms5003Twin.Variant.PMS5003ST, TwinOptions.defaults(), ZoneOffset.UTC);
        List<TwinSample> reported = new ArrayList<>();
        twin.addListener(reported::add);
        twin.faults().set(TwinFaults.Fault.OUT_OF_RANGE, true);
        List<Pms5003Frame> frames = new Pms5003Decoder(Pms5003Layout.PMS5003ST).feed(run(twin, 3));
        assertEquals(4, frames.size());
        assertTrue(frames.stream().allMatch(f -> f.pm25Atmospheric() == Pms5003Twin.OUT_OF_RANGE_PM25));
        assertEquals(List.of(), reported);

        twin.faults().set(TwinFaults.Fault.OUT_OF_RANGE, false);
        twin.faults().set(TwinFaults.Fault.STUCK, true);
        byte[] stuck = run(twin, AFTERNOON + 4000, 2);
        assertEquals(3 * 40, stuck.length);
        assertArrayEquals(Arrays.copyOfRange(stuck, 0, 40), Arrays.copyOfRange(stuck, 40, 80), "the same frame again");
    }
}
