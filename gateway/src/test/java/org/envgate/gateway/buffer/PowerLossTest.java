package org.envgate.gateway.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Random;
import org.envgate.gateway.config.StorageConfig;
import org.envgate.gateway.config.StorageConfig.WhenFull;
import org.envgate.wire.Reading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a power cut leaves behind, as far as one machine can show it: a process killed while
 * committing and checkpointing, and the write-ahead log cut short or ending in garbage, as
 * when the last write to the SD card was torn. After each, the buffer opens without being moved
 * aside and holds exactly the groups committed before the cut, whole.
 */
class PowerLossTest {

    @TempDir
    Path dir;

    private static StorageConfig storage(Path path) {
        return new StorageConfig(path, StorageConfig.DEFAULT_MAX_SIZE, WhenFull.DROP_OLDEST, 0);
    }

    /** The buffer must hold readings 0..n-1 for a whole number of groups, n at least {@code committed}. */
    private static long assertWholeGroupsFromZero(Path storage, long committed) throws Exception {
        try (ReadingBuffer buffer = ReadingBuffer.open(storage(storage))) {
            List<Reading> held = buffer.after(0, Long.MAX_VALUE, Integer.MAX_VALUE).readings();
            assertEquals(0, held.size() % AppendingProcess.GROUP, "only whole groups: " + held.size());
            assertTrue(held.size() >= committed, held.size() + " readings kept, " + committed + " were committed");
            assertEquals(AppendingProcess.readings(0, held.size()), held, "in order, none missing");
            try (var files = Files.list(storage)) {
                assertTrue(files.noneMatch(f -> f.getFileName().toString().contains("corrupt")),
                        "the buffer was not moved aside");
            }
            return held.size();
        }
    }

    @Test
    void killedWhileCommittingAndCheckpointingKeepsEveryCommittedGroup() throws Exception {
        Path storage = Files.createDirectory(dir.resolve("storage"));
        Random random = new Random(5);
        long kept = 0;
        for (int kill = 0; kill < 12; kill++) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process child = new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                    AppendingProcess.class.getName(), storage.toString()).redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()));
            long committed = kept;
            long killAfter = kept + (5 + random.nextInt(60)) * (long) AppendingProcess.GROUP;
            for (String line; committed < killAfter && (line = out.readLine()) != null; ) {
                if (line.matches("\\d+")) {
                    committed = Long.parseLong(line);
                }
            }
            Thread.sleep(random.nextInt(20));
            child.destroyForcibly().waitFor();
            kept = assertWholeGroupsFromZero(storage, committed);
        }
        assertTrue(kept > 100_000, "enough written for many checkpoints: " + kept);
    }

    @Test
    void aLogCutShortOrEndingInGarbageLosesOnlyTheGroupsItCut() throws Exception {
        Path storage = Files.createDirectory(dir.resolve("storage"));
        Path copy = dir.resolve("copy");
        int groups = 20;
        try (ReadingBuffer buffer = ReadingBuffer.open(storage(storage))) {
            for (int g = 0; g < groups; g++) {
                buffer.append(AppendingProcess.readings((long) g * AppendingProcess.GROUP, AppendingProcess.GROUP));
            }
            // The files as the card holds them at the moment of the cut: the open connection
            // has not checkpointed, so the last groups live only in the log.
            Files.createDirectory(copy);
            for (String name : List.of(ReadingBuffer.FILE_NAME, ReadingBuffer.FILE_NAME + "-wal")) {
                Files.copy(storage.resolve(name), copy.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path wal = copy.resolve(ReadingBuffer.FILE_NAME + "-wal");
        long walLength = Files.size(wal);
        assertTrue(walLength > 100_000, "the groups are in the log: " + walLength);

        Path garbage = dir.resolve("garbage");
        copyFolder(copy, garbage);
        try (RandomAccessFile file = new RandomAccessFile(garbage.resolve(ReadingBuffer.FILE_NAME + "-wal").toFile(), "rw")) {
            byte[] noise = new byte[6000];
            new Random(3).nextBytes(noise);
            file.seek(walLength);
            file.write(noise);
        }
        assertEquals((long) groups * AppendingProcess.GROUP, assertWholeGroupsFromZero(garbage, 0),
                "garbage after the last commit is ignored");

        long previous = Long.MAX_VALUE;
        for (double cut : new double[] {0.9, 0.6, 0.3}) {
            Path torn = dir.resolve("torn-" + cut);
            copyFolder(copy, torn);
            try (RandomAccessFile file = new RandomAccessFile(torn.resolve(ReadingBuffer.FILE_NAME + "-wal").toFile(), "rw")) {
                file.setLength((long) (walLength * cut));
            }
            long kept = assertWholeGroupsFromZero(torn, 0);
            assertTrue(kept < (long) groups * AppendingProcess.GROUP && kept <= previous,
                    "a shorter log keeps fewer whole groups: " + kept);
            previous = kept;
        }
    }

    private static void copyFolder(Path from, Path to) throws Exception {
        Files.createDirectory(to);
        try (var files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }
}
