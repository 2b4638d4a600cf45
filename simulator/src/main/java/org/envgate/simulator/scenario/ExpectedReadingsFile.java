package org.envgate.simulator.scenario;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The expected readings as JSON lines, one per value sent, flushed as each is written so a test
 * can read the file while the scenario runs.
 */
public final class ExpectedReadingsFile implements Consumer<SentReading>, AutoCloseable {

    private final Path file;
    private final BufferedWriter writer;
    private boolean failed;

    public ExpectedReadingsFile(Path file) throws IOException {
        this.file = file;
        this.writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void accept(SentReading reading) {
        try {
            writer.write(reading.toJson());
            writer.newLine();
            writer.flush();
        } catch (IOException e) {
            if (!failed) {
                failed = true;
                System.err.println("envgate-sim: cannot write expected readings to " + file + ": " + e.getMessage());
            }
        }
    }

    @Override
    public synchronized void close() {
        try {
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + file, e);
        }
    }
}
