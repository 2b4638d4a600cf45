package org.envgate.drivers.ezo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.envgate.drivers.MalformedFrameException;
import org.envgate.testing.FuzzInput;

/**
 * Any bytes, split anywhere, cut into lines of printable ASCII no longer than an EZO line; each
 * line read as the answer to {@code O,?} or {@code S,?} or as a reading gives values or
 * {@link MalformedFrameException}, nothing else.
 */
class EzoLineDecoderFuzzTest {

    @FuzzTest
    void feed(FuzzedDataProvider data) {
        EzoCircuit circuit = data.pickValue(EzoCircuit.values());
        EzoLineDecoder decoder = new EzoLineDecoder();
        EzoValues values = EzoValues.single(circuit);
        for (byte[] chunk : FuzzInput.reads(data, 80)) {
            for (EzoReply reply : decoder.feed(chunk, 0, chunk.length)) {
                String line = reply.line();
                assertTrue(!line.isEmpty() && line.length() <= EzoLineDecoder.MAX_LINE, line);
                assertTrue(line.chars().allMatch(c -> c >= 0x20 && c <= 0x7E), line);
                reply.meaning();
                try {
                    if (line.startsWith("?O") || line.startsWith("?,O")) {
                        values = EzoValues.withOutputs(circuit, line);
                    } else if (line.startsWith("?S")) {
                        values = EzoValues.withScale(line);
                    } else if (!reply.isCode()) {
                        assertTrue(!values.parse(line).isEmpty(), line);
                    }
                } catch (MalformedFrameException expected) {
                    // A line that is not what was asked for: the driver reports it as such.
                }
            }
        }
    }
}
