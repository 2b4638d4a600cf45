package org.envgate.drivers.modbus;

import java.io.ByteArrayOutputStream;
import java.util.List;
import org.envgate.testing.VectorFile;

/** Helpers for the Modbus vector files, shared by the generic and the model-specific vector tests. */
public final class ModbusVectors {

    private ModbusVectors() {
    }

    public static byte[] hex(String text) {
        String[] parts = text.trim().split("\\s+");
        byte[] bytes = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            bytes[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return bytes;
    }

    /** The request a vector's {@code expect request = ...} writes out, CRC included; functions 03, 04 and 06. */
    public static ModbusRequest request(VectorFile vector) {
        byte[] bytes = hex(value(vector, "request"));
        int word = (bytes[4] & 0xFF) << 8 | (bytes[5] & 0xFF);
        return new ModbusRequest(bytes[0] & 0xFF, bytes[1] & 0xFF, (bytes[2] & 0xFF) << 8 | (bytes[3] & 0xFF),
                new int[] {word});
    }

    public static String value(VectorFile vector, String key) {
        return vector.expectations().stream().filter(e -> e.key().equals(key)).map(VectorFile.Expectation::value)
                .findFirst().orElseThrow(() -> new IllegalArgumentException(vector.name() + ": no 'expect " + key + "'"));
    }

    /** The answer length the decoder names after each chunk of one feeding, the last one counting. */
    public static int answerLength(ModbusRequest request, List<byte[]> feeding) {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        int length = -1;
        for (byte[] chunk : feeding) {
            received.writeBytes(chunk);
            byte[] soFar = received.toByteArray();
            length = ModbusResponseDecoder.answerLength(request, soFar, soFar.length);
        }
        return length;
    }
}
