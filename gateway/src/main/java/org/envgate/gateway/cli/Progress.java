package org.envgate.gateway.cli;

import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.envgate.common.LogText;

/**
 * What a command is waiting for, told as it happens. On a terminal: one status line that a
 * spinner keeps alive and each step rewrites in place, with the seconds spent on the step; lines
 * that stay (a result) are printed above it. Anywhere else (under systemd, piped, in tests):
 * one plain line per step, without control characters, so logs and greps read it as text.
 */
public final class Progress implements AutoCloseable {

    /** Longest status line on a terminal: a longer one would wrap, and the carriage return could not rewrite it. */
    static final int TERMINAL_WIDTH = 79;
    private static final long SPIN_MILLIS = 250;
    private static final String SPINNER = "|/-\\";
    private static final String CLEAR_LINE = "\r\033[K";

    private final PrintStream out;
    private final boolean terminal;
    private ScheduledExecutorService spinner;
    private String status = "";
    private long stepStartNanos;
    private int turn;

    private Progress(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** Plain lines, one per step: for output that is not a terminal. */
    public static Progress plain(PrintStream out) {
        return new Progress(out, false);
    }

    /** A status line rewritten in place, for a terminal. */
    public static Progress terminal(PrintStream out) {
        return new Progress(out, true);
    }

    /**
     * A status line when {@code out} is this process's standard output and that is a terminal
     * (not redirected, not a dumb terminal); plain lines otherwise.
     */
    public static Progress to(PrintStream out) {
        boolean terminal = out == System.out && System.console() != null && !"dumb".equals(System.getenv("TERM"));
        return new Progress(out, terminal);
    }

    /** Whether steps rewrite one status line (a terminal) rather than print a line each. */
    public boolean isTerminal() {
        return terminal;
    }

    /** A new step of the wait, e.g. {@code modbus 19200 8E1 address 12/247}. */
    public synchronized void step(String text) {
        status = oneLine(text);
        stepStartNanos = System.nanoTime();
        if (!terminal) {
            out.println(status);
            return;
        }
        if (spinner == null) {
            spinner = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "progress-spinner");
                thread.setDaemon(true);
                return thread;
            });
            spinner.scheduleAtFixedRate(this::spin, SPIN_MILLIS, SPIN_MILLIS, TimeUnit.MILLISECONDS);
        }
        draw();
    }

    /** A line that stays, e.g. a result: above the status line on a terminal, which then carries on. */
    public synchronized void line(String text) {
        if (terminal && !status.isEmpty()) {
            out.print(CLEAR_LINE);
            out.println(oneLine(text));
            draw();
        } else {
            out.println(oneLine(text));
        }
    }

    /** Ends the status line: the terminal's line is cleared for what the command prints next. */
    @Override
    public synchronized void close() {
        if (spinner != null) {
            spinner.shutdownNow();
            spinner = null;
        }
        if (terminal && !status.isEmpty()) {
            out.print(CLEAR_LINE);
            out.flush();
        }
        status = "";
    }

    private synchronized void spin() {
        if (spinner == null || status.isEmpty()) {
            return;
        }
        turn++;
        draw();
    }

    private void draw() {
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - stepStartNanos);
        String line = SPINNER.charAt(turn % SPINNER.length()) + " " + status + (seconds >= 1 ? " " + seconds + " s" : "");
        out.print(CLEAR_LINE + (line.length() > TERMINAL_WIDTH ? line.substring(0, TERMINAL_WIDTH - 3) + "..." : line));
        out.flush();
    }

    /** Text of our own, with any part that came from outside (a port name) kept on one line and free of escapes. */
    private static String oneLine(String text) {
        return LogText.untrusted(text, Integer.MAX_VALUE);
    }
}
