package io.strata.upstream.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.strata.api.node.NodeConfiguration;
import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.Test;

public class UpstreamSettingsTest {

    private static final Path ETC = Path.of("/opt/strata/etc");
    private static final String KEY = "c2VjcmV0LWtleS1vZi1saW5lLTI=";

    @Test
    public void aNodeWithoutParentHasNoLink() {
        assertEquals(Optional.empty(), UpstreamSettings.of(config(Map.of(".upstreamSharedAccessKey", KEY)), ETC));
    }

    @Test
    public void defaultsComeFromTheParentsHostnameAndAmqp() {
        UpstreamSettings settings = UpstreamSettings.of(config(Map.of("parentHostname", "Line-1", "deviceId", "line-2",
                ".upstreamSharedAccessKey", KEY)), ETC).orElseThrow();
        assertEquals("line-1", settings.parentHostname());
        assertEquals("line-1:5671", settings.endpoint());
        assertEquals("line-2", settings.deviceId());
        assertTrue(settings.usesSharedAccessKey());
        assertFalse("the key stays out of logs", settings.toString().contains(KEY));
    }

    @Test
    public void addressAndPortReplaceTheDefaults() {
        UpstreamSettings settings = UpstreamSettings.of(config(Map.of("parentHostname", "line-1", "parentAddress",
                "10.0.0.7", "parentPort", "15671", "upstreamProtocol", "AMQP", ".upstreamSharedAccessKey", KEY)), ETC)
                .orElseThrow();
        assertEquals("10.0.0.7:15671", settings.endpoint());
    }

    @Test
    public void mqttHasItsOwnDefaultPortAndOtherProtocolsAreRefusedByKeyAndValue() {
        UpstreamSettings mqtt = UpstreamSettings.of(config(Map.of("parentHostname", "line-1",
                "upstreamProtocol", "MQTT", ".upstreamSharedAccessKey", KEY)), ETC).orElseThrow();
        assertEquals("mqtt", mqtt.protocol());
        assertEquals("line-1:8883", mqtt.endpoint());
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> UpstreamSettings.of(
                config(Map.of("parentHostname", "line-1", "upstreamProtocol", "http", ".upstreamSharedAccessKey", KEY)),
                ETC));
        assertTrue(refused.getMessage(), refused.getMessage().contains("upstreamProtocol = http"));
    }

    @Test
    public void mistakesAreNamedByKey() {
        assertThrows("no credentials", IllegalArgumentException.class,
                () -> UpstreamSettings.of(config(Map.of("parentHostname", "line-1")), ETC));
        IllegalArgumentException port = assertThrows(IllegalArgumentException.class, () -> UpstreamSettings.of(
                config(Map.of("parentHostname", "line-1", "parentPort", "70000", ".upstreamSharedAccessKey", KEY)), ETC));
        assertTrue(port.getMessage(), port.getMessage().startsWith("parentPort = 70000"));
        IllegalArgumentException key = assertThrows(IllegalArgumentException.class, () -> UpstreamSettings.of(
                config(Map.of("parentHostname", "line-1", ".upstreamSharedAccessKey", "not base64!")), ETC));
        assertTrue(key.getMessage(), key.getMessage().startsWith(".upstreamSharedAccessKey is not base64"));
    }

    @Test
    public void certificateFilesAreRelativeToEtc() {
        UpstreamSettings settings = UpstreamSettings.of(config(Map.of("parentHostname", "line-1",
                "upstreamCertificate", "pki/line-2.cert.pem", "upstreamPrivateKey", "pki/line-2.key.pem")), ETC)
                .orElseThrow();
        assertFalse(settings.usesSharedAccessKey());
        assertEquals(ETC.resolve("pki/line-2.cert.pem"), settings.certificate());
    }

    /**
     * The configuration as DS would hand it over: unset keys read as their defaults, and a method's
     * leading low line names a key with a leading full stop.
     */
    static NodeConfiguration config(Map<String, String> values) {
        Map<String, String> all = new HashMap<>(values);
        return (NodeConfiguration) java.lang.reflect.Proxy.newProxyInstance(NodeConfiguration.class.getClassLoader(),
                new Class<?>[] {NodeConfiguration.class}, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class || method.getDeclaringClass() == Annotation.class) {
                        return method.getName().equals("toString") ? "NodeConfiguration" + all : null;
                    }
                    String key = method.getName().startsWith("_") ? "." + method.getName().substring(1) : method.getName();
                    return all.getOrDefault(key, (String) method.getDefaultValue());
                });
    }
}
