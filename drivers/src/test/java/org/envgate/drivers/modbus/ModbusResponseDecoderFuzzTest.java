package org.envgate.drivers.modbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.time.Duration;
import org.envgate.drivers.ChecksumMismatchException;
import org.envgate.drivers.MalformedFrameException;
import org.envgate.drivers.SensorTimeoutException;
import org.envgate.link.SerialSettings;
import org.envgate.testing.ScriptedLink;

/**
 * Any answer to any valid request, whole and as the master receives it split over reads: the
 * registers asked for, or the decoder's and the master's documented exceptions, nothing else.
 */
class ModbusResponseDecoderFuzzTest {

    private static final int[] FUNCTIONS = {
        ModbusRequest.READ_COILS, ModbusRequest.READ_DISCRETE_INPUTS, ModbusRequest.READ_HOLDING_REGISTERS, ModbusRequest.READ_INPUT_REGISTERS,
        ModbusRequest.WRITE_SINGLE_REGISTER, ModbusRequest.WRITE_MULTIPLE_REGISTERS
    };

    @FuzzTest
    void decode(FuzzedDataProvider data) {
        ModbusRequest request = request(data);
        RegisterType type = data.pickValue(RegisterType.values());
        RegisterOrder order = data.pickValue(RegisterOrder.values());
        ScriptedLink link = new ScriptedLink();
        int chunks = data.consumeInt(1, 4);
        for (int i = 1; i < chunks; i++) {
            link.arriveLater(data.consumeBytes(data.consumeInt(0, 40)));
        }
        byte[] answer = data.consumeRemainingAsBytes();
        link.arriveLater(answer);

        try {
            check(request, ModbusResponseDecoder.decode(request, answer), type, order);
        } catch (ChecksumMismatchException | MalformedFrameException | ModbusExceptionResponse expected) {
            // A corrupt, foreign or refusing answer: the master counts it and reports it.
        }
        ModbusResponseDecoder.answerLength(request, answer, answer.length);

        RtuMaster master = new RtuMaster(SerialSettings.DEFAULT_9600_8N1, Duration.ofMillis(200), link::nanoTime, nanos -> { });
        try {
            check(request, master.transact(link, request), type, order);
        } catch (SensorTimeoutException | ModbusExceptionResponse expected) {
            // No, a torn or a corrupt answer within the timeout, or a refusal: a sensor fault, not a crash.
        } catch (IOException e) {
            throw new AssertionError("undocumented exception from the master", e);
        }
    }

    private static void check(ModbusRequest request, int[] registers, RegisterType type, RegisterOrder order) {
        if (!request.isRead()) {
            assertEquals(2, registers.length);
            return;
        }
        assertEquals(request.count(), registers.length);
        for (int register : registers) {
            assertTrue(register >= 0 && register <= (request.readsBits() ? 1 : 0xFFFF), "value " + register);
        }
        if (registers.length >= type.registers()) {
            double value = RegisterValue.decode(registers, 0, type, order, 1, 0);
            assertTrue(type == RegisterType.FLOAT32 || Math.abs(value) <= 0x1p32, "value " + value);
        }
    }

    private static ModbusRequest request(FuzzedDataProvider data) {
        int slave = data.consumeBoolean() ? ModbusRequest.ANY_ADDRESS : data.consumeInt(1, 247);
        int function = data.pickValue(FUNCTIONS);
        int address = data.consumeInt(0, 0xFFFF);
        return switch (function) {
            case ModbusRequest.WRITE_SINGLE_REGISTER -> ModbusRequest.writeSingleRegister(slave, address, data.consumeInt(0, 0xFFFF));
            case ModbusRequest.WRITE_MULTIPLE_REGISTERS -> {
                int[] values = new int[data.consumeInt(1, ModbusRequest.MAX_WRITE)];
                for (int i = 0; i < values.length; i++) {
                    values[i] = data.consumeInt(0, 0xFFFF);
                }
                yield ModbusRequest.writeMultipleRegisters(slave, address, values);
            }
            case ModbusRequest.READ_COILS, ModbusRequest.READ_DISCRETE_INPUTS ->
                    ModbusRequest.read(slave, function, address, data.consumeInt(1, ModbusRequest.MAX_READ_BITS));
            default -> ModbusRequest.read(slave, function, address, data.consumeInt(1, ModbusRequest.MAX_READ));
        };
    }
}
