package org.envgate.ingest.mqtt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The guard's MQTT framing fed any bytes, in pieces of any size: it ends with the stream or an
 * IOException, and what it passes on is the input with every whole PUBLISH's payload replaced by
 * its stand-in, the payload within the limit handed over byte for byte; a PUBLISH is passed on
 * only once its payload is whole, and no payload over the limit is handed over.
 */
class PayloadGuardStreamFuzzTest {

    private static final String OVERSIZE = "MARK:";
    private static final String TAKEN = "TAKE:";

    /**
     * @param bytes the limit (first byte, 0-63), the size of the reader's buffer and of the pieces
     *              the socket hands out (second byte), then what the broker sends
     */
    @FuzzTest
    void framing(byte[] bytes) {
        if (bytes.length < 2) {
            return;
        }
        int maxPayload = bytes[0] & 0x3F;
        int piece = 1 + (bytes[1] & 0xFF);
        byte[] input = Arrays.copyOfRange(bytes, 2, bytes.length);
        List<byte[]> handedOver = new ArrayList<>();
        PayloadGuardStream guard = new PayloadGuardStream(new Trickle(input, piece), maxPayload,
                new PayloadGuardStream.PayloadHandler() {
                    @Override
                    public byte[] oversize(long size) {
                        return ascii(OVERSIZE + size);
                    }

                    @Override
                    public byte[] taken(byte[] payload) {
                        assertTrue(payload.length <= maxPayload, "a payload over the limit is never held");
                        handedOver.add(payload);
                        return ascii(TAKEN + (handedOver.size() - 1));
                    }
                });
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean failed = false;
        try {
            byte[] buffer = new byte[1 + (piece * 7) % 300];
            for (int n; (n = guard.read(buffer, 0, buffer.length)) >= 0; ) {
                assertTrue(n > 0, "a read of a non-empty buffer returns bytes or the end");
                out.write(buffer, 0, n);
            }
        } catch (IOException malformed) {
            failed = true;
        }
        checkOutput(input, out.toByteArray(), maxPayload, handedOver, failed);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** Walks input and output packet by packet side by side. */
    private static void checkOutput(byte[] input, byte[] output, int maxPayload, List<byte[]> handedOver,
            boolean failed) {
        int in = 0;
        int out = 0;
        int taken = 0;
        while (in < input.length) {
            int[] header = fixedHeader(input, in);
            if (header == null) {
                // Truncated or malformed header: nothing more is passed on.
                assertEquals(out, output.length, "nothing passed on after a broken header");
                return;
            }
            int headerLength = header[0];
            int remaining = header[1];
            long packetEnd = (long) in + headerLength + remaining;
            if (((input[in] >> 4) & 0x0F) != 3) {
                int end = (int) Math.min(packetEnd, input.length);
                assertTrue(out + (end - in) <= output.length, "a packet other than PUBLISH passes whole");
                assertArrayEquals(Arrays.copyOfRange(input, in, end), Arrays.copyOfRange(output, out, out + (end - in)));
                out += end - in;
                in = end;
                continue;
            }
            int qos = (input[in] >> 1) & 3;
            int topicAt = in + headerLength;
            int variable = qos == 2 || remaining < 2 || topicAt + 2 > input.length ? -1
                    : 2 + (((input[topicAt] & 0xFF) << 8) | (input[topicAt + 1] & 0xFF)) + (qos > 0 ? 2 : 0);
            if (variable < 0 || variable > remaining || topicAt + variable > input.length) {
                assertEquals(out, output.length, "nothing of a PUBLISH without a whole variable header is passed on");
                if (qos == 2 || remaining < 2 || variable > remaining) {
                    assertTrue(failed, "QoS 2 and a topic past the packet's end are errors");
                }
                return;
            }
            long payload = remaining - variable;
            boolean whole = packetEnd <= input.length;
            if (payload <= maxPayload && !whole) {
                assertEquals(out, output.length, "nothing of a PUBLISH is passed on before its payload is whole");
                return;
            }
            byte[] standIn = payload > maxPayload ? ascii(OVERSIZE + payload) : ascii(TAKEN + taken);
            if (payload <= maxPayload) {
                assertArrayEquals(Arrays.copyOfRange(input, topicAt + variable, (int) packetEnd), handedOver.get(taken),
                        "the payload is handed over byte for byte");
                taken++;
            }
            int[] outHeader = fixedHeader(output, out);
            assertTrue(outHeader != null, "the PUBLISH passed on has a whole header");
            assertEquals(variable + standIn.length, outHeader[1]);
            assertEquals(input[in], output[out]);
            int outBody = out + outHeader[0];
            assertArrayEquals(Arrays.copyOfRange(input, topicAt, topicAt + variable),
                    Arrays.copyOfRange(output, outBody, outBody + variable));
            assertArrayEquals(standIn, Arrays.copyOfRange(output, outBody + variable, outBody + variable + standIn.length));
            out = outBody + variable + standIn.length;
            if (!whole) {
                assertEquals(out, output.length, "the rest of a cut payload over the limit is thrown away");
                return;
            }
            in = (int) packetEnd;
        }
        assertEquals(out, output.length, "nothing is added at the end");
        assertEquals(taken, handedOver.size(), "every payload handed over stands in a PUBLISH passed on");
        if (!failed) {
            assertEquals(in, input.length);
        }
    }

    /** {@code {header length, remaining length}}, or null if the header is cut or malformed. */
    private static int[] fixedHeader(byte[] bytes, int at) {
        int remaining = 0;
        for (int i = 1; i <= 4; i++) {
            if (at + i >= bytes.length) {
                return null;
            }
            int b = bytes[at + i] & 0xFF;
            remaining |= (b & 0x7F) << (7 * (i - 1));
            if ((b & 0x80) == 0) {
                if (((bytes[at] >> 4) & 0x0F) == 3 && ((bytes[at] >> 1) & 3) == 3) {
                    return null;
                }
                return new int[] {i + 1, remaining};
            }
        }
        return null;
    }

    /** Hands out the input in pieces of the fuzzer's sizes, as a socket does. */
    private static final class Trickle extends InputStream {
        private final byte[] bytes;
        private final int piece;
        private int position;
        private int turn;

        Trickle(byte[] bytes, int piece) {
            this.bytes = bytes;
            this.piece = piece;
        }

        @Override
        public int read() {
            return position < bytes.length ? bytes[position++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (position >= bytes.length) {
                return -1;
            }
            // Pieces of changing size, as TCP segments arrive.
            int size = 1 + (piece * ++turn) % 97;
            int n = Math.min(Math.min(len, size), bytes.length - position);
            System.arraycopy(bytes, position, b, off, n);
            position += n;
            return n;
        }
    }
}
