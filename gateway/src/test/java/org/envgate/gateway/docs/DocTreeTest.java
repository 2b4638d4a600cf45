package org.envgate.gateway.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.envgate.common.testing.DocTree;
import org.junit.jupiter.api.Test;

/**
 * The pages the .deb ships under /usr/share/doc/envgate (staged by the build in
 * target/doc-tree) are read on a Pi without internet: every relative link between them must reach
 * a shipped file, and every #anchor a heading of that file, as GitHub and Markdown readers name
 * them.
 */
class DocTreeTest {

    private static final Path TREE = Path.of("target", "doc-tree");

    @Test
    void theTreeHoldsTheReadmeAndEveryPage() throws IOException {
        assertTrue(Files.isRegularFile(TREE.resolve("README.md")), "run the build's process-resources first");
        for (Path page : DocTree.pages(Path.of("..", "docs"))) {
            Path shipped = TREE.resolve("docs").resolve(Path.of("..", "docs").relativize(page));
            assertTrue(Files.isRegularFile(shipped), "not shipped: " + page);
        }
    }

    @Test
    void everyLinkBetweenShippedPagesReachesAShippedFileAndHeading() throws IOException {
        DocTree.Links links = DocTree.links(TREE);
        assertTrue(links.checked() > 100, "links checked: " + links.checked());
        assertEquals(List.of(), links.broken());
    }

    @Test
    void headingsAreNamedAsGitHubNamesThem() {
        assertEquals("6-check-the-station", DocTree.slug("6. Check the station"));
        assertEquals("delivery-nothing-lost-nothing-doubled", DocTree.slug("Delivery: nothing lost, nothing doubled"));
        assertEquals("rain-and-flow-scenarios-in-the-gateways-process",
                DocTree.slug("Rain and flow: scenarios in the gateway's process"));
        assertEquals("pm2_5-and-pm10", DocTree.slug("`pm2_5` and `pm10`"));
    }
}
