package org.envgate.drivers.maxbotix;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.envgate.testing.VectorFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every file in {@code vectors/maxbotix/mm} and {@code vectors/maxbotix/inch} through the
 * decoder for that range unit: a new capture is a new file.
 */
class MaxbotixVectorTest {

    static List<VectorFile> millimetreVectors() {
        return VectorFile.loadAll("vectors/maxbotix/mm");
    }

    static List<VectorFile> inchVectors() {
        return VectorFile.loadAll("vectors/maxbotix/inch");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("millimetreVectors")
    void millimetreReportsDecodeAsExpected(VectorFile vector) {
        check(vector, RangeUnit.MM);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inchVectors")
    void inchReportsDecodeAsExpected(VectorFile vector) {
        check(vector, RangeUnit.INCH);
    }

    private static void check(VectorFile vector, RangeUnit unit) {
        for (List<byte[]> feeding : vector.feedings()) {
            MaxbotixDecoder decoder = new MaxbotixDecoder(unit);
            List<MaxbotixRange> ranges = new ArrayList<>();
            feeding.forEach(chunk -> ranges.addAll(decoder.feed(chunk)));
            String how = vector.name() + " fed as " + feeding.stream()
                    .map(chunk -> String.valueOf(chunk.length)).collect(Collectors.joining("+")) + " bytes: ";
            for (VectorFile.Expectation expected : vector.expectations()) {
                assertEquals(expected.asLong(), actual(expected.key(), ranges, decoder), how + expected.key());
            }
        }
    }

    private static long actual(String key, List<MaxbotixRange> ranges, MaxbotixDecoder decoder) {
        switch (key) {
            case "ranges":
                return ranges.size();
            case "malformed":
                return decoder.counters().malformed();
            default:
                String[] nameAndIndex = key.split("@", 2);
                if (!nameAndIndex[0].equals("reading")) {
                    throw new IllegalArgumentException("unknown expectation key '" + key + "'");
                }
                int index = nameAndIndex.length == 2 ? Integer.parseInt(nameAndIndex[1]) - 1 : ranges.size() - 1;
                if (index < 0 || index >= ranges.size()) {
                    throw new AssertionError(key + ": no such report, " + ranges.size() + " decoded");
                }
                return ranges.get(index).reading();
        }
    }
}
