package org.envgate.drivers.modbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.time.Duration;
import org.envgate.drivers.MalformedFrameException;
import org.envgate.drivers.SensorTimeoutException;
import org.envgate.testing.ScriptedLink;

/**
 * Any bytes a Modbus TCP device or gateway may send back, whole and as the client receives them
 * split over reads and after other transactions' answers: the values asked for, or the
 * decoder's and the master's documented exceptions, nothing else; never an allocation past the
 * protocol's 260-byte ADU.
 */
class MbapCodecFuzzTest {

    private static final int[] FUNCTIONS = {
        ModbusRequest.READ_COILS, ModbusRequest.READ_DISCRETE_INPUTS, ModbusRequest.READ_HOLDING_REGISTERS, ModbusRequest.READ_INPUT_REGISTERS,
        ModbusRequest.WRITE_SINGLE_REGISTER, ModbusRequest.WRITE_MULTIPLE_REGISTERS
    };

    @FuzzTest
    void decode(FuzzedDataProvider data) {
        int unit = data.consumeInt(0, 255);
        int function = data.pickValue(FUNCTIONS);
        int address = data.consumeInt(0, 0xFFFF);
        ModbusRequest request = switch (function) {
            case ModbusRequest.WRITE_SINGLE_REGISTER -> ModbusRequest.writeSingleRegister(unit, address, data.consumeInt(0, 0xFFFF));
            case ModbusRequest.WRITE_MULTIPLE_REGISTERS -> ModbusRequest.writeMultipleRegisters(unit, address,
                    new int[data.consumeInt(1, ModbusRequest.MAX_WRITE)]);
            case ModbusRequest.READ_COILS, ModbusRequest.READ_DISCRETE_INPUTS ->
                    ModbusRequest.read(unit, function, address, data.consumeInt(1, ModbusRequest.MAX_READ_BITS));
            default -> ModbusRequest.read(unit, function, address, data.consumeInt(1, ModbusRequest.MAX_READ));
        };
        ScriptedLink link = new ScriptedLink("modbus-tcp://127.0.0.1:502");
        int chunks = data.consumeInt(1, 4);
        for (int i = 1; i < chunks; i++) {
            link.arriveLater(data.consumeBytes(data.consumeInt(0, 300)));
        }
        byte[] answer = data.consumeRemainingAsBytes();
        link.arriveLater(answer);

        try {
            assertTrue(MbapCodec.aduLength(answer) <= 260);
            check(request, MbapCodec.decode(request, 1, answer));
        } catch (MalformedFrameException | ModbusExceptionResponse expected) {
            // A malformed, foreign or refusing answer: the master counts it and reports it.
        }

        TcpMaster master = new TcpMaster(Duration.ofMillis(200), link::nanoTime, () -> 1);
        try {
            check(request, master.transact(link, request));
        } catch (SensorTimeoutException | ModbusExceptionResponse expected) {
            // No, a torn or a malformed answer within the timeout, or a refusal: a sensor fault, not a crash.
        } catch (IOException e) {
            throw new AssertionError("undocumented exception from the master", e);
        }
    }

    private static void check(ModbusRequest request, int[] values) {
        if (!request.isRead()) {
            assertEquals(2, values.length);
            return;
        }
        assertEquals(request.count(), values.length);
        for (int value : values) {
            assertTrue(value >= 0 && value <= (request.readsBits() ? 1 : 0xFFFF), "value " + value);
        }
    }
}
