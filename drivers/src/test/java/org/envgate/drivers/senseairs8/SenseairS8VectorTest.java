package org.envgate.drivers.senseairs8;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.envgate.drivers.modbus.ModbusExceptionResponse;
import org.envgate.drivers.modbus.ModbusRequest;
import org.envgate.drivers.modbus.ModbusResponseDecoder;
import org.envgate.drivers.modbus.ModbusVectors;
import org.envgate.testing.VectorFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every file in {@code vectors/senseair-s8}. Keys: {@code request} (built byte for byte),
 * {@code co2} (IR4 in the answer), {@code status} (IR1), {@code faults} (the status flags' names,
 * or {@code none}) and {@code exception}.
 */
class SenseairS8VectorTest {

    static List<VectorFile> vectors() {
        return VectorFile.loadAll("vectors/senseair-s8");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void decodesAsExpected(VectorFile vector) throws Exception {
        ModbusRequest request = ModbusVectors.request(vector);
        byte[] bytes = vector.bytes();
        for (List<byte[]> feeding : vector.feedings()) {
            assertEquals(bytes.length, ModbusVectors.answerLength(request, feeding), vector.name() + ": length");
        }
        for (VectorFile.Expectation expected : vector.expectations()) {
            String what = vector.name() + ": " + expected.key();
            switch (expected.key()) {
                case "request" -> assertArrayEquals(ModbusVectors.hex(expected.value()), request.bytes(), what);
                case "co2" -> assertEquals(expected.asLong(), register(request, bytes, SenseairS8Driver.SPACE_CO2), what);
                case "status" -> assertEquals(expected.asLong(), register(request, bytes, SenseairS8Driver.METER_STATUS), what);
                case "faults" -> {
                    List<String> faults = S8MeterStatus.faults(register(request, bytes, SenseairS8Driver.METER_STATUS));
                    assertEquals(expected.value(), faults.isEmpty() ? "none" : String.join(", ", faults), what);
                }
                case "exception" -> {
                    ModbusExceptionResponse e = assertThrows(ModbusExceptionResponse.class,
                            () -> ModbusResponseDecoder.decode(request, bytes), what);
                    assertEquals(expected.value(), String.format("%02x %s", e.code(), ModbusExceptionResponse.name(e.code())), what);
                }
                default -> throw new IllegalArgumentException(what + ": unknown expectation key");
            }
        }
    }

    /** The input register at {@code address} in the answer to a read that covers it. */
    private static int register(ModbusRequest request, byte[] bytes, int address) throws Exception {
        return ModbusResponseDecoder.decode(request, bytes)[address - request.address()];
    }
}
