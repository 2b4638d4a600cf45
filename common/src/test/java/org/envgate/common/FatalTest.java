package org.envgate.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Child JVMs that meet an Error in a worker thread: each must exit 1 with one line naming the thread. */
class FatalTest {

    /** The child: installs the handler, meets the Error named by its argument in a worker, else lives on. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            Fatal.install();
            if (args[0].equals("task")) {
                Fatal.threads(2, "ingest-decode").submit(() -> {
                    throw new OutOfMemoryError("Java heap space");
                });
                // Reached only when the task's Error did not halt the process.
                Thread.sleep(30_000);
                System.exit(0);
            }
            Thread worker = new Thread(() -> {
                if (args[0].equals("oom")) {
                    List<long[]> hoard = new ArrayList<>();
                    while (true) {
                        hoard.add(new long[1 << 16]);
                    }
                } else if (args[0].equals("stack")) {
                    recurse(0);
                } else {
                    throw new IllegalStateException("not an Error");
                }
            }, "ingest-decode");
            worker.start();
            worker.join();
            // Reached only when the worker's end did not halt the process.
            System.exit(0);
        }

        private static int recurse(int depth) {
            return recurse(depth + 1) + 1;
        }
    }

    private record Outcome(int exit, String stderr) {
    }

    private static Outcome run(String mode) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-Xmx32m", "-cp", System.getProperty("java.class.path"),
                Child.class.getName(), mode).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String stderr = new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child ends");
        return new Outcome(child.exitValue(), stderr);
    }

    @Test
    void outOfMemoryInAWorkerThreadEndsTheProcessWithStatus1() throws Exception {
        Outcome outcome = run("oom");
        assertEquals(1, outcome.exit(), outcome.stderr());
        assertEquals(List.of("fatal: java.lang.OutOfMemoryError: Java heap space in thread ingest-decode; exiting with"
                + " status 1 so the service is restarted"), outcome.stderr().lines().toList());
    }

    @Test
    void aStackOverflowInAWorkerThreadEndsTheProcessWithStatus1() throws Exception {
        Outcome outcome = run("stack");
        assertEquals(1, outcome.exit(), outcome.stderr());
        assertEquals(List.of("fatal: java.lang.StackOverflowError in thread ingest-decode; exiting with status 1 so the"
                + " service is restarted"), outcome.stderr().lines().toList());
    }

    @Test
    void anErrorInASubmittedTaskEndsTheProcessWithStatus1() throws Exception {
        Outcome outcome = run("task");
        assertEquals(1, outcome.exit(), outcome.stderr());
        assertEquals(List.of("fatal: java.lang.OutOfMemoryError: Java heap space in thread ingest-decode-1; exiting with"
                + " status 1 so the service is restarted"), outcome.stderr().lines().toList());
    }

    @Test
    void anExceptionEndsOnlyItsThread() throws Exception {
        Outcome outcome = run("exception");
        assertEquals(0, outcome.exit(), outcome.stderr());
        assertTrue(outcome.stderr().startsWith("Exception in thread \"ingest-decode\" java.lang.IllegalStateException"),
                outcome.stderr());
    }
}
