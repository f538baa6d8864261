package io.strata.site.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class SiteFileTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void aThreeLevelSiteIsReadTopDownWithItsDefaults() throws Exception {
        Files.writeString(folder.getRoot().toPath().resolve("cell.json"), "{\"modulesContent\": {}}");
        Site site = read("""
                nodes:
                  - name: cell-1
                    parent: line-1
                    protocol: MQTT
                    deployment: cell.json
                    leafDevices: [sensor-1]
                    modules: [observer]
                  - name: line-1
                    hostname: Line-1.Plant.Example
                    parent: hub
                    address: 10.0.1.10
                    listeners: {mqtt: 18883}
                    deployment: {modulesContent: {"$edgeAgent": {}}}
                  - name: hub
                    hostname: hub.plant.example
                    listeners: {amqp: 15671}
                """);

        assertEquals(List.of("hub", "line-1", "cell-1"), site.nodes().stream().map(SiteNode::name).toList());
        SiteNode hub = site.top();
        assertNull(hub.protocol());
        assertTrue(hub.deployment().isEmpty());
        SiteNode line = site.node("line-1");
        assertEquals("line-1.plant.example", line.hostname());
        assertEquals(UpstreamProtocol.AMQP, line.protocol());
        assertEquals("the parent's own AMQP listener", Integer.valueOf(15671), line.parentPort());
        assertTrue(line.manifest(), line.manifest().contains("$edgeAgent"));
        SiteNode cell = site.node("cell-1");
        assertEquals("cell-1", cell.hostname());
        assertEquals(UpstreamProtocol.MQTT, cell.protocol());
        assertEquals(Integer.valueOf(18883), cell.parentPort());
        assertEquals("{\"modulesContent\": {}}", cell.manifest());
        assertEquals(List.of("sensor-1"), cell.leafDevices());
        assertEquals(List.of("observer"), cell.modules());
        assertEquals(folder.getRoot().toPath().resolve("pki"), site.pkiFolder());
        assertEquals(SiteFile.DEFAULT_ROOT_COMMON_NAME, site.rootCommonName());
    }

    @Test
    public void aProtocolsDefaultPortIsUsedWhenTheParentNamesNoListener() throws Exception {
        Site site = read("""
                pki: {folder: ../shared-pki, rootCommonName: Plant root}
                nodes:
                  - {name: hub}
                  - {name: a, parent: hub, protocol: mqtt}
                  - {name: b, parent: hub, port: 6000}
                """);
        assertEquals(Integer.valueOf(8883), site.node("a").parentPort());
        assertEquals(Integer.valueOf(6000), site.node("b").parentPort());
        assertEquals(folder.getRoot().toPath().getParent().resolve("shared-pki"), site.pkiFolder());
        assertEquals("Plant root", site.rootCommonName());
    }

    @Test
    public void everyProblemOfABadSiteIsNamedAtOnce() throws Exception {
        InvalidSiteException refused = refused("""
                nodes:
                  - {name: hub}
                  - {name: a, parent: nowhere}
                  - {name: b, parent: c}
                  - {name: c, parent: b}
                  - {name: d, parent: hub, protocol: http, port: 70000, hostname: bad_host}
                  - {name: e, parent: hub, hostname: BAD_HOST}
                  - {name: a, parent: hub}
                  - {name: f, parent: hub, deployment: missing.json, leafDevices: [s-1]}
                  - {name: g, parent: hub, leafDevices: [s-1, "no/slash"]}
                """);
        List<String> problems = refused.problems();
        assertHas(problems, "node 'a' is named twice");
        assertHas(problems, "node 'a': unknown parent 'nowhere'");
        assertHas(problems, "node 'b' does not lead to the top 'hub': its parents form a cycle");
        assertHas(problems, "node 'c' does not lead to the top 'hub': its parents form a cycle");
        assertHas(problems, "node 'd': protocol 'http' is neither amqp nor mqtt");
        assertHas(problems, "node 'd': port = 70000 is no port (1-65535)");
        assertHas(problems, "node 'd': bad_host is not a valid hostname: the label 'bad_host' is not 1-63 letters, "
                + "digits or inner hyphens");
        assertHas(problems, "node 'e': hostname bad_host is another node's too");
        assertHas(problems, "node 'f': deployment " + folder.getRoot().toPath().resolve("missing.json")
                + " cannot be read");
        assertHas(problems, "node 'g': leaf device 's-1' is named twice in the site");
        assertHas(problems, "node 'g': leaf device: ");
        assertTrue(refused.getMessage(), refused.getMessage().startsWith(site() + " is refused, nothing was changed:"));
    }

    @Test
    public void aSiteNeedsExactlyOneTop() throws Exception {
        assertHas(refused("nodes:\n  - {name: a}\n  - {name: b}\n").problems(),
                "more than one node has no parent: [a, b]; a site has one top");
        assertHas(refused("nodes:\n  - {name: a, parent: b}\n  - {name: b, parent: a}\n").problems(),
                "no node is the top: one node has no parent");
        assertHas(refused("pki: {folder: x}\n").problems(), "it names no nodes: add a 'nodes' list");
    }

    @Test
    public void aTopWithAProtocolOrPortIsRefused() throws Exception {
        assertHas(refused("nodes:\n  - {name: hub, protocol: mqtt}\n").problems(),
                "node 'hub' is the top: it has no parent to give a protocol or port for");
    }

    @Test
    public void aNodeAuthenticatesWithAKeyUnlessItSaysX509AndTheTopSaysNothing() throws Exception {
        Files.writeString(site(), "nodes:\n  - {name: hub}\n  - {name: line-1, parent: hub, auth: X509}\n"
                + "  - {name: line-2, parent: hub}\n");
        Site read = SiteFile.read(site());
        assertNull(read.top().auth());
        assertEquals(NodeAuth.X509, read.node("line-1").auth());
        assertEquals(NodeAuth.SAS, read.node("line-2").auth());

        assertHas(refused("nodes:\n  - {name: hub, auth: x509}\n").problems(),
                "node 'hub' is the top: it has no parent to authenticate at, so no auth");
        assertHas(refused("nodes:\n  - {name: hub}\n  - {name: a, parent: hub, auth: token}\n").problems(),
                "node 'a': auth 'token' is neither sas nor x509");
    }

    @Test
    public void anUnknownKeyIsNamedWithWhereItIs() throws Exception {
        assertHas(refused("nodes:\n  - name: hub\n    prtocol: mqtt\n").problems(), "nodes[0].prtocol: unknown key; known there: [");
    }

    @Test
    public void aHostnameLongerThan64CharactersAndAManifestThatIsNoManifestAreRefused() throws Exception {
        Path manifest = folder.getRoot().toPath().resolve("m.json");
        Files.writeString(manifest, "[1, 2]");
        List<String> problems = refused("nodes:\n  - {name: hub, hostname: " + "a".repeat(65) + "}\n"
                + "  - {name: x, parent: hub, deployment: m.json}\n"
                + "  - {name: y, parent: hub, deployment: {routes: {}}}\n"
                + "  - {name: z, parent: hub, deployment: 12}\n").problems();
        assertHas(problems, "node 'hub': " + "a".repeat(65) + " has 65 characters, more than 64");
        assertHas(problems, "node 'x': deployment " + manifest + " has no modulesContent object");
        assertHas(problems, "node 'y': the inline deployment has no modulesContent object");
        assertHas(problems, "node 'z': deployment is neither a file name nor a manifest");
    }

    @Test
    public void aNodeNameTooLongForItsDeviceCaIsRefused() throws Exception {
        String name = "n".repeat(55);
        assertHas(refused("nodes:\n  - {name: hub}\n  - {name: " + name + ", parent: hub, hostname: n}\n").problems(),
                "node '" + name + "': the name has 55 characters; its device CA's common name allows 54");
    }

    @Test
    public void theShippedExampleIsASite() throws Exception {
        Site example = SiteFile.read(Path.of("../../etc/strata-site.yaml.example"));

        assertEquals(List.of("hub", "line-1", "cell-1"), example.nodes().stream().map(SiteNode::name).toList());
        assertEquals(Integer.valueOf(8883), example.node("cell-1").parentPort());
        assertTrue(example.node("cell-1").manifest().contains("tempSensor"));
    }

    private Path site() {
        return folder.getRoot().toPath().resolve("site.yaml");
    }

    private Site read(String yaml) throws Exception {
        Files.writeString(site(), yaml);
        return SiteFile.read(site());
    }

    private InvalidSiteException refused(String yaml) throws Exception {
        Files.writeString(site(), yaml);
        return assertThrows(InvalidSiteException.class, () -> SiteFile.read(site()));
    }

    private static void assertHas(List<String> problems, String start) {
        assertTrue("no problem starts with \"" + start + "\" in " + problems,
                problems.stream().anyMatch(problem -> problem.startsWith(start)));
    }
}
