package io.strata.site.internal;

import java.nio.file.Path;
import java.util.List;

/**
 * A site: the tree of edge nodes one YAML file describes, every node after its parent, the top first.
 *
 * @param file           the YAML file, whose folder relative paths in it start from
 * @param pkiFolder      where the site's root CA and device CAs are kept: created there, reused from there
 * @param rootCommonName the common name of a root CA created for the site
 * @param nodes          the nodes, the top first, each after its parent
 */
record Site(Path file, Path pkiFolder, String rootCommonName, List<SiteNode> nodes) {

    Site {
        nodes = List.copyOf(nodes);
    }

    SiteNode top() {
        return nodes.get(0);
    }

    SiteNode node(String name) {
        return nodes.stream().filter(node -> node.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node " + name + " in " + file));
    }
}
