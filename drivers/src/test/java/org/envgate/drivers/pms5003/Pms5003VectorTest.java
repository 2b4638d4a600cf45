package org.envgate.drivers.pms5003;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.envgate.testing.VectorFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every file in {@code vectors/pms5003}, {@code vectors/pms5003t} and {@code vectors/pms5003st}
 * through a decoder of that layout: a new capture is a new file.
 */
class Pms5003VectorTest {

    private static final Map<String, ToIntFunction<Pms5003Frame>> FIELDS = Map.ofEntries(
            Map.entry("pm1_0_cf1", Pms5003Frame::pm1Cf1),
            Map.entry("pm2_5_cf1", Pms5003Frame::pm25Cf1),
            Map.entry("pm10_cf1", Pms5003Frame::pm10Cf1),
            Map.entry("pm1_0", Pms5003Frame::pm1Atmospheric),
            Map.entry("pm2_5", Pms5003Frame::pm25Atmospheric),
            Map.entry("pm10", Pms5003Frame::pm10Atmospheric),
            Map.entry("n0_3", Pms5003Frame::n0_3),
            Map.entry("n0_5", Pms5003Frame::n0_5),
            Map.entry("n1_0", Pms5003Frame::n1_0),
            Map.entry("n2_5", Pms5003Frame::n2_5),
            Map.entry("n5_0", Pms5003Frame::n5_0),
            Map.entry("n10", Pms5003Frame::n10),
            Map.entry("version", Pms5003Frame::version),
            Map.entry("error-code", Pms5003Frame::errorCode),
            Map.entry("formaldehyde", Pms5003Frame::formaldehyde),
            Map.entry("temperature", Pms5003Frame::temperature),
            Map.entry("humidity", Pms5003Frame::humidity));

    static Stream<Arguments> vectors() {
        return Stream.of(Pms5003Layout.values()).flatMap(layout -> VectorFile
                .loadAll("vectors/" + layout.name().toLowerCase(Locale.ROOT)).stream()
                .map(vector -> Arguments.of(layout, vector)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("vectors")
    void decodesAsExpected(Pms5003Layout layout, VectorFile vector) {
        for (List<byte[]> feeding : vector.feedings()) {
            Pms5003Decoder decoder = new Pms5003Decoder(layout);
            List<Pms5003Frame> frames = new ArrayList<>();
            feeding.forEach(chunk -> frames.addAll(decoder.feed(chunk)));
            String how = vector.name() + " fed as " + feeding.stream()
                    .map(chunk -> String.valueOf(chunk.length)).collect(Collectors.joining("+")) + " bytes: ";
            for (VectorFile.Expectation expected : vector.expectations()) {
                assertEquals(expected.asLong(), actual(expected.key(), frames, decoder), how + expected.key());
            }
        }
    }

    private static long actual(String key, List<Pms5003Frame> frames, Pms5003Decoder decoder) {
        switch (key) {
            case "frames":
                return frames.size();
            case "checksum-errors":
                return decoder.counters().checksumErrors();
            case "malformed":
                return decoder.counters().malformed();
            case "answers":
                return decoder.answers();
            default:
                return field(key, frames);
        }
    }

    /** {@code pm2_5} is a field of the last frame, {@code pm2_5@1} of the first. */
    private static long field(String key, List<Pms5003Frame> frames) {
        String[] nameAndIndex = key.split("@", 2);
        ToIntFunction<Pms5003Frame> field = FIELDS.get(nameAndIndex[0]);
        if (field == null) {
            throw new IllegalArgumentException("unknown expectation key '" + key + "'; fields: " + FIELDS.keySet());
        }
        int index = nameAndIndex.length == 2 ? Integer.parseInt(nameAndIndex[1]) - 1 : frames.size() - 1;
        if (index < 0 || index >= frames.size()) {
            throw new AssertionError(key + ": no such frame, " + frames.size() + " decoded");
        }
        return field.applyAsInt(frames.get(index));
    }
}
