package org.envgate.common.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A page's paths: its files, read from the jar once, and what it makes on each request. Adding a
 * path is one line: {@code routes.get("/metrics", query -> Answer.ok(PROMETHEUS, metrics.text()))}.
 */
public final class Routes {

    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "json", Answer.JSON,
            "svg", "image/svg+xml",
            "png", "image/png");

    private final Map<String, Route> byPath = new LinkedHashMap<>();
    private final Set<String> slow = new HashSet<>();

    /**
     * Serves a resource beside {@code owner} on {@code path}, its type from its extension.
     *
     * @throws IllegalStateException when the jar lacks it: a build fault, not a run-time one
     */
    public Routes file(String path, Class<?> owner, String resource) {
        String extension = resource.substring(resource.lastIndexOf('.') + 1);
        String contentType = CONTENT_TYPES.get(extension);
        if (contentType == null) {
            throw new IllegalArgumentException("no content type for " + resource);
        }
        byte[] body;
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks the page's " + resource);
            }
            body = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the page's " + resource + " from the jar", e);
        }
        Answer answer = Answer.ok(contentType, body);
        return get(path, query -> answer);
    }

    /** Answers {@code path} with what {@code route} makes on each request. */
    public Routes get(String path, Route route) {
        if (byPath.putIfAbsent(path, route) != null) {
            throw new IllegalArgumentException(path + " is routed twice");
        }
        return this;
    }

    /**
     * Answers {@code path} with what {@code route} makes on a worker thread, for a route that
     * waits on something else (a store's query API), so that it never holds up the page's own
     * thread. Its answer must still come within the page's step, or the connection is closed.
     */
    public Routes slow(String path, Route route) {
        get(path, route);
        slow.add(path);
        return this;
    }

    Map<String, Route> byPath() {
        return Map.copyOf(byPath);
    }

    Set<String> slowPaths() {
        return Set.copyOf(slow);
    }

    /**
     * Makes a body at most once per {@code period} however often it is asked for, so that a page
     * polled by many clients stays light.
     */
    public static Supplier<byte[]> atMostOncePer(Duration period, Supplier<byte[]> make) {
        return atMostOncePer(period, make, System::nanoTime);
    }

    static Supplier<byte[]> atMostOncePer(Duration period, Supplier<byte[]> make, LongSupplier nanoTime) {
        long periodNanos = period.toNanos();
        return new Supplier<>() {
            private byte[] body;
            private long madeNanos;

            @Override
            public synchronized byte[] get() {
                long now = nanoTime.getAsLong();
                if (body == null || now - madeNanos >= periodNanos) {
                    body = make.get();
                    madeNanos = now;
                }
                return body;
            }
        };
    }
}
