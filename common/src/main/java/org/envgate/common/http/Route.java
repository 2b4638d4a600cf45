package org.envgate.common.http;

import java.util.Map;

/** What a page answers on one path to a GET or HEAD. */
@FunctionalInterface
public interface Route {

    /**
     * Makes the answer; a {@link RuntimeException} becomes a 500, logged.
     *
     * @param query the request's query parameters, the first value of each, decoded; untrusted
     */
    Answer answer(Map<String, String> query);
}
