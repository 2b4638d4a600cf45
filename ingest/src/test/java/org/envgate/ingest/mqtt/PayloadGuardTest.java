package org.envgate.ingest.mqtt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.SocketTimeoutException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The payload guard on bytes as a broker sends them. */
class PayloadGuardTest {

    private static final long LIMIT = 256 * 1024;
    private static final byte[] TOPIC = "envgate/gw-big/readings".getBytes(StandardCharsets.US_ASCII);
    /** PINGRESP: type 13, remaining length 0. */
    private static final byte[] PINGRESP = {(byte) 0xD0, 0};
    /** PUBACK of packet id 9. */
    private static final byte[] PUBACK = {0x40, 2, 0, 9};

    /** A PUBLISH at QoS 1, packet id 7, up to its payload. */
    private static byte[] publishHead(long payloadLength) {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        head.write(0x32);                                  // PUBLISH, QoS 1
        long remaining = 2 + TOPIC.length + 2 + payloadLength;
        do {                                               // remaining length, 7 bits a byte
            int digit = (int) (remaining & 0x7F);
            remaining >>>= 7;
            head.write(remaining > 0 ? digit | 0x80 : digit);
        } while (remaining > 0);
        head.write(0);                                     // topic length
        head.write(TOPIC.length);
        head.writeBytes(TOPIC);
        head.write(0);                                     // packet id 7
        head.write(7);
        return head.toByteArray();
    }

    /** {@code length} bytes of 'x', made as they are read. */
    private static InputStream payload(long length) {
        return new InputStream() {
            private long left = length;

            @Override
            public int read() {
                return left-- > 0 ? 'x' : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left == 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                Arrays.fill(b, off, off + n, (byte) 'x');
                left -= n;
                return n;
            }
        };
    }

    private static InputStream concat(InputStream... parts) {
        return new SequenceInputStream(Collections.enumeration(List.of(parts)));
    }

    @Test
    void aFiftyMegabytePublishBecomesAShortStandInWithoutBeingHeldInMemory() throws IOException {
        long size = 50L * 1024 * 1024;
        PayloadGuard guard = new PayloadGuard(LIMIT);
        InputStream broker = concat(new ByteArrayInputStream(publishHead(size)), payload(size),
                new ByteArrayInputStream(PINGRESP));
        byte[] buffer = new byte[64 * 1024];
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());

        try (InputStream guarded = guard.guard(broker)) {
            for (int n; (n = guarded.read(buffer, 0, buffer.length)) >= 0; ) {
                out.write(buffer, 0, n);
            }
        }

