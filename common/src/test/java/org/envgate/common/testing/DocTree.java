package org.envgate.common.testing;

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

/**
 * The Markdown pages a package ships under /usr/share/doc (staged by the build in a folder) are
 * read without internet: every relative link between them must reach a shipped file, and every
 * #anchor a heading of that file, as GitHub and Markdown readers name them.
 */
public final class DocTree {

    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+?)\\s*#*\\s*$", Pattern.MULTILINE);
    private static final Pattern HTML_ANCHOR = Pattern.compile("<a\\s+(?:id|name)=\"([^\"]+)\"");

    /** @param checked how many relative links the pages hold; @param broken each one that leads nowhere */
    public record Links(int checked, List<String> broken) {
    }

    private final Path tree;
    private final Map<Path, Set<String>> anchors = new HashMap<>();

    private DocTree(Path tree) {
        this.tree = tree;
    }

    /** Every relative link of every page under {@code tree}, followed inside it. */
    public static Links links(Path tree) throws IOException {
        return new DocTree(tree).check();
    }

    private Links check() throws IOException {
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path page : pages(tree)) {
            String text = Files.readString(page);
            Matcher link = LINK.matcher(text);
            while (link.find()) {
                String target = link.group(1);
                if (target.matches("^[a-z]+:.*")) {
                    continue; // http:, https:, mailto: leave the machine by design
                }
                checked++;
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
                String where = tree.relativize(page) + " -> " + target;
                if (!resolved.startsWith(tree) || !Files.exists(resolved)) {
                    broken.add(where + " (no such shipped file)");
                } else if (hash >= 0 && resolved.toString().endsWith(".md")
                        && !anchorsOf(resolved).contains(target.substring(hash + 1))) {
                    broken.add(where + " (no such heading)");
                }
            }
        }
        return new Links(checked, broken);
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
    public static String slug(String heading) {
        String plain = heading.replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1").toLowerCase(Locale.ROOT);
        return plain.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }

    /** Every Markdown page under {@code root}, in order. */
    public static List<Path> pages(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".md")).sorted().toList();
        }
    }
}
