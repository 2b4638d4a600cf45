package org.envgate.simulator.pms5003;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the 7-byte host commands ({@code 42 4D CMD DATAH DATAL LRCH LRCL}) in what the gateway
 * writes. A command with a wrong check word is dropped and the search goes on after its 42.
 */
final class CommandReader {

    private static final int SIZE = 7;

    private final ByteArrayOutputStream held = new ByteArrayOutputStream();

    /** Each complete, valid command as {@code {command, data}}, data being DATAH DATAL as one word. */
    List<int[]> feed(byte[] bytes, int offset, int length) {
        held.write(bytes, offset, length);
        byte[] buffer = held.toByteArray();
        List<int[]> commands = new ArrayList<>();
        int at = 0;
        while (at < buffer.length) {
            if (Byte.toUnsignedInt(buffer[at]) != 0x42
                    || (at + 1 < buffer.length && Byte.toUnsignedInt(buffer[at + 1]) != 0x4D)) {
                at++;
                continue;
            }
            if (buffer.length - at < SIZE) {
                break;
            }
            int sum = 0;
            for (int i = at; i < at + 5; i++) {
                sum += Byte.toUnsignedInt(buffer[i]);
            }
            int check = (Byte.toUnsignedInt(buffer[at + 5]) << 8) | Byte.toUnsignedInt(buffer[at + 6]);
            if (check != (sum & 0xFFFF)) {
                at++;
                continue;
            }
            int data = (Byte.toUnsignedInt(buffer[at + 3]) << 8) | Byte.toUnsignedInt(buffer[at + 4]);
            commands.add(new int[] {Byte.toUnsignedInt(buffer[at + 2]), data});
            at += SIZE;
        }
        held.reset();
        held.write(buffer, at, buffer.length - at);
        return commands;
    }
}