        long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertTrue(allocated < 256 * 1024, allocated + " bytes allocated");
        byte[] standIn = standIn(out.toByteArray(), 0);
        assertArrayEquals(concat(new ByteArrayInputStream(publishHead(standIn.length)), new ByteArrayInputStream(standIn),
                new ByteArrayInputStream(PINGRESP)).readAllBytes(), out.toByteArray());
        PayloadGuard.Taken taken = guard.claim(standIn);
        assertTrue(taken.isOversize());
        assertEquals(size, taken.oversize());
        assertEquals(0, taken.payload().length);
    }

    @Test
    void payloadsWithinTheLimitAreHandedOverWholeAndEveryOtherPacketPassesUnchanged() throws IOException {
        PayloadGuard guard = new PayloadGuard(LIMIT);
        byte[] atLimit = payload(LIMIT).readAllBytes();
        byte[] small = "[{\"bn\":\"gw-big/pms-1/\",\"n\":\"pm2_5\",\"v\":12.5}]".getBytes(StandardCharsets.UTF_8);
        byte[] stream = concat(new ByteArrayInputStream(publishHead(LIMIT)), new ByteArrayInputStream(atLimit),
                new ByteArrayInputStream(PINGRESP), new ByteArrayInputStream(publishHead(small.length)),
                new ByteArrayInputStream(small), new ByteArrayInputStream(PUBACK)).readAllBytes();

        byte[] out = guard.guard(new ByteArrayInputStream(stream)).readAllBytes();

        byte[] first = standIn(out, 0);
        int afterFirst = publishHead(first.length).length + first.length;
        assertArrayEquals(PINGRESP, Arrays.copyOfRange(out, afterFirst, afterFirst + PINGRESP.length));
        byte[] second = standIn(out, afterFirst + PINGRESP.length);
        assertArrayEquals(concat(new ByteArrayInputStream(publishHead(first.length)), new ByteArrayInputStream(first),
                new ByteArrayInputStream(PINGRESP), new ByteArrayInputStream(publishHead(second.length)),
                new ByteArrayInputStream(second), new ByteArrayInputStream(PUBACK)).readAllBytes(), out);
        assertArrayEquals(atLimit, guard.claim(first).payload());
        assertArrayEquals(small, guard.claim(second).payload());
        assertEquals(-1, guard.guard(new ByteArrayInputStream(new byte[0])).read());
    }

    @Test
    void aPayloadOneByteOverTheLimitIsThrownAway() throws IOException {
        PayloadGuard guard = new PayloadGuard(LIMIT);
        byte[] stream = concat(new ByteArrayInputStream(publishHead(LIMIT + 1)), payload(LIMIT + 1)).readAllBytes();

        byte[] out = guard.guard(new ByteArrayInputStream(stream)).readAllBytes();

        assertEquals(LIMIT + 1, guard.claim(standIn(out, 0)).oversize());
    }

    @Test
    void aPublishReadAcrossSocketTimeoutsAtEveryByteArrivesWhole() throws IOException {
        PayloadGuard guard = new PayloadGuard(LIMIT);
        byte[] body = payload(5_000).readAllBytes();
        byte[] stream = concat(new ByteArrayInputStream(publishHead(body.length)), new ByteArrayInputStream(body),
                new ByteArrayInputStream(PINGRESP)).readAllBytes();
        InputStream guarded = guard.guard(new TimingOut(stream));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[7];
        int timeouts = 0;
        while (true) {
            int n;
            try {
                n = guarded.read(buffer, 0, buffer.length);
            } catch (SocketTimeoutException e) {
                timeouts++;
                continue;
            }
            if (n < 0) {
                break;
            }
            out.write(buffer, 0, n);
        }

        assertTrue(timeouts > body.length / 2, timeouts + " timeouts");
        byte[] standIn = standIn(out.toByteArray(), 0);
        assertArrayEquals(body, guard.claim(standIn).payload());
        byte[] expected = concat(new ByteArrayInputStream(publishHead(standIn.length)), new ByteArrayInputStream(standIn),
                new ByteArrayInputStream(PINGRESP)).readAllBytes();
        assertArrayEquals(expected, out.toByteArray());
    }

    @Test
    void aPublishAtQos2EndsTheConnection() {
        byte[] head = publishHead(3);
        head[0] = 0x34;
        PayloadGuard guard = new PayloadGuard(LIMIT);
        InputStream guarded = guard.guard(concat(new ByteArrayInputStream(head), payload(3)));

        IOException thrown = assertThrows(IOException.class, guarded::readAllBytes);
        assertTrue(thrown.getMessage().contains("QoS 2"), thrown.getMessage());
    }

    @Test
    void aStandInClaimedOutOfOrderOrNeverTakenIsRefused() throws IOException {
        PayloadGuard guard = new PayloadGuard(LIMIT);
        byte[] stream = concat(new ByteArrayInputStream(publishHead(1)), payload(1),
                new ByteArrayInputStream(publishHead(2)), payload(2)).readAllBytes();
        byte[] out = guard.guard(new ByteArrayInputStream(stream)).readAllBytes();
        byte[] first = standIn(out, 0);
        byte[] second = standIn(out, publishHead(first.length).length + first.length);

        assertThrows(IllegalStateException.class, () -> guard.claim(second));
        assertThrows(IllegalStateException.class, () -> guard.claim("[]".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IllegalStateException.class, () -> guard.claim(first), "the queue is empty");
    }

    /** The payload of the QoS 1 PUBLISH on {@link #TOPIC} that starts at {@code at}. */
    private static byte[] standIn(byte[] packets, int at) {
        int remaining = 0;
        int shift = 0;
        int i = at + 1;
        for (int b; ((b = packets[i++] & 0xFF) & 0x80) != 0; shift += 7) {
            remaining |= (b & 0x7F) << shift;
        }
        remaining |= (packets[i - 1] & 0x7F) << shift;
        int payloadAt = i + 2 + TOPIC.length + 2;
        return Arrays.copyOfRange(packets, payloadAt, i + remaining);
    }

    /** Hands out one byte a read, and a socket timeout before every other one. */
    private static final class TimingOut extends InputStream {
        private final byte[] bytes;
        private int position;
        private boolean timeOut;

        TimingOut(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public int read() throws IOException {
            timeOut = !timeOut;
            if (timeOut) {
                throw new SocketTimeoutException("read timed out");
            }
            return position < bytes.length ? bytes[position++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            int next = read();
            if (next < 0) {
                return -1;
            }
            b[off] = (byte) next;
            return 1;
        }
    }
}
