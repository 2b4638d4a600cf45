package org.envgate.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.envgate.testing.PtyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The UUCP lock file of a serial port, on a real pseudo-terminal. */
class PortLockTest {

    @TempDir
    Path locks;

    @Test
    void aPortIsLockedWhileOpenAndFreedWhenTheLastLinkOnItCloses() throws Exception {
        try (PtyPair pty = PtyPair.start()) {
            Path lock = locks.resolve("LCK.." + PortLock.lockName(pty.b()));
            assertTrue(lock.getFileName().toString().startsWith("LCK..pts_"), "named after the device the pty leads to: " + lock);
            SerialLink first = SerialLink.open(pty.b(), SerialSettings.DEFAULT_9600_8N1, locks);
            assertEquals(String.format("%10d%n", ProcessHandle.current().pid()), Files.readString(lock, StandardCharsets.US_ASCII),
                    "the PID in ten characters and a newline, as minicom and ModemManager write it");
            SerialLink second = SerialLink.open(pty.b(), SerialSettings.DEFAULT_9600_8N1, locks);
            first.close();
            assertTrue(Files.exists(lock), "held while a link of this process is open");
            second.close();
            assertFalse(Files.exists(lock));
        }
    }

    @Test
    void aPortAnotherLiveProcessHoldsIsRefusedNamingIt() throws Exception {
        Process holder = new ProcessBuilder("sleep", "60").start();
        try (PtyPair pty = PtyPair.start()) {
            Path lock = locks.resolve("LCK.." + PortLock.lockName(pty.b()));
            Files.writeString(lock, String.format("%10d%n", holder.pid()), StandardCharsets.US_ASCII);
            PortBusyException busy = assertThrows(PortBusyException.class,
                    () -> SerialLink.open(pty.b(), SerialSettings.DEFAULT_9600_8N1, locks));
            assertEquals(pty.b() + ": held by sleep, pid " + holder.pid() + " (lock " + lock + "); stop it first",
                    busy.getMessage());
            assertTrue(Files.exists(lock), "another's lock is left alone");
        } finally {
            holder.destroy();
        }
    }

    @Test
    void aLockLeftByAProcessThatHasGoneIsTakenOver() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        try (PtyPair pty = PtyPair.start()) {
            Path lock = locks.resolve("LCK.." + PortLock.lockName(pty.b()));
            Files.writeString(lock, String.format("%10d%n", gone.pid()), StandardCharsets.US_ASCII);
            try (SerialLink link = SerialLink.open(pty.b(), SerialSettings.DEFAULT_9600_8N1, locks)) {
                assertEquals(ProcessHandle.current().pid(), Long.parseLong(Files.readString(lock).trim()));
            }
            assertFalse(Files.exists(lock));
        }
    }

    @Test
    void aPortAnotherProgramHoldsWithFlockIsRefusedNamingItAndOneWeHoldIsRefusedToIt() throws Exception {
        try (PtyPair pty = PtyPair.start()) {
            String device = Path.of(pty.b()).toRealPath().toString();
            Process holder = new ProcessBuilder("flock", "--no-fork", "--nonblock", device, "sleep", "60").start();
            try {
                awaitFlock(Path.of(device), holder);
                PortBusyException busy = assertThrows(PortBusyException.class,
                        () -> SerialLink.open(pty.b(), SerialSettings.DEFAULT_9600_8N1, locks));
                // flock(1) named until it has become sleep
                assertTrue(busy.getMessage().matches(Pattern.quote(pty.b() + ": held by ") + "(flock|sleep)"
                        + Pattern.quote(", pid " + holder.pid() + " (flock on " + pty.b() + "); stop it first")), busy.getMessage());
                assertFalse(Files.exists(locks.resolve("LCK.." + PortLock.lockName(pty.b()))), "our lock file is given back");
            } finally {
                holder.destroy();
                holder.waitFor();
            }
            try (SerialLink link = SerialLink.open(pty.b(), SerialSettings.DEFAULT_9600_8N1, locks)) {
                Process other = new ProcessBuilder("flock", "--nonblock", "--conflict-exit-code", "75", device, "true").start();
                assertEquals(75, other.waitFor(), "flock(1), as picocom, finds the port held");
            }
            assertEquals(0, new ProcessBuilder("flock", "--nonblock", device, "true").start().waitFor(), "given back on close");
        }
    }

    /** Until {@code holder} has its flock on {@code device} (it was started, not yet running), at most ten seconds. */
    private static void awaitFlock(Path device, Process holder) throws InterruptedException {
        for (int i = 0; i < 200 && DeviceFlock.holder(device).isEmpty(); i++) {
            assertTrue(holder.isAlive(), "flock(1) could not take the lock");
            Thread.sleep(50);
        }
        assertEquals(java.util.Optional.of(holder.pid()), DeviceFlock.holder(device), "/proc/locks names the holder");
    }

    @Test
    void aLockFolderThatCannotBeWrittenLeavesThePortUnlocked() throws Exception {
        try (PtyPair pty = PtyPair.start();
             SerialLink link = SerialLink.open(pty.b(), SerialSettings.DEFAULT_9600_8N1, locks.resolve("missing"))) {
            assertEquals(pty.b(), link.port());
        }
    }
}
