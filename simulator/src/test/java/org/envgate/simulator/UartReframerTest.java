package org.envgate.simulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.envgate.link.Link;
import org.envgate.link.Links;
import org.envgate.link.SerialSettings;
import org.envgate.link.SerialSettings.Parity;
import org.junit.jupiter.api.Test;

/** Bytes as a UART at other line settings reads them, worked out bit by bit in the comments. */
class UartReframerTest {

    private static final SerialSettings AT_9600 = SerialSettings.DEFAULT_9600_8N1;
    private static final SerialSettings AT_19200 = AT_9600.withBaud(19200);
    private static final SerialSettings AT_9600_EVEN = new SerialSettings(9600, 8, Parity.EVEN, 1);

    @Test
    void theSameSettingsReadTheSameBytes() {
        byte[] frame = {0x42, 0x4d, 0x00, 0x1c};
        assertArrayEquals(frame, UartReframer.reframe(frame, AT_9600, AT_9600));
    }

    @Test
    void aSlowSenderReadTwiceAsFastGivesMoreBytesWithFramingErrors() {
        // 0x42 at 9600: start 0, data 0 1 0 0 0 0 1 0 (LSB first), stop 1. At 19200 each of those
        // bits lasts two: the first character samples 0 0 0 1 1 0 0 0 (0x18) and a low stop bit
        // (framing error: 0x00); the second starts in the middle, samples 0 0 0 1 1 0 0 1 (0x98) and a high stop.
        assertArrayEquals(new byte[] {0x00, (byte) 0x98}, UartReframer.reframe(new byte[] {0x42}, AT_9600, AT_19200));
    }

    @Test
    void aFastSenderReadAtHalfTheRateGivesFewerBytes() {
        // 0x42 at 19200 read at 9600: every other bit, from the middle of the second: 0 0 1 1, then idle ones.
        assertArrayEquals(new byte[] {(byte) 0xfc}, UartReframer.reframe(new byte[] {0x42}, AT_19200, AT_9600));
    }

    @Test
    void noParityReadWithEvenParityLosesACharacterWhoseStopBitIsNotItsParity() {
        // 0x42 has two ones, so even parity wants 0 where the stop bit is 1: a parity error. 0x43 has
        // three, so its stop bit passes as parity, and the idle line after it as the stop bit.
        assertArrayEquals(new byte[] {0x00}, UartReframer.reframe(new byte[] {0x42}, AT_9600, AT_9600_EVEN));
        assertArrayEquals(new byte[] {0x43}, UartReframer.reframe(new byte[] {0x43}, AT_9600, AT_9600_EVEN));
    }

    @Test
    void aTwinWithTheFaultSendsItsFramesReFramed() throws Exception {
        SensorTwin twin = TwinProvider.all().get("pms5003").create(TwinOptions.defaults().withPeriod(Duration.ofMillis(200)));
        twin.faults().wrongLineSettings(AT_19200);
        try (TwinServer server = TwinServer.tcp(twin, "127.0.0.1", 0);
             Link link = Links.open(server.gatewayPort(), AT_9600)) {
            byte[] buffer = new byte[256];
            int count = 0;
            for (int i = 0; i < 30 && count < 64; i++) {
                count += link.read(buffer, count, buffer.length - count, Duration.ofMillis(100));
            }
            assertTrue(count >= 64, "a 32-byte frame read at twice its rate is more than 32 bytes: " + count);
            for (int i = 0; i + 1 < count; i++) {
                assertTrue(!(buffer[i] == 0x42 && buffer[i + 1] == 0x4d), "no frame header survives at " + i);
            }
        }
    }
}
