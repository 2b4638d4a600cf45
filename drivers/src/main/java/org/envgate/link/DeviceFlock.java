package org.envgate.link;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code flock(LOCK_EX | LOCK_NB)} on a serial device node, the lock picocom, jSerialComm and
 * other serial programs take instead of (or beside) a UUCP lock file. Java's own
 * {@code FileChannel.tryLock} takes a POSIX record lock ({@code fcntl}), which on Linux neither
 * sees nor stops a {@code flock}, so the call goes to the C library through JNA. The lock belongs
 * to a descriptor of our own on the device, opened without becoming its controlling terminal and
 * without waiting for a carrier; closing it releases the lock.
 */
final class DeviceFlock implements AutoCloseable {

    private static final int O_RDONLY = 0;
    private static final int O_NOCTTY = 0400;
    private static final int O_NONBLOCK = 04000;
    private static final int O_CLOEXEC = 02000000;
    private static final int LOCK_EX = 2;
    private static final int LOCK_NB = 4;
    private static final int EWOULDBLOCK = 11;

    private interface CLibrary extends Library {
        int open(String path, int flags) throws LastErrorException;

        int flock(int fd, int operation) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    /** The C library, or empty where JNA cannot load it (the port then opens with its UUCP lock alone). */
    private static final Optional<CLibrary> C = load();

    private final int fd;

    private DeviceFlock(int fd) {
        this.fd = fd;
    }

    /**
     * Takes the flock of {@code device}; empty when it cannot be taken for a reason other than
     * another holder (the device cannot be opened, no C library): the serial port's own opening
     * then says what is wrong.
     *
     * @return the lock, or the pid of the process holding it (0 when unknown) as {@code held}
     */
    static Taken take(Path device) {
        if (C.isEmpty()) {
            return new Taken(Optional.empty(), Optional.empty());
        }
        int fd;
        try {
            fd = C.get().open(device.toString(), O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
        } catch (LastErrorException e) {
            return new Taken(Optional.empty(), Optional.empty());
        }
        try {
            C.get().flock(fd, LOCK_EX | LOCK_NB);
            return new Taken(Optional.of(new DeviceFlock(fd)), Optional.empty());
        } catch (LastErrorException e) {
            closeQuietly(fd);
            if (e.getErrorCode() == EWOULDBLOCK) {
                return new Taken(Optional.empty(), Optional.of(holder(device).orElse(0L)));
            }
            return new Taken(Optional.empty(), Optional.empty());
        }
    }

    /** What {@link #take} got: the lock, or who holds it, or neither. */
    record Taken(Optional<DeviceFlock> lock, Optional<Long> heldBy) {
    }

    /**
     * The pid of the process holding a flock on {@code device}, from {@code /proc/locks}, whose
     * lines name the locked file as {@code MAJOR:MINOR:INODE} of the file system it is on (hex, hex, decimal).
     */
    static Optional<Long> holder(Path device) {
        try {
            long dev = (Long) Files.getAttribute(device, "unix:dev");
            long inode = (Long) Files.getAttribute(device, "unix:ino");
            long major = ((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL);
            long minor = (dev & 0xff) | ((dev >>> 12) & ~0xffL);
            String file = String.format("%02x:%02x:%d", major, minor, inode);
            for (String line : Files.readAllLines(Path.of("/proc/locks"), StandardCharsets.US_ASCII)) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length >= 6 && fields[1].equals("FLOCK") && fields[5].equals(file)) {
                    return Optional.of(Long.parseLong(fields[4]));
                }
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            // no /proc, or attributes this file system does not give: the holder stays unnamed
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        closeQuietly(fd);
    }

    private static void closeQuietly(int fd) {
        try {
            C.get().close(fd);
        } catch (LastErrorException e) {
            // closing releases the lock whatever close reports
        }
    }

    private static Optional<CLibrary> load() {
        try {
            return Optional.of(Native.load("c", CLibrary.class));
        } catch (LinkageError e) {
            return Optional.empty();
        }
    }
}
