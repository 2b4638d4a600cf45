package org.envgate.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A test vector: bytes a sensor sent, how they arrived, and what a decoder must make of them.
 *
 * <p>Format, one item a line; {@code #} starts a comment that runs to the end of the line:
 * <pre>
 * # where the bytes come from
 * 42 4d        # start characters
 * 00 1c        # frame length 28
 * chunk        # the bytes below arrive in a later read (a split frame)
 * ...
 * resplit 1 5 31   # also feed the whole stream in pieces of 1, 5 and 31 bytes
 * expect frames = 1
 * expect pm2_5 = 1518      # a field of the last frame decoded
 * expect pm2_5@1 = 4       # a field of the first frame decoded (1-based)
 * expect checksum-errors = 0
 * </pre>
 * Byte lines hold two-digit hex bytes separated by spaces. Without {@code chunk} lines all bytes
 * arrive in one read. Every expectation must hold for the chunking as written and for each
 * {@code resplit} size. What a key means is up to the test that runs the vectors.
 *
 * @param name         the file name, for test reports
 * @param chunks       the reads, in order, as written
 * @param resplits     further piece sizes to feed the whole stream in
 * @param expectations key and value of each {@code expect} line, in order
 */
public record VectorFile(String name, List<byte[]> chunks, List<Integer> resplits, List<Expectation> expectations) {

    public record Expectation(String key, String value) {
        public long asLong() {
            return Long.decode(value); // decimal, or hex as 0x12
        }
    }

    /** All bytes, in the order they arrive. */
    public byte[] bytes() {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        chunks.forEach(all::writeBytes);
        return all.toByteArray();
    }

    /** The chunking as written, then the stream cut into pieces of each resplit size. */
    public List<List<byte[]>> feedings() {
        List<List<byte[]>> feedings = new ArrayList<>();
        feedings.add(chunks);
        byte[] all = bytes();
        for (int size : resplits) {
            List<byte[]> pieces = new ArrayList<>();
            for (int i = 0; i < all.length; i += size) {
                byte[] piece = new byte[Math.min(size, all.length - i)];
                System.arraycopy(all, i, piece, 0, piece.length);
                pieces.add(piece);
            }
            feedings.add(pieces);
        }
        return feedings;
    }

    @Override
    public String toString() {
        return name;
    }

    public static VectorFile parse(String name, String text) {
        List<byte[]> chunks = new ArrayList<>();
        List<Integer> resplits = new ArrayList<>();
        List<Expectation> expectations = new ArrayList<>();
        ByteArrayOutputStream chunk = new ByteArrayOutputStream();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String where = name + ":" + (i + 1) + ": ";
            String line = lines[i].replaceFirst("#.*", "").trim();
            if (line.isEmpty()) {
                continue;
            }
            if (line.equals("chunk")) {
                if (chunk.size() > 0) {
                    chunks.add(chunk.toByteArray());
                }
                chunk.reset();
            } else if (line.startsWith("resplit ")) {
                for (String size : line.substring("resplit ".length()).trim().split("\\s+")) {
                    resplits.add(positive(size, where));
                }
            } else if (line.startsWith("expect ")) {
                String[] keyValue = line.substring("expect ".length()).split("=", 2);
                if (keyValue.length != 2 || keyValue[0].isBlank() || keyValue[1].isBlank()) {
                    throw new IllegalArgumentException(where + "expect line must read 'expect KEY = VALUE': " + line);
                }
                expectations.add(new Expectation(keyValue[0].trim(), keyValue[1].trim()));
            } else {
                for (String hex : line.split("\\s+")) {
                    if (!hex.matches("[0-9a-fA-F]{2}")) {
                        throw new IllegalArgumentException(where + "byte must be two hex digits: '" + hex + "'");
                    }
                    chunk.write(Integer.parseInt(hex, 16));
                }
            }
        }
        if (chunk.size() > 0) {
            chunks.add(chunk.toByteArray());
        }
        if (expectations.isEmpty()) {
            throw new IllegalArgumentException(name + ": a vector must expect something");
        }
        return new VectorFile(name, List.copyOf(chunks), List.copyOf(resplits), List.copyOf(expectations));
    }

    /** One vector from the class path, e.g. {@code vectors/pms5003/reference-frame.vec}. */
    public static VectorFile load(String resource) {
        try (InputStream in = VectorFile.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no vector on the class path: " + resource);
            }
            String name = resource.substring(resource.lastIndexOf('/') + 1);
            return parse(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every {@code *.vec} in a class-path folder (a directory, as in this module's own tests), sorted by name. */
    public static List<VectorFile> loadAll(String folder) {
        URL url = VectorFile.class.getClassLoader().getResource(folder);
        if (url == null || !url.getProtocol().equals("file")) {
            throw new IllegalArgumentException("no vector directory on the class path: " + folder + " (" + url + ")");
        }
        try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
            List<VectorFile> vectors = new ArrayList<>();
            for (Path file : files.filter(p -> p.getFileName().toString().endsWith(".vec")).sorted().toList()) {
                vectors.add(parse(file.getFileName().toString(), Files.readString(file)));
            }
            return vectors;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static int positive(String text, String where) {
        if (!text.matches("[1-9][0-9]{0,5}")) {
            throw new IllegalArgumentException(where + "resplit size must be a positive integer: '" + text + "'");
        }
        return Integer.parseInt(text);
    }
}
