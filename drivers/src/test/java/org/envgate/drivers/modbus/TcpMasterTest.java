package org.envgate.drivers.modbus;

import static org.envgate.drivers.modbus.ModbusVectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.envgate.drivers.MalformedFrameException;
import org.envgate.drivers.SensorTimeoutException;
import org.envgate.testing.ScriptedLink;
import org.junit.jupiter.api.Test;

class TcpMasterTest {

    private static final String PORT = "modbus-tcp://10.0.0.7:502";

    private final ScriptedLink link = new ScriptedLink(PORT);
    private final TcpMaster master = new TcpMaster(Duration.ofMillis(500), link::nanoTime, new AtomicInteger()::incrementAndGet);

    private static final ModbusRequest READ_TWO = ModbusRequest.readHoldingRegisters(1, 0, 2);

    @Test
    void aRequestIsItsPduBehindAnMbapHeaderAndTheAnswerIsMatchedByTransaction() throws Exception {
        byte[] request = hex("00 01"     // transaction id 1
                + " 00 00"                  // protocol id 0: Modbus
                + " 00 06"                  // length: the unit id and the 5 bytes of the PDU
                + " 01"                     // unit id
                + " 03 00 00 00 02");       // read holding registers 0x0000, 2
        byte[] answer = hex("00 01 00 00"
                + " 00 07"                  // unit id, function, byte count and 4 bytes
                + " 01 03 04"
                + " 01 c9 00 c9");
        link.answer(request, answer);

        assertArrayEquals(new int[] {457, 201}, master.transact(link, READ_TWO, "ph, temperature"));
        assertArrayEquals(request, link.writes().get(0));
        assertEquals(1, master.counters().good());
    }

    @Test
    void aLateAnswerToAnEarlierTransactionIsReadPast() throws Exception {
        link.answer(MbapCodec.encode(READ_TWO, 1), hex("00 00 00 00 00 07 01 03 04 00 01 00 02  00 01 00 00 00 07 01 03 04 00 03 00 04"));

        assertArrayEquals(new int[] {3, 4}, master.transact(link, READ_TWO));
    }

    @Test
    void anImpossibleLengthIsRefusedBeforeAnythingIsAllocatedForIt() {
        link.answer(MbapCodec.encode(READ_TWO, 1), hex("00 01 00 00 ff ff 01 03"));

        SensorTimeoutException e = assertThrows(SensorTimeoutException.class, () -> master.transact(link, READ_TWO));

        assertEquals(PORT + ": unit 1: read holding registers 0x0000 (2): malformed answer: MBAP length must be 3 to 254, "
                + "got 65535", e.getMessage());
        assertInstanceOf(MalformedFrameException.class, e.getCause());
        assertEquals(1, master.counters().malformed());
    }

    @Test
    void anExceptionNamesTheUnitTheRegistersAndTheQuantities() {
        link.answer(MbapCodec.encode(READ_TWO, 1), hex("00 01 00 00 00 03 01 83 02"));

        ModbusExceptionResponse e = assertThrows(ModbusExceptionResponse.class,
                () -> master.transact(link, READ_TWO, "ph, temperature"));

        assertEquals(PORT + ": unit 1: read holding registers 0x0000 (2) for ph, temperature: exception 02 ILLEGAL DATA "
                + "ADDRESS (function 03)", e.getMessage());
    }

    @Test
    void silenceEndsAtTheResponseTimeoutAndAnotherUnitsAnswerIsNotTaken() {
        SensorTimeoutException silent = assertThrows(SensorTimeoutException.class, () -> master.transact(link, READ_TWO));
        assertEquals(PORT + ": unit 1: read holding registers 0x0000 (2): no answer within 500 ms; check the unit-id, and "
                + "the device's or Ethernet gateway's own timeout towards the slave", silent.getMessage());

        link.answer(MbapCodec.encode(READ_TWO, 2), hex("00 02 00 00 00 07 09 03 04 00 03 00 04"));
        SensorTimeoutException foreign = assertThrows(SensorTimeoutException.class, () -> master.transact(link, READ_TWO));
        assertEquals(PORT + ": unit 1: read holding registers 0x0000 (2): malformed answer: answer from unit 9, asked "
                + "unit 1", foreign.getMessage());
    }
}
