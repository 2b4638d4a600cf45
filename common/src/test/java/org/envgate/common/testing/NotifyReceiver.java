package org.envgate.common.testing;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The systemd side of the notify socket: a bound Unix datagram socket that collects what a
 * service sends. Written apart from the gateway's sender so that each checks the other.
 */
public final class NotifyReceiver implements AutoCloseable {

    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_NONBLOCK = 0x800;
    private static final int EAGAIN = 11;

    interface LibC extends Library {
        LibC LIB = Native.load(Platform.C_LIBRARY_NAME, LibC.class);

        int socket(int domain, int type, int protocol) throws LastErrorException;

        int bind(int fd, byte[] address, int addressLength) throws LastErrorException;

        NativeLong recv(int fd, byte[] buffer, NativeLong length, int flags) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    private final String path;
    private final int fd;
    private final List<String> received = new ArrayList<>();

    /** @param path a file path, or {@code @name} in the abstract namespace, as systemd puts in NOTIFY_SOCKET */
    public NotifyReceiver(String path) {
        this.path = path;
        this.fd = LibC.LIB.socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0);
        boolean abstractName = path.startsWith("@");
        byte[] name = (abstractName ? "\0" + path.substring(1) : path).getBytes(StandardCharsets.UTF_8);
        // struct sockaddr_un: the family, then the path and its NUL, or a NUL and the abstract name.
        ByteBuffer address = ByteBuffer.allocate(2 + 108).order(ByteOrder.nativeOrder());
        address.putShort((short) AF_UNIX).put(name);
        LibC.LIB.bind(fd, address.array(), 2 + name.length + (abstractName ? 0 : 1));
    }

    /** The value for NOTIFY_SOCKET. */
    public String path() {
        return path;
    }

    /** Every message received so far, in order, each exactly as sent. */
    public synchronized List<String> messages() {
        drain();
        return List.copyOf(received);
    }

    public synchronized long count(String message) {
        drain();
        return received.stream().filter(message::equals).count();
    }

    /** Waits until a message equal to {@code message} has arrived; false after {@code within}. */
    public boolean await(String message, Duration within) throws InterruptedException {
        return await(message::equals, within);
    }

    /** Waits until a message matching {@code wanted} has arrived; false after {@code within}. */
    public boolean await(Predicate<String> wanted, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (messages().stream().noneMatch(wanted)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    private void drain() {
        byte[] buffer = new byte[4096];
        while (true) {
            try {
                int n = LibC.LIB.recv(fd, buffer, new NativeLong(buffer.length), 0).intValue();
                received.add(new String(buffer, 0, n, StandardCharsets.UTF_8));
            } catch (LastErrorException e) {
                if (e.getErrorCode() == EAGAIN) {
                    return;
                }
                throw e;
            }
        }
    }

    @Override
    public synchronized void close() {
        LibC.LIB.close(fd);
    }
}
