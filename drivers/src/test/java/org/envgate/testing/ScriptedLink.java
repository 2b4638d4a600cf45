package org.envgate.testing;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import org.envgate.link.Link;

/**
 * An in-memory {@link Link} for unit tests of driver logic, with its own clock.
 *
 * <p>Bytes either have {@link #arrived} already (waiting in the input buffer, so
 * {@link #discardInput()} drops them) or {@link #arriveLater} (one read each, after a discard).
 * A read with nothing to deliver advances the clock by its whole timeout and returns 0, so a
 * driver's timeout passes at once. Written bytes are recorded; {@link #answer} scripts a reply
 * to a written command.
 */
public final class ScriptedLink implements Link {

    private final ByteArrayOutputStream inputBuffer = new ByteArrayOutputStream();
    private final Deque<byte[]> later = new ArrayDeque<>();
    private final List<byte[]> writes = new ArrayList<>();
    private final List<byte[][]> answers = new ArrayList<>();
    private long nanos;
    private boolean closed;

    /** Bytes already received and not yet read. */
    public ScriptedLink arrived(byte[] bytes) {
        inputBuffer.writeBytes(bytes);
        return this;
    }

    /** Bytes that arrive after whatever is there now: each one read returns them. */
    public ScriptedLink arriveLater(byte[] bytes) {
        later.add(bytes);
        return this;
    }

    /** When exactly {@code command} is written, {@code reply} arrives for a later read. */
    public ScriptedLink answer(byte[] command, byte[] reply) {
        answers.add(new byte[][] {command, reply});
        return this;
    }

    /** Everything written, one array per write call. */
    public List<byte[]> writes() {
        return writes;
    }

    /** The link's clock, in nanoseconds, for the driver under test. */
    public long nanoTime() {
        return nanos;
    }

    public boolean closed() {
        return closed;
    }

    private final String port;

    /** A link on {@code /dev/ttyTEST0}. */
    public ScriptedLink() {
        this("/dev/ttyTEST0");
    }

    /** A link on {@code port}, as messages name it. */
    public ScriptedLink(String port) {
        this.port = port;
    }

    @Override
    public String port() {
        return port;
    }

    @Override
    public int read(byte[] buffer, int offset, int length, Duration timeout) {
        if (inputBuffer.size() == 0 && !later.isEmpty()) {
            inputBuffer.writeBytes(later.poll());
        }
        if (inputBuffer.size() == 0) {
            nanos += timeout.toNanos();
            return 0;
        }
        byte[] available = inputBuffer.toByteArray();
        int count = Math.min(length, available.length);
        System.arraycopy(available, 0, buffer, offset, count);
        inputBuffer.reset();
        inputBuffer.write(available, count, available.length - count);
        nanos += Duration.ofMillis(1).toNanos();
        return count;
    }

    @Override
    public void write(byte[] bytes) {
        writes.add(bytes.clone());
        for (byte[][] answer : answers) {
            if (Arrays.equals(answer[0], bytes)) {
                later.add(answer[1]);
            }
        }
    }

    @Override
    public void discardInput() {
        inputBuffer.reset();
    }

    @Override
    public void close() {
        closed = true;
    }
}
