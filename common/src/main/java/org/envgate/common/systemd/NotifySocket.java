package org.envgate.common.systemd;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.tinylog.Logger;

/**
 * The datagram socket on which systemd takes a service's state (sd_notify(3)): {@code READY=1},
 * {@code WATCHDOG=1}, {@code STOPPING=1}, {@code STATUS=...}. The JDK has no Unix datagram
 * sockets, so this calls the C library through JNA.
 */
final class NotifySocket implements AutoCloseable {

    static final int AF_UNIX = 1;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_CLOEXEC = 0x80000;
    private static final int MSG_NOSIGNAL = 0x4000;
    /** sizeof(sun_path) in struct sockaddr_un on Linux. */
    private static final int SUN_PATH_SIZE = 108;

    interface LibC extends Library {
        int socket(int domain, int type, int protocol) throws LastErrorException;

        NativeLong sendto(int fd, byte[] buffer, NativeLong length, int flags, byte[] address, int addressLength)
                throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    /** Loaded on first use only: a service not run by systemd never loads JNA's native part. */
    static final class C {
        static final LibC LIB = Native.load(Platform.C_LIBRARY_NAME, LibC.class);

        private C() {
        }
    }

    private final String path;
    private final byte[] address;
    private final int fd;

    private NotifySocket(String path, byte[] address, int fd) {
        this.path = path;
        this.address = address;
        this.fd = fd;
    }

    /**
     * @param path {@code $NOTIFY_SOCKET}: a file system path, or {@code @name} in the abstract namespace
     * @throws IOException when the path is not a usable socket address or no socket can be made
     */
    static NotifySocket open(String path) throws IOException {
        byte[] address = address(path);
        try {
            return new NotifySocket(path, address, C.LIB.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0));
        } catch (LastErrorException e) {
            throw new IOException("cannot make a socket for " + path + ": " + e.getMessage(), e);
        }
    }

    /** Sends one datagram, e.g. {@code READY=1} or several assignments separated by newlines. */
    void send(String message) throws IOException {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        try {
            C.LIB.sendto(fd, bytes, new NativeLong(bytes.length), MSG_NOSIGNAL, address, address.length);
        } catch (LastErrorException e) {
            throw new IOException("cannot send to " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            C.LIB.close(fd);
        } catch (LastErrorException e) {
            Logger.debug("systemd: closing the socket for {}: {}", path, e.getMessage());
        }
    }

    /**
     * A struct sockaddr_un for the path, as long as it needs to be: the family (host byte
     * order), then the path with its terminating NUL, or for {@code @name} a NUL and the name.
     */
    static byte[] address(String path) throws IOException {
        boolean abstractName = path.startsWith("@");
        if (!abstractName && !path.startsWith("/")) {
            throw new IOException("NOTIFY_SOCKET '" + path + "' is neither an absolute path nor an @abstract name");
        }
        byte[] name = (abstractName ? path.substring(1) : path).getBytes(StandardCharsets.UTF_8);
        int pathLength = abstractName ? 1 + name.length : name.length + 1;
        if (name.length == 0 || pathLength > SUN_PATH_SIZE) {
            throw new IOException("NOTIFY_SOCKET '" + path + "' is not a socket address (1 to "
                    + (SUN_PATH_SIZE - 1) + " bytes)");
        }
        ByteBuffer address = ByteBuffer.allocate(2 + pathLength).order(ByteOrder.nativeOrder());
        address.putShort((short) AF_UNIX);
        if (abstractName) {
            address.put((byte) 0);
        }
        address.put(name);
        return address.array();
    }
}
