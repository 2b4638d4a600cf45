package org.envgate.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.envgate.common.testing.DocTree;
import org.junit.jupiter.api.Test;

/**
 * The pages the envgate-ingest package ships under /usr/share/doc/envgate-ingest (staged by the
 * build in target/doc-tree) are read on a server without internet: ingest.md and every page it
 * leads to are there, and every link between them works.
 */
class IngestDocTreeTest {

    private static final Path TREE = Path.of("target", "doc-tree");

    @Test
    void theTreeHoldsIngestsGuideTheReadmeAndEveryPage() throws IOException {
        assertTrue(Files.isRegularFile(TREE.resolve("docs").resolve("ingest.md")), "run the build's process-resources first");
        assertTrue(Files.isRegularFile(TREE.resolve("README.md")));
        for (Path page : DocTree.pages(Path.of("..", "docs"))) {
            assertTrue(Files.isRegularFile(TREE.resolve("docs").resolve(Path.of("..", "docs").relativize(page))),
                    "not shipped: " + page);
        }
    }

    @Test
    void everyLinkBetweenShippedPagesReachesAShippedFileAndHeading() throws IOException {
        DocTree.Links links = DocTree.links(TREE);
        assertTrue(links.checked() > 100, "links checked: " + links.checked());
        assertEquals(List.of(), links.broken());
    }
}
