package org.envgate.common.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Prometheus' own linter for a scrape: {@code promtool check metrics} (Debian package {@code prometheus}). */
public final class Promtool {

    private Promtool() {
    }

    /** What promtool said and how it exited: 0 and no output when it finds no problem. */
    public record Result(int exit, String output) {
    }

    public static Result checkMetrics(byte[] exposition) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(exposition);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("promtool did not finish within 30 s");
        }
        return new Result(process.exitValue(), output);
    }
}
