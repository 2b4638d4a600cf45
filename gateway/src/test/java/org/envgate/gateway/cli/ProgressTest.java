package org.envgate.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void plainOutputIsOneLinePerStepWithoutControlCharacters() {
        try (Progress progress = Progress.plain(out)) {
            progress.step("modbus 19200 8E1 address 1/21 on /dev/tty\u001b[31mUSB0");
            progress.step("modbus 19200 8E1 address 2/21");
            progress.line("found modbus: slave 2");
        }
        assertEquals(List.of("modbus 19200 8E1 address 1/21 on /dev/tty\\u001b[31mUSB0", "modbus 19200 8E1 address 2/21",
                "found modbus: slave 2"), text().lines().toList());
        assertTrue(text().chars().noneMatch(c -> Character.isISOControl(c) && c != '\n'), text());
    }

    @Test
    void aTerminalRewritesOneStatusLineAndKeepsResultsAboveIt() {
        try (Progress progress = Progress.terminal(out)) {
            progress.step("modbus 19200 8E1 address 1/21");
            progress.step("modbus 19200 8E1 address 2/21");
            progress.line("found modbus: slave 2");
        }
        String shown = text();
        // Each step starts by clearing the line it rewrites; the result stays on a line of its own.
        assertTrue(shown.startsWith("\r\033[K| modbus 19200 8E1 address 1/21\r\033[K| modbus 19200 8E1 address 2/21"
                + "\r\033[Kfound modbus: slave 2\n"), shown);
        assertTrue(shown.endsWith("\r\033[K"), "the status line is cleared at the end: " + shown);
        assertEquals(1, shown.chars().filter(c -> c == '\n').count(), shown);
    }

    @Test
    void aLongStatusIsCutToTheTerminalsWidthSoItNeverWraps() {
        try (Progress progress = Progress.terminal(out)) {
            progress.step("x".repeat(200));
        }
        String status = text().split("\r\033\\[K")[1];
        assertEquals(Progress.TERMINAL_WIDTH, status.length(), status);
        assertTrue(status.endsWith("..."), status);
    }

    @Test
    void outputThatIsNotTheProcesssTerminalIsPlain() {
        assertFalse(Progress.to(out).isTerminal());
    }
}
