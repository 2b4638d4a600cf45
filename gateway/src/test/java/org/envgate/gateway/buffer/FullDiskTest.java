package org.envgate.gateway.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.envgate.gateway.config.StorageConfig;
import org.envgate.gateway.config.StorageConfig.WhenFull;
import org.envgate.wire.Quantity;
import org.envgate.wire.Reading;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The buffer on a small file system of its own (a tmpfs, so the test needs root, as CI has):
 * a disk that fills up is a real disk, with real "database or disk is full" errors.
 */
class FullDiskTest {

    private static final long MB = 1L << 20;

    @TempDir
    Path dir;

    private Path disk;

    @BeforeEach
    void mountSmallDisk() throws Exception {
        disk = Files.createDirectory(dir.resolve("disk"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", disk.toString())
                .redirectErrorStream(true).start();
        String output = new String(mount.getInputStream().readAllBytes());
        Assumptions.assumeTrue(mount.waitFor() == 0, "needs root to mount a small tmpfs: " + output.strip());
    }

    @AfterEach
    void unmount() throws Exception {
        new ProcessBuilder("umount", disk.toString()).inheritIO().start().waitFor();
    }

    private static List<Reading> readings(int from, int count) {
        List<Reading> list = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            list.add(new Reading("pm", Quantity.PM2_5, i, 1_700_000_000_000L + i * 1000L));
        }
        return list;
    }

    private void fillDiskLeaving(long free) throws IOException {
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(disk.resolve("other-files"))) {
            while (Files.getFileStore(disk).getUsableSpace() > free + block.length) {
                out.write(block);
                out.flush();
            }
        }
    }

    @Test
    void underTheReserveTheOldestGiveWayAndTheDiskKeepsItsFreeSpace() throws Exception {
        fillDiskLeaving(16 * MB);
        StorageConfig storage = new StorageConfig(disk, StorageConfig.DEFAULT_MAX_SIZE, WhenFull.DROP_OLDEST, 10 * MB);
        int appended = 0;
        try (ReadingBuffer buffer = ReadingBuffer.open(storage)) {
            while (appended < 600_000) {
                buffer.append(readings(appended, 10_000));
                appended += 10_000;
            }
            assertTrue(buffer.dropped() > 0, "some readings had to give way");
            assertEquals(appended, buffer.count() + buffer.dropped(), "every reading is kept or counted as dropped");
            List<Reading> kept = buffer.after(0, Long.MAX_VALUE, Integer.MAX_VALUE).readings();
            assertEquals(readings(appended - kept.size(), kept.size()), kept, "the newest are kept, in order");
            long free = Files.getFileStore(disk).getUsableSpace();
            assertTrue(free > 9 * MB, "the reserve is left to the system: " + free / MB + " MB free");
        }
    }

    @Test
    void underTheReserveTheNewestAreRefusedAndCounted() throws Exception {
        fillDiskLeaving(16 * MB);
        StorageConfig storage = new StorageConfig(disk, StorageConfig.DEFAULT_MAX_SIZE, WhenFull.DROP_NEWEST, 10 * MB);
        try (ReadingBuffer buffer = ReadingBuffer.open(storage)) {
            int appended = 0;
            while (appended < 600_000) {
                buffer.append(readings(appended, 10_000));
                appended += 10_000;
            }
            assertTrue(buffer.dropped() > 0);
            assertEquals(appended, buffer.count() + buffer.dropped());
            List<Reading> kept = buffer.after(0, Long.MAX_VALUE, Integer.MAX_VALUE).readings();
            assertEquals(readings(0, kept.size()), kept, "the oldest are kept");
        }
    }

    @Test
    void onADiskFullToTheLastByteTheNewestAreRefusedAndNothingBufferedIsLost() throws Exception {
        StorageConfig storage = new StorageConfig(disk, StorageConfig.DEFAULT_MAX_SIZE, WhenFull.DROP_NEWEST, 0);
        try (ReadingBuffer buffer = ReadingBuffer.open(storage)) {
            buffer.append(readings(0, 1000));
            fillDiskLeaving(0);
            buffer.append(readings(1000, 10_000));
            assertEquals(10_000, buffer.dropped());
            assertEquals(readings(0, 1000), buffer.after(0, Long.MAX_VALUE, Integer.MAX_VALUE).readings());

            Files.delete(disk.resolve("other-files"));
            buffer.append(readings(11_000, 10));
            assertEquals(1010, buffer.count(), "appending resumes once there is space");
        }
    }

    @Test
    void aFullDiskWithNothingToGiveWayIsAClearErrorAndTheBufferRecovers() throws Exception {
        StorageConfig storage = new StorageConfig(disk, StorageConfig.DEFAULT_MAX_SIZE, WhenFull.DROP_OLDEST, 0);
        try (ReadingBuffer buffer = ReadingBuffer.open(storage)) {
            fillDiskLeaving(0);
            BufferException full = null;
            for (int i = 0; i < 10 && full == null; i++) {
                try {
                    buffer.append(readings(0, 10_000));
                } catch (BufferException e) {
                    full = e;
                }
            }
            if (full == null) {
                fail("the disk never filled up");
            }
            assertTrue(full.getMessage().startsWith("cannot write to buffer " + buffer.file() + ": the disk holding "
                    + "storage.path " + disk + " is full"), full.getMessage());

            Files.delete(disk.resolve("other-files"));
            long before = buffer.count();
            buffer.append(readings(100_000, 10));
            assertEquals(before + 10, buffer.count());
            assertEquals(before + 10, buffer.after(0, Long.MAX_VALUE, Integer.MAX_VALUE).size(),
                    "the failed groups left nothing half-written");
        }
    }
}
