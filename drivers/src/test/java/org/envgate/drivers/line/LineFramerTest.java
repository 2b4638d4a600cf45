package org.envgate.drivers.line;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineFramerTest {

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void lfEndsALineAndACrBeforeItIsDroppedEmptyLinesSkipped() {
        LineFramer framer = new LineFramer(LineTerminator.LF, 80);
        assertEquals(List.of("a,1", "b,2", "c\r3"), framer.feed(ascii("a,1\r\nb,2\n\r\n\nc\r3\n")));
        assertEquals(3, framer.lines());
    }

    @Test
    void crEndsALineAndAnLfRightAfterItIsDropped() {
        LineFramer framer = new LineFramer(LineTerminator.CR, 80);
        assertEquals(List.of("0R0,Ta=9.0C", "x\ny"), framer.feed(ascii("0R0,Ta=9.0C\r\nx\ny\r")));
    }

    @Test
    void aLineSplitOverReadsIsJoined() {
        LineFramer framer = new LineFramer(LineTerminator.LF, 80);
        List<String> lines = new ArrayList<>();
        for (byte b : ascii("21.47 398\r\n21.48 399\r\n")) {
            lines.addAll(framer.feed(new byte[] {b}));
        }
        assertEquals(List.of("21.47 398", "21.48 399"), lines);
    }

    @Test
    void aLineLongerThanTheBoundIsDroppedAndCountedAndTheNextOneReads() {
        LineFramer framer = new LineFramer(LineTerminator.LF, 8);
        byte[] flood = new byte[100_000];
        java.util.Arrays.fill(flood, (byte) 'x');
        assertEquals(List.of(), framer.feed(flood));
        assertEquals(List.of(), framer.feed(flood));
        assertEquals(List.of("12345678"), framer.feed(ascii("\n12345678\n123456789\n")));
        assertEquals(2, framer.overlongLines());
        assertEquals(1, framer.lines());
    }

    @Test
    void everyByteIsOneCharacterSoNoiseIsKeptForTheFormatToRefuse() {
        LineFramer framer = new LineFramer(LineTerminator.LF, 80);
        assertEquals(List.of("\u00ff\u0000\u00e9"), framer.feed(new byte[] {(byte) 0xFF, 0, (byte) 0xE9, '\n'}));
    }

    @Test
    void resetForgetsAPartLine() {
        LineFramer framer = new LineFramer(LineTerminator.LF, 80);
        framer.feed(ascii("half a li"));
        framer.reset();
        assertEquals(List.of("whole"), framer.feed(ascii("whole\n")));
    }
}
