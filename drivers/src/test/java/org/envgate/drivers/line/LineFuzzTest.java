package org.envgate.drivers.line;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import org.envgate.drivers.Measurement;
import org.envgate.testing.FuzzInput;

/**
 * Any bytes, split anywhere, cut into lines of a bound the fuzzer picks and parsed with one of
 * the documented instruments' formats: lines within the bound, finite values of the format's
 * quantities, or a {@link LineMismatchException}; never another exception, never a stall.
 */
class LineFuzzTest {

    private static final List<LineFormat> FORMATS = LineVectors.instruments().stream()
            .map(instrument -> LineFormat.parse(LineVectors.format(instrument))).toList();

    @FuzzTest
    void feed(FuzzedDataProvider data) {
        LineFormat format = data.pickValue(FORMATS);
        LineTerminator terminator = data.pickValue(LineTerminator.values());
        int bound = data.consumeInt(1, 600);
        LineFramer framer = new LineFramer(terminator, bound);
        for (byte[] chunk : FuzzInput.reads(data, 300)) {
            for (String line : framer.feed(chunk)) {
                assertTrue(!line.isEmpty() && line.length() <= bound, line.length() + " > " + bound);
                try {
                    for (Measurement m : format.parse(line, System::nanoTime)) {
                        assertTrue(Double.isFinite(m.value()), m.toString());
                        assertTrue(format.field(m.quantity()).isPresent(), m.toString());
                    }
                } catch (LineMismatchException expected) {
                    // a line that does not fit: counted by the driver, never a value
                }
            }
        }
    }
}
