package org.envgate.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFilesTest {

    @TempDir
    Path dir;

    @Test
    void aSmallUtf8FileIsReadAsText() throws Exception {
        Path file = dir.resolve("gateway.yaml");
        Files.writeString(file, "gateway:\n  site: Liên Chiểu\n", StandardCharsets.UTF_8);
        assertEquals("gateway:\n  site: Liên Chiểu\n", ConfigFiles.read(file));
    }

    @Test
    void aFileOfExactlyTheLimitIsRead() throws Exception {
        Path file = dir.resolve("big.yaml");
        Files.writeString(file, "#".repeat(ConfigFiles.MAX_BYTES));
        assertEquals(ConfigFiles.MAX_BYTES, ConfigFiles.read(file).length());
    }

    @Test
    void a300MegabyteFileIsRefusedBeforeItIsRead() throws Exception {
        Path file = sparse300Megabytes("huge.yaml");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigFiles.read(file));
        assertEquals(file + ": is 314572800 bytes; a config file may be at most 1048576 bytes (1 MB)", e.getMessage());
        assertEquals(0, e.line());
    }

    @Test
    void aHugeFileNamedByAConfigIsRefusedBeforeItIsRead() throws Exception {
        Path secret = sparse300Megabytes("password");
        IOException e = assertThrows(IOException.class, () -> ConfigFiles.readNamedFile(secret));
        assertEquals(secret + ": is 314572800 bytes; a config file may be at most 1048576 bytes (1 MB)", e.getMessage());
        Files.writeString(secret, "s3cret\n");
        assertEquals("s3cret\n", ConfigFiles.readNamedFile(secret));
    }

    /** A file of 300 MB that takes no disk space. */
    private Path sparse300Megabytes(String name) throws IOException {
        Path file = dir.resolve(name);
        try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
            sparse.setLength(300L << 20);
        }
        return file;
    }

    @Test
    void aDeviceIsRefusedWithoutReadingIt() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigFiles.read(Path.of("/dev/zero")));
        assertEquals("/dev/zero: is not a regular file (a device, FIFO or socket)", e.getMessage());
    }

    @Test
    void aFifoIsRefusedWithoutOpeningIt() throws Exception {
        Path fifo = dir.resolve("fifo.yaml");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigFiles.read(fifo));
        assertEquals(fifo + ": is not a regular file (a device, FIFO or socket)", e.getMessage());
    }

    @Test
    void aFolderIsRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigFiles.read(dir));
        assertEquals(dir + ": is a folder, not a file", e.getMessage());
    }

    @Test
    void aMissingFileIsNamed() {
        Path file = dir.resolve("absent.yaml");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigFiles.read(file));
        assertEquals(file + ": no such file", e.getMessage());
    }

    @Test
    void aByteThatIsNotUtf8IsReportedWithItsLine() throws Exception {
        Path file = dir.resolve("latin1.yaml");
        Files.write(file, "gateway:\n  id: a\n  site: Li\u00EAn\n".getBytes(StandardCharsets.ISO_8859_1));
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigFiles.read(file));
        assertEquals(file + ":3: byte 0xEA is not UTF-8 text (save the file as UTF-8)", e.getMessage());
    }

    @Test
    void utf16IsNotUtf8() throws Exception {
        Path file = dir.resolve("utf16.yaml");
        Files.write(file, "gateway:\n".getBytes(StandardCharsets.UTF_16));
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigFiles.read(file));
        assertEquals(file + ":1: byte 0xFE is not UTF-8 text (save the file as UTF-8)", e.getMessage());
    }

    @Test
    void aTruncatedCharacterAtTheEndIsNotUtf8() throws Exception {
        Path file = dir.resolve("cut.yaml");
        Files.write(file, new byte[] {'a', '\n', 'b', (byte) 0xE1, (byte) 0xBB});
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigFiles.read(file));
        assertEquals(file + ":2: byte 0xE1 is not UTF-8 text (save the file as UTF-8)", e.getMessage());
    }
}
