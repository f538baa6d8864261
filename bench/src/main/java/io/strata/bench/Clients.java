package io.strata.bench;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** Connects Paho clients over TLS, trusting one CA file, with a user name and password per client. */
final class Clients {

    private final String uri;
    private final SSLContext tls;
    private final String usernameFormat;

    /** @param usernameFormat the user name, with {@code %s} standing for the client id */
    Clients(String uri, Path caFile, String usernameFormat) throws Exception {
        this.uri = uri;
        this.usernameFormat = usernameFormat;
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream pem = Files.newInputStream(caFile)) {
            int index = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(pem)) {
                trust.setCertificateEntry("ca-" + index++, certificate);
            }
        }
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        tls = SSLContext.getInstance("TLS");
        tls.init(null, trustManagers.getTrustManagers(), null);
    }

    MqttAsyncClient connect(String clientId, String password, int maxInflight) throws Exception {
        MqttAsyncClient client = new MqttAsyncClient(uri, clientId, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setUserName(String.format(usernameFormat, clientId));
        options.setPassword(password.toCharArray());
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setMaxInflight(maxInflight);
        options.setCleanSession(true);
        options.setSocketFactory(tls.getSocketFactory());
        client.connect(options).waitForCompletion(30_000);
        return client;
    }
}
