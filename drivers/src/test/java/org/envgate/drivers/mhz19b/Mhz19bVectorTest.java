package org.envgate.drivers.mhz19b;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.envgate.testing.VectorFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs every file in {@code vectors/mhz19b} through the decoder: a new capture is a new file. */
class Mhz19bVectorTest {

    static List<VectorFile> vectors() {
        return VectorFile.loadAll("vectors/mhz19b");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void decodesAsExpected(VectorFile vector) {
        for (List<byte[]> feeding : vector.feedings()) {
            Mhz19bDecoder decoder = new Mhz19bDecoder();
            List<Mhz19bReading> readings = new ArrayList<>();
            feeding.forEach(chunk -> readings.addAll(decoder.feed(chunk)));
            String how = vector.name() + " fed as " + feeding.stream()
                    .map(chunk -> String.valueOf(chunk.length)).collect(Collectors.joining("+")) + " bytes: ";
            for (VectorFile.Expectation expected : vector.expectations()) {
                assertEquals(expected.asLong(), actual(expected.key(), readings, decoder), how + expected.key());
            }
        }
    }

    private static long actual(String key, List<Mhz19bReading> readings, Mhz19bDecoder decoder) {
        switch (key) {
            case "readings":
                return readings.size();
            case "checksum-errors":
                return decoder.counters().checksumErrors();
            default:
                String[] nameAndIndex = key.split("@", 2);
                if (!nameAndIndex[0].equals("co2")) {
                    throw new IllegalArgumentException("unknown expectation key '" + key + "'");
                }
                int index = nameAndIndex.length == 2 ? Integer.parseInt(nameAndIndex[1]) - 1 : readings.size() - 1;
                if (index < 0 || index >= readings.size()) {
                    throw new AssertionError(key + ": no such reading, " + readings.size() + " decoded");
                }
                return readings.get(index).co2();
        }
    }
}
