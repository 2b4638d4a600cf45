package org.envgate.gateway.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The pages the .deb ships under /usr/share/doc/envgate (staged by the build in
 * target/doc-tree) are read on a Pi without internet: every relative link between them must reach
 * a shipped file, and every #anchor a heading of that file, as GitHub and Markdown readers name
 * them.
 */
class DocTreeTest {

    private static final Path TREE = Path.of("target", "doc-tree");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+?)\\s*#*\\s*$", Pattern.MULTILINE);
    private static final Pattern HTML_ANCHOR = Pattern.compile("<a\\s+(?:id|name)=\"([^\"]+)\"");

    private final Map<Path, Set<String>> anchors = new HashMap<>();

    @Test
    void theTreeHoldsTheReadmeAndEveryPage() throws IOException {
        assertTrue(Files.isRegularFile(TREE.resolve("README.md")), "run the build's process-resources first");
        for (Path page : pages(Path.of("..", "docs"))) {
            Path shipped = TREE.resolve("docs").resolve(Path.of("..", "docs").relativize(page));
            assertTrue(Files.isRegularFile(shipped), "not shipped: " + page);
        }
    }

    @Test
    void everyLinkBetweenShippedPagesReachesAShippedFileAndHeading() throws IOException {
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path page : pages(TREE)) {
            String text = Files.readString(page);
            Matcher link = LINK.matcher(text);
            while (link.find()) {
                String target = link.group(1);
                if (target.matches("^[a-z]+:.*")) {
                    continue; // http:, https:, mailto: leave the Pi by design
                }
                checked++;
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
                String where = TREE.relativize(page) + " -> " + target;
                if (!resolved.startsWith(TREE) || !Files.exists(resolved)) {
                    broken.add(where + " (no such shipped file)");
                } else if (hash >= 0 && resolved.toString().endsWith(".md")
                        && !anchorsOf(resolved).contains(target.substring(hash + 1))) {
                    broken.add(where + " (no such heading)");
                }
            }
        }
        assertTrue(checked > 100, "links checked: " + checked);
        assertEquals(List.of(), broken);
    }

    @Test
    void headingsAreNamedAsGitHubNamesThem() {
        assertEquals("6-check-the-station", slug("6. Check the station"));
        assertEquals("delivery-nothing-lost-nothing-doubled", slug("Delivery: nothing lost, nothing doubled"));
        assertEquals("rain-and-flow-scenarios-in-the-gateways-process",
                slug("Rain and flow: scenarios in the gateway's process"));
        assertEquals("pm2_5-and-pm10", slug("`pm2_5` and `pm10`"));
    }

    private Set<String> anchorsOf(Path page) throws IOException {
        Set<String> known = anchors.get(page);
        if (known != null) {
            return known;
        }
        known = new HashSet<>();
        String text = Files.readString(page).replaceAll("(?s)```.*?```", "");
        Map<String, Integer> seen = new HashMap<>();
        Matcher heading = HEADING.matcher(text);
        while (heading.find()) {
            String slug = slug(heading.group(1));
            int n = seen.merge(slug, 1, Integer::sum) - 1;
            known.add(n == 0 ? slug : slug + "-" + n);
        }
        Matcher html = HTML_ANCHOR.matcher(text);
        while (html.find()) {
            known.add(html.group(1));
        }
        anchors.put(page, known);
        return known;
    }

    /** GitHub's heading ids: lower case, punctuation dropped, each space a hyphen. */
    static String slug(String heading) {
        String plain = heading.replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1").toLowerCase(Locale.ROOT);
        return plain.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }

    private static List<Path> pages(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".md")).sorted().toList();
        }
    }
}
