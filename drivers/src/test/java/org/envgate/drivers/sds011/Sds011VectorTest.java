package org.envgate.drivers.sds011;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.envgate.testing.VectorFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs every file in {@code vectors/sds011} through the decoder: a new capture is a new file. */
class Sds011VectorTest {

    static List<VectorFile> vectors() {
        return VectorFile.loadAll("vectors/sds011");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void decodesAsExpected(VectorFile vector) {
        for (List<byte[]> feeding : vector.feedings()) {
            Sds011Decoder decoder = new Sds011Decoder();
            List<Sds011Message> messages = new ArrayList<>();
            feeding.forEach(chunk -> messages.addAll(decoder.feed(chunk)));
            List<Sds011Frame> frames = messages.stream().filter(Sds011Frame.class::isInstance)
                    .map(Sds011Frame.class::cast).toList();
            List<Sds011Reply> replies = messages.stream().filter(Sds011Reply.class::isInstance)
                    .map(Sds011Reply.class::cast).toList();
            String how = vector.name() + " fed as " + feeding.stream()
                    .map(chunk -> String.valueOf(chunk.length)).collect(Collectors.joining("+")) + " bytes: ";
            for (VectorFile.Expectation expected : vector.expectations()) {
                String key = expected.key();
                switch (key) {
                    case "frames" -> assertEquals(expected.asLong(), frames.size(), how + key);
                    case "replies" -> assertEquals(expected.asLong(), replies.size(), how + key);
                    case "checksum-errors" -> assertEquals(expected.asLong(), decoder.counters().checksumErrors(), how + key);
                    case "malformed" -> assertEquals(expected.asLong(), decoder.counters().malformed(), how + key);
                    case "reply-command" -> assertEquals(expected.asLong(), last(replies, key).command(), how + key);
                    case "reply-value" -> assertEquals(expected.asLong(), last(replies, key).value(), how + key);
                    case "device-id" -> assertEquals(expected.asLong(), last(frames, key).deviceId(), how + key);
                    default -> assertEquals(Double.parseDouble(expected.value()), field(key, frames), 1e-9, how + key);
                }
            }
        }
    }

    /** {@code pm2_5} is a value of the last frame, {@code pm2_5@1} of the first. */
    private static double field(String key, List<Sds011Frame> frames) {
        String[] nameAndIndex = key.split("@", 2);
        int index = nameAndIndex.length == 2 ? Integer.parseInt(nameAndIndex[1]) - 1 : frames.size() - 1;
        if (index < 0 || index >= frames.size()) {
            throw new AssertionError(key + ": no such frame, " + frames.size() + " decoded");
        }
        return switch (nameAndIndex[0]) {
            case "pm2_5" -> frames.get(index).pm25();
            case "pm10" -> frames.get(index).pm10();
            default -> throw new IllegalArgumentException("unknown expectation key '" + key + "'");
        };
    }

    private static <T> T last(List<T> items, String key) {
        if (items.isEmpty()) {
            throw new AssertionError(key + ": nothing of that kind decoded");
        }
        return items.get(items.size() - 1);
    }
}
