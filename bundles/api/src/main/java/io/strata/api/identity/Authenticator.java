package io.strata.api.identity;

import java.security.cert.X509Certificate;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Checks the credentials a client presents for the identity it claims (for MQTT: the client id),
 * against the {@link IdentityRegistry}.
 */
@ProviderType
public interface Authenticator {

    /**
     * Checks a token {@code SharedAccessSignature sr=..&sig=..&se=..[&skn=..]} whose resource is
     * {@code {hostname}/devices/{deviceId}[/modules/{moduleId}]}.
     */
    AuthenticationResult authenticateToken(IdentityId id, String sasToken);

    /** Checks a TLS client certificate chain, leaf first, by thumbprint or against the trust bundle. */
    AuthenticationResult authenticateCertificate(IdentityId id, List<X509Certificate> chain);
}
