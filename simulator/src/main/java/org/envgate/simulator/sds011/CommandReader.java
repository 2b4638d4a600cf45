package org.envgate.simulator.sds011;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the 19-byte host commands ({@code AA B4 CMD D1 .. D12 ID1 ID2 CS AB}) in what the gateway
 * writes. One with a wrong checksum or tail is dropped and the search goes on after its AA.
 */
final class CommandReader {

    private static final int SIZE = 19;

    private final ByteArrayOutputStream held = new ByteArrayOutputStream();

    /** Each complete, valid command as {@code {command, D1, D2}}. */
    List<int[]> feed(byte[] bytes, int offset, int length) {
        held.write(bytes, offset, length);
        byte[] buffer = held.toByteArray();
        List<int[]> commands = new ArrayList<>();
        int at = 0;
        while (at < buffer.length) {
            if (Byte.toUnsignedInt(buffer[at]) != 0xAA
                    || (at + 1 < buffer.length && Byte.toUnsignedInt(buffer[at + 1]) != 0xB4)) {
                at++;
                continue;
            }
            if (buffer.length - at < SIZE) {
                break;
            }
            int sum = 0;
            for (int i = at + 2; i < at + 17; i++) {
                sum += Byte.toUnsignedInt(buffer[i]);
            }
            if ((sum & 0xFF) != Byte.toUnsignedInt(buffer[at + 17]) || Byte.toUnsignedInt(buffer[at + 18]) != 0xAB) {
                at++;
                continue;
            }
            commands.add(new int[] {Byte.toUnsignedInt(buffer[at + 2]), Byte.toUnsignedInt(buffer[at + 3]),
                Byte.toUnsignedInt(buffer[at + 4])});
            at += SIZE;
        }
        held.reset();
        held.write(buffer, at, buffer.length - at);
        return commands;
    }
}
