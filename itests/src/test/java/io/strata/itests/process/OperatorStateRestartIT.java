package io.strata.itests.process;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * An operator creates a certificate chain, identities and desired twin properties from the shell
 * of a real node, points the node at the chain, restarts it, and finds everything again.
 */
public class OperatorStateRestartIT {

    private static final String PASSWORD = "chain-password";
    private static KarafNode node;

    @BeforeClass
    public static void startNode() throws Exception {
        node = KarafNode.create("certs-identities");
        node.setProperty("io.strata.node.cfg", "hostname", "Line-1.Factory.Local");
        node.setProperty("io.strata.node.cfg", "deviceId", "line-1");
        node.start();
    }

    @AfterClass
    public static void stopNode() throws Exception {
        node.close();
    }

    @Test
    public void chainAndIdentitiesSurviveARestart() throws Exception {
        assertTrue("a fresh node runs on a development chain",
                node.execute("edge:certs").contains("development chain"));

        Path pki = node.home().resolve("pki");
        node.execute("edge:certs-create-root --out " + pki + " --password " + PASSWORD + " --cn 'Factory root CA'");
        node.execute("edge:certs-create-device-ca --ca-cert " + pki.resolve("root-ca.cert.pem")
                + " --ca-key " + pki.resolve("root-ca.key.pem") + " --ca-password " + PASSWORD
                + " --out " + pki + " --password " + PASSWORD + " line-1");
        assertTrue(Files.exists(pki.resolve("device-ca-line-1.full-chain.cert.pem")));
        assertFalse("keys are encrypted at rest",
                Files.readString(pki.resolve("device-ca-line-1.key.pem")).contains("BEGIN PRIVATE KEY"));

        node.setProperty("io.strata.certs.cfg", "trustBundle", pki.resolve("root-ca.cert.pem").toString());
        node.setProperty("io.strata.certs.cfg", "deviceCaCert", pki.resolve("device-ca-line-1.full-chain.cert.pem").toString());
        node.setProperty("io.strata.certs.cfg", "deviceCaKey", pki.resolve("device-ca-line-1.key.pem").toString());
        node.setProperty("io.strata.certs.cfg", "deviceCaKeyPassword", PASSWORD);
        String certs = awaitOutput("edge:certs", "line-1 device CA");
        assertFalse(certs.contains("development chain"));
        assertTrue("the server certificate is named after the lower-cased hostname: " + certs,
                certs.contains("CN=line-1.factory.local"));

        node.execute("edge:device-add -k edge line-2");
        node.execute("edge:device-add -k leaf -p line-2 sensor-1");
        node.execute("edge:device-add -k leaf sensor-2");
        node.execute("edge:device-disable sensor-2");
        node.execute("edge:module-identity-add line-1 filter");
        String connectionString = node.execute("edge:device-connection-string sensor-1").trim();
        String devices = node.execute("edge:devices");
        node.execute("edge:twin set-desired sensor-1 '{\"threshold\": 25, \"unit\": {\"name\": \"C\"}}'");
        node.execute("edge:twin set-desired sensor-1 '{\"unit\": null}'");

        node.stop();
        node.start();

        assertEquals(devices, node.execute("edge:devices"));
        assertEquals(connectionString, node.execute("edge:device-connection-string sensor-1").trim());
        assertEquals("line-2", node.execute("edge:device-get-parent sensor-1").trim());
        assertTrue(node.execute("edge:device-list-children line-2").contains("sensor-1"));
        String twin = node.execute("edge:twin show sensor-1").replaceAll("\\s", "");
        assertTrue(twin, twin.contains("\"desired\":{\"threshold\":25,\"$version\":2}"));
        assertEquals(thumbprintOfDeviceCa(certs), thumbprintOfDeviceCa(awaitOutput("edge:certs", "line-1 device CA")));
    }

    @Test
    public void refusesAChildOfALeafDevice() throws Exception {
        node.execute("edge:device-add -k leaf meter-1");
        node.execute("edge:device-add -k leaf meter-2");
        try {
            node.execute("edge:device-set-parent meter-2 meter-1");
        } catch (IllegalStateException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("only edge devices can be parents"));
            return;
        }
        throw new AssertionError("a leaf device was accepted as a parent");
    }

    private static String awaitOutput(String command, String expected) throws Exception {
        String output = "";
        for (int attempt = 0; attempt < 30 && !output.contains(expected); attempt++) {
            Thread.sleep(1000);
            output = node.execute(command);
        }
        assertTrue(command + " shows " + expected + ":\n" + output, output.contains(expected));
        return output;
    }

    private static String thumbprintOfDeviceCa(String certsTable) {
        Matcher row = Pattern.compile("(?m)^DEVICE_CA.*\\b([0-9A-F]{64})\\s*$").matcher(certsTable);
        assertTrue(certsTable, row.find());
        return row.group(1);
    }
}
