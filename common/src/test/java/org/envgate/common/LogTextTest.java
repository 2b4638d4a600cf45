package org.envgate.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LogTextTest {

    @Test
    void aNewlineCannotForgeASecondLogLine() {
        String forged = "pm\n2026-12-02 10:00:00 INFO store influx accepts writes again";
        String safe = LogText.untrusted(forged, 200);
        assertFalse(safe.contains("\n"), safe);
        assertTrue(safe.startsWith("pm\\n2026-12-02"), safe);
    }

    @Test
    void terminalEscapesAndOtherControlsAreShownNotObeyed() {
        assertEquals("\\u001b[31mred\\u001b[0m", LogText.untrusted("\u001b[31mred\u001b[0m"));
        assertEquals("a\\rb\\tc\\u0000d\\u007f\\u0085", LogText.untrusted("a\rb\tc\u0000d\u007f\u0085"));
        assertEquals("\\u2028\\u202e", LogText.untrusted("\u2028\u202e"));
    }

    @Test
    void aBackslashIsEscapedSoAnEscapeCannotBeFaked() {
        assertEquals("\\\\n", LogText.untrusted("\\n"));
    }

    @Test
    void longTextIsCutAndSaysHowLongItWas() {
        String safe = LogText.untrusted("x".repeat(200_000));
        assertEquals("x".repeat(LogText.MAX_LENGTH) + "…(200000 chars)", safe);
    }

    @Test
    void ordinaryTextAndNullPassPlainly() {
        assertEquals("dn-lienchieu-01/pm/pm2_5 ug/m3 µ", LogText.untrusted("dn-lienchieu-01/pm/pm2_5 ug/m3 µ"));
        assertEquals("null", LogText.untrusted(null));
    }
}
