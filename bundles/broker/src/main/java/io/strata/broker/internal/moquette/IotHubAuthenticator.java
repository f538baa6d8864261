package io.strata.broker.internal.moquette;

import io.moquette.broker.security.IAuthenticator;
import io.strata.api.identity.AuthenticationResult;
import io.strata.api.identity.Authenticator;
import io.strata.api.identity.Authorizer;
import io.strata.api.identity.IdentityId;
import io.strata.broker.internal.topics.MqttUsername;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moquette's authenticator, speaking IoT Hub: the client id is the identity, the user name repeats it
 * after this node's hostname, and the password is a SAS token, or empty when the client presented a
 * certificate on the TLS listener. An identity that proves itself must also be one that may connect
 * to this node.
 */
public final class IotHubAuthenticator implements IAuthenticator {

    private static final Logger LOG = LoggerFactory.getLogger(IotHubAuthenticator.class);

    private final String hostname;
    private final Authenticator authenticator;
    private final Authorizer authorizer;

    public IotHubAuthenticator(String hostname, Authenticator authenticator, Authorizer authorizer) {
        this.hostname = hostname;
        this.authenticator = authenticator;
        this.authorizer = authorizer;
    }

    @Override
    public boolean checkValid(String clientId, String username, byte[] password) {
        // Taken first, whatever the outcome, so no later connection on this thread can see it.
        List<X509Certificate> chain = TlsSessionOfConnect.take().map(IotHubAuthenticator::peerChain).orElse(List.of());
        ConnectCheck check = check(clientId, username, password, chain);
        if (!check.accepted()) {
            LOG.warn("MQTT connection of '{}' refused: {}", clientId, check.refusal());
            return false;
        }
        LOG.debug("MQTT client {} authenticated: {}", clientId, check.detail());
        return true;
    }

    /**
     * Whether a CONNECT with these credentials is accepted now. A connected client's credentials are
     * checked again this way when identities change, so that the session ends with them.
     *
     * @param chain the client certificate chain of its TLS session, leaf first; empty if none
     */
    ConnectCheck check(String clientId, String username, byte[] password, List<X509Certificate> chain) {
        MqttUsername user;
        try {
            user = MqttUsername.parse(username);
        } catch (IllegalArgumentException e) {
            return ConnectCheck.refused("user name '" + username + "': " + e.getMessage());
        }
        IdentityId identity = user.identity();
        if (!identity.toString().equals(clientId)) {
            return ConnectCheck.refused("user name names " + identity + ", not the client id");
        }
        if (!hostname.equalsIgnoreCase(user.hostname())) {
            return ConnectCheck.refused("user name names host " + user.hostname() + ", this node is " + hostname);
        }
        boolean certificateOnly = password == null || password.length == 0;
        if (certificateOnly && chain.isEmpty()) {
            return ConnectCheck.refused("neither a SAS token nor a client certificate");
        }
        AuthenticationResult result = certificateOnly
                ? authenticator.authenticateCertificate(identity, chain)
                : authenticator.authenticateToken(identity, new String(password, StandardCharsets.UTF_8));
        if (!result.isAuthenticated()) {
            return ConnectCheck.refused(result.outcome() + ": " + result.detail());
        }
        if (!authorizer.mayConnect(identity)) {
            return ConnectCheck.refused(identity + " is neither this node's own device or module nor below it");
        }
        return new ConnectCheck(null, result.detail(), result.validUntil());
    }

    /** The client certificate chain of a TLS session, leaf first; empty when the client presented none. */
    static List<X509Certificate> peerChain(SSLSession session) {
        try {
            Certificate[] certificates = session.getPeerCertificates();
            return Arrays.stream(certificates).map(X509Certificate.class::cast).toList();
        } catch (SSLPeerUnverifiedException e) {
            return List.of(); // the client presented no certificate: it has to bring a SAS token
        }
    }

    /**
     * The outcome of checking a CONNECT's credentials.
     *
     * @param refusal    why they were refused; null when accepted
     * @param detail     how the client proved itself, when accepted
     * @param validUntil when the credential stops proving the identity; null when it names no end
     */
    record ConnectCheck(String refusal, String detail, Instant validUntil) {

        static ConnectCheck refused(String refusal) {
            return new ConnectCheck(refusal, null, null);
        }

        boolean accepted() {
            return refusal == null;
        }
    }
}
