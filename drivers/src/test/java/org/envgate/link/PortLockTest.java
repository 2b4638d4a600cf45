package org.envgate.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
    void aLockFolderThatCannotBeWrittenLeavesThePortUnlocked() throws Exception {
        try (PtyPair pty = PtyPair.start();
             SerialLink link = SerialLink.open(pty.b(), SerialSettings.DEFAULT_9600_8N1, locks.resolve("missing"))) {
            assertEquals(pty.b(), link.port());
        }
    }
}
