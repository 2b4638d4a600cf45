package org.envgate.drivers.modbus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.envgate.drivers.ChecksumMismatchException;
import org.envgate.drivers.MalformedFrameException;
import org.envgate.testing.VectorFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every file in {@code vectors/modbus}. Keys: {@code crc} (the frame's CRC), {@code request}
 * (the request the bytes answer; built by {@link ModbusRequest} byte for byte), {@code length}
 * (what {@link ModbusResponseDecoder#answerLength} says once all bytes are in), {@code registers},
 * {@code exception} ({@code 02 ILLEGAL DATA ADDRESS}), {@code error} ({@code checksum} or
 * {@code malformed}), and {@code value[@n] TYPE ORDER [SCALE OFFSET]} (the registers from the
 * n-th, 1-based, decoded as a number).
 */
class ModbusVectorTest {

    static List<VectorFile> vectors() {
        return VectorFile.loadAll("vectors/modbus");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void decodesAsExpected(VectorFile vector) throws Exception {
        byte[] bytes = vector.bytes();
        for (VectorFile.Expectation expected : vector.expectations()) {
            String key = expected.key();
            String what = vector.name() + ": " + key;
            if (key.equals("crc")) {
                assertEquals(expected.asLong(), ModbusCrc.compute(bytes, 0, bytes.length - 2), what);
                assertEquals(expected.asLong(), ModbusCrc.carried(bytes, bytes.length), what);
                continue;
            }
            ModbusRequest request = ModbusVectors.request(vector);
            switch (key.split("[ @]")[0]) {
                case "request" -> assertArrayEquals(ModbusVectors.hex(expected.value()), request.bytes(), what);
                case "length" -> {
                    for (List<byte[]> feeding : vector.feedings()) {
                        assertEquals(expected.asLong(), ModbusVectors.answerLength(request, feeding), what);
                    }
                }
                case "registers" -> assertArrayEquals(Arrays.stream(expected.value().split("\\s+"))
                        .mapToInt(Integer::parseInt).toArray(), ModbusResponseDecoder.decode(request, bytes), what);
                case "exception" -> {
                    ModbusExceptionResponse e = assertThrows(ModbusExceptionResponse.class,
                            () -> ModbusResponseDecoder.decode(request, bytes), what);
                    assertEquals(expected.value(), String.format("%02x %s", e.code(), ModbusExceptionResponse.name(e.code())), what);
                }
                case "error" -> {
                    Class<? extends Exception> type = expected.value().equals("checksum")
                            ? ChecksumMismatchException.class : MalformedFrameException.class;
                    assertThrows(type, () -> ModbusResponseDecoder.decode(request, bytes), what);
                }
                case "value" -> assertEquals(Double.parseDouble(expected.value()),
                        value(key, ModbusResponseDecoder.decode(request, bytes)), Math.abs(Double.parseDouble(expected.value())) * 1e-7, what);
                default -> throw new IllegalArgumentException(what + ": unknown expectation key");
            }
        }
    }

    /** {@code value@2 int16 abcd 0.1 0}: the value at the second register, int16, ABCD, times 0.1 plus 0. */
    private static double value(String key, int[] registers) {
        String[] parts = key.split("\\s+");
        String[] nameAndIndex = parts[0].split("@");
        int at = nameAndIndex.length == 2 ? Integer.parseInt(nameAndIndex[1]) - 1 : 0;
        RegisterType type = RegisterType.valueOf(parts[1].toUpperCase());
        RegisterOrder order = RegisterOrder.valueOf(parts[2].toUpperCase());
        double scale = parts.length > 3 ? Double.parseDouble(parts[3]) : 1;
        double offset = parts.length > 4 ? Double.parseDouble(parts[4]) : 0;
        return RegisterValue.decode(registers, at, type, order, scale, offset);
    }
}
