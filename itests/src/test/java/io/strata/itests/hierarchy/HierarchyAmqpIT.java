package io.strata.itests.hierarchy;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The hierarchy with AMQP upstream links, to each parent's AMQP listener, built from one site file by
 * {@code edge:config-bundles} at the hub: the parent and the child are set up by their config bundles only.
 * The parent authenticates with a shared access key, the child ({@code auth: x509}) with the identity
 * certificate its bundle carries.
 */
public class HierarchyAmqpIT extends HierarchyTests {

    /** The child's deployment in the site file: the sample filter, and a route upstream. */
    private static final String SITE_MANIFEST = Deployments.manifest(Deployments.FILTER_MODULE, """
            {"schemaVersion": "1.1", "routes": {"upstream": "FROM /messages/* INTO $upstream"},
             "storeAndForwardConfiguration": {"timeToLiveSecs": 7200}}""", Deployments.FILTER_TWIN);

    @BeforeClass
    public static void startTheTree() throws Exception {
        startTheTreeFromASiteFile("amqp", EdgeNode::amqpPort, SITE_MANIFEST, "x509");
    }

    @Test
    public void t0b_theDeploymentNamedInTheSiteFileRunsOnTheChild() throws Exception {
        child.awaitOutput("edge:modules", modules -> running(modules, "filtermodule"), TIMEOUT,
                "the deployment of the site file does not run on the child");
    }

    @Test
    public void t0c_theChildAuthenticatesAtItsParentWithTheIdentityCertificateOfItsBundle() throws Exception {
        String settings = Files.readString(child.home().resolve("etc/io.strata.node.cfg"));
        assertTrue(settings, settings.matches("(?s).*\\nupstreamCertificate = certs/identity-child\\.full-chain\\.cert\\.pem\\n.*"));
        assertFalse(settings, settings.matches("(?s).*\\n\\.upstreamSharedAccessKey = \\S.*"));
        String devices = parent.awaitOutput("edge:devices", list -> list.lines().anyMatch(line -> line.startsWith("child ")
                && line.contains("x509")), TIMEOUT, "the parent does not know the child by its certificate");
        child.awaitOutput("edge:topology", topology -> topology.contains("CONNECTED"), TIMEOUT,
                "the child's link to its parent did not connect with its certificate: " + devices);
    }
}
