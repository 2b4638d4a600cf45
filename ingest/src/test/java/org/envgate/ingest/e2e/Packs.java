package org.envgate.ingest.e2e;

import java.util.ArrayList;
import java.util.List;
import org.envgate.wire.Quantity;
import org.envgate.wire.Reading;

/** Readings as a gateway would send them: several sensors and quantities, one time per round. */
final class Packs {

    private Packs() {
    }

    /** {@code rounds} rounds from {@code startMillis}, one second apart, of four readings each. */
    static List<Reading> rounds(int rounds, long startMillis) {
        List<Reading> readings = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            long t = startMillis + i * 1000L;
            readings.add(new Reading("pm", Quantity.PM2_5, 10 + i * 0.5, t));
            readings.add(new Reading("pm", Quantity.PM10, 20 + i, t));
            readings.add(new Reading("air", Quantity.TEMPERATURE, 25.125, t));
            readings.add(new Reading("water", Quantity.PH, 7 + i / 100.0, t));
        }
        return readings;
    }

    /** Consecutive packs of at most {@code size} readings. */
    static List<List<Reading>> chunks(List<Reading> readings, int size) {
        List<List<Reading>> chunks = new ArrayList<>();
        for (int i = 0; i < readings.size(); i += size) {
            chunks.add(readings.subList(i, Math.min(readings.size(), i + size)));
        }
        return chunks;
    }
}
