package org.envgate.drivers.modbus;

import static org.envgate.drivers.modbus.ModbusVectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.envgate.drivers.ChecksumMismatchException;
import org.envgate.drivers.FrameCounters;
import org.envgate.drivers.SensorTimeoutException;
import org.envgate.link.SerialSettings;
import org.envgate.link.SerialSettings.Parity;
import org.envgate.testing.ScriptedLink;
import org.junit.jupiter.api.Test;

class RtuMasterTest {

    private static final ModbusRequest READ_CO2 = ModbusRequest.readInputRegisters(0xFE, 3, 1);
    private static final byte[] CO2_400 = hex("fe 04 02 01 90 ac d8");

    private final ScriptedLink link = new ScriptedLink();
    private final List<Long> pauses = new ArrayList<>();
    private final RtuMaster master = new RtuMaster(SerialSettings.DEFAULT_9600_8N1, Duration.ofSeconds(1),
            link::nanoTime, pauses::add);

    @Test
    void interFrameGapIsThreeAndAHalfCharactersOrFixedAboveNineteenTwoHundred() {
        // 8N1: 10 bits a character; 3.5 x 10 / 9600 s.
        assertEquals(Duration.ofNanos(3_645_834), RtuMaster.interFrameGap(SerialSettings.DEFAULT_9600_8N1));
        // 8E1: 11 bits; 3.5 x 11 / 19200 s.
        assertEquals(Duration.ofNanos(2_005_209), RtuMaster.interFrameGap(new SerialSettings(19200, 8, Parity.EVEN, 1)));
        assertEquals(Duration.ofNanos(1_750_000), RtuMaster.interFrameGap(new SerialSettings(38400, 8, Parity.NONE, 1)));
        assertEquals(Duration.ofNanos(1_750_000), RtuMaster.interFrameGap(new SerialSettings(115200, 8, Parity.EVEN, 1)));
    }

    @Test
    void waitsTheGapDiscardsStaleInputWritesTheRequestAndReadsTheAnswer() throws Exception {
        link.arrived(hex("02 04 02 00 07 00 00")) // a late answer to an earlier request
                .answer(hex("fe 04 00 03 00 01 d5 c5"), CO2_400);

        assertArrayEquals(new int[] {400}, master.transact(link, READ_CO2));

        assertEquals(List.of(3_645_834L), pauses);
        assertEquals(1, link.writes().size());
        assertArrayEquals(hex("fe 04 00 03 00 01 d5 c5"), link.writes().get(0));
        assertEquals(new FrameCounters(1, 0, 0), master.counters());
    }

    @Test
    void anAnswerSplitOverSeveralReadsIsJoined() throws Exception {
        link.arriveLater(Arrays.copyOfRange(CO2_400, 0, 2))
                .arriveLater(Arrays.copyOfRange(CO2_400, 2, 5))
                .arriveLater(Arrays.copyOfRange(CO2_400, 5, 7));

        assertArrayEquals(new int[] {400}, master.transact(link, READ_CO2));
    }

    @Test
    void silenceEndsAtTheResponseTimeoutNamingPortSlaveAndRequest() {
        SensorTimeoutException e = assertThrows(SensorTimeoutException.class,
                () -> master.transact(link, ModbusRequest.readHoldingRegisters(7, 0x10, 2)));

        assertEquals("/dev/ttyTEST0: slave 7: read holding registers 0x0010 (2): no answer within 1000 ms; "
                + "check the slave address, A/B wiring, baud rate and power", e.getMessage());
        assertEquals(Duration.ofSeconds(1).toNanos(), link.nanoTime());
    }

    @Test
    void aTornAnswerTimesOutSayingHowMuchCame() {
        link.arriveLater(Arrays.copyOfRange(CO2_400, 0, 4));

        SensorTimeoutException e = assertThrows(SensorTimeoutException.class, () -> master.transact(link, READ_CO2));

        assertEquals("/dev/ttyTEST0: slave 0xfe (any address): read input registers 0x0003 (1): torn answer, "
                + "4 of 7 bytes within 1000 ms; check termination, ground and baud rate", e.getMessage());
        assertEquals(new FrameCounters(0, 0, 1), master.counters());
    }

    @Test
    void aCorruptAnswerFailsTheTransactionNamingBothCrcs() {
        byte[] corrupt = CO2_400.clone();
        corrupt[4] ^= 0x01;
        link.arriveLater(corrupt);

        SensorTimeoutException e = assertThrows(SensorTimeoutException.class, () -> master.transact(link, READ_CO2));

        assertEquals("/dev/ttyTEST0: slave 0xfe (any address): read input registers 0x0003 (1): "
                + "CRC mismatch, computed 0x186d, frame says 0xd8ac", e.getMessage());
        assertInstanceOf(ChecksumMismatchException.class, e.getCause());
        assertEquals(new FrameCounters(0, 1, 0), master.counters());
    }

    @Test
    void anExceptionResponseNamesTheCode() {
        link.arriveLater(hex("01 84 04 42 c3"));

        ModbusExceptionResponse e = assertThrows(ModbusExceptionResponse.class,
                () -> master.transact(link, ModbusRequest.readInputRegisters(1, 0x10, 2)));

        assertEquals("/dev/ttyTEST0: slave 1: read input registers 0x0010 (2): exception 04 SLAVE DEVICE FAILURE "
                + "(function 04)", e.getMessage());
        assertEquals(4, e.code());
    }

    @Test
    void aWriteIsConfirmedByItsEcho() throws Exception {
        link.answer(hex("01 06 00 20 00 01 49 c0"), hex("01 06 00 20 00 01 49 c0"));

        assertArrayEquals(new int[] {0x20, 1}, master.transact(link, ModbusRequest.writeSingleRegister(1, 0x20, 1)));
    }

    /** The function 16 example of the Modbus application protocol V1.1b3 (6.12): registers 2 and 3 = 0x000A, 0x0102. */
    @Test
    void writeMultipleRegistersFrameCarriesCountByteCountAndValues() {
        assertArrayEquals(hex("01 10 00 01 00 02 04 00 0a 01 02 92 30"),
                ModbusRequest.writeMultipleRegisters(1, 1, 10, 258).bytes());
    }
}
