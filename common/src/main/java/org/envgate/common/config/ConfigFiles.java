package org.envgate.common.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads a config file as text, refusing what is not a small UTF-8 file before anything large is
 * allocated: a folder, a device or a FIFO (which would block or never end), or a file over
 * {@link #MAX_BYTES}. A config is a few kilobytes; a huge one is a mistake or an attack, and must
 * end in a config error naming the file, not in an out-of-memory crash and a restart loop.
 */
public final class ConfigFiles {

    /** 1 MiB: hundreds of times the largest sensible config, small enough for the smallest station. */
    public static final int MAX_BYTES = 1 << 20;

    private ConfigFiles() {
    }

    /** The file's text, or a {@link ConfigException} naming the file (and the line of a bad byte). */
    public static String read(Path file) throws ConfigException {
        String name = file.toString();
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new ConfigException(name, 0, "", "no such file");
        } catch (IOException e) {
            throw new ConfigException(name, 0, "", "cannot read: " + e.getMessage());
        }
        if (attributes.isDirectory()) {
            throw new ConfigException(name, 0, "", "is a folder, not a file");
        }
        if (!attributes.isRegularFile()) {
            throw new ConfigException(name, 0, "", "is not a regular file (a device, FIFO or socket)");
        }
        if (attributes.size() > MAX_BYTES) {
            throw tooLarge(name, attributes.size());
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            // The file may have grown since it was measured: read one byte past the limit to know.
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (AccessDeniedException e) {
            throw new ConfigException(name, 0, "", "cannot read (permissions)");
        } catch (IOException e) {
            throw new ConfigException(name, 0, "", "cannot read: " + e.getMessage());
        }
        if (bytes.length > MAX_BYTES) {
            throw tooLarge(name, bytes.length);
        }
        return text(name, bytes);
    }

    /**
     * A file a config names (a password, a token, a PEM certificate or key), read with the same
     * limits as a config: a secret file of gigabytes must not exhaust the heap either.
     *
     * @throws IOException whose message names the file and what is wrong with it
     */
    public static String readNamedFile(Path file) throws IOException {
        try {
            return read(file);
        } catch (ConfigException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static ConfigException tooLarge(String name, long size) {
        return new ConfigException(name, 0, "", "is " + size + " bytes; a config file may be at most "
                + MAX_BYTES + " bytes (1 MB)");
    }

    /** The bytes of config file {@code name} as text; a byte that is not UTF-8 is reported with its line. */
    public static String text(String name, byte[] bytes) throws ConfigException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int at = in.position();
            int line = 1;
            for (int i = 0; i < at; i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw new ConfigException(name, line, "", String.format("byte 0x%02X is not UTF-8 text (save the file as "
                    + "UTF-8)", bytes[at] & 0xff));
        }
        return out.flip().toString();
    }
}
