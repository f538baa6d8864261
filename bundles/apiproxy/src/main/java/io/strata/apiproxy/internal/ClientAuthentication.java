package io.strata.apiproxy.internal;

import io.strata.api.identity.AuthenticationResult;
import io.strata.api.identity.Authenticator;
import io.strata.api.identity.Authorizer;
import io.strata.api.identity.IdentityId;
import io.strata.api.identity.SasToken;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;

/**
 * Who sent a request, and whether this node serves them: an identity at or below this node that
 * proves itself with a SAS token (the token's resource names the identity) in
 * {@code Proxy-Authorization}, else in {@code Authorization}, or else with its TLS client certificate
 * (its CN names the identity). An {@code Authorization} of another scheme (a blob client's
 * {@code SharedKey}) is the service's business, not the proxy's, so it proves nothing here. No
 * proof, or a wrong one, is 401; an identity this node does not know or may not serve is 403.
 */
final class ClientAuthentication {

    /** The identity a request comes from, or the status and reason it is refused with. */
    record Verdict(IdentityId client, int status, String reason) {

        static Verdict accepted(IdentityId client) {
            return new Verdict(client, 200, null);
        }

        static Verdict refused(int status, String reason) {
            return new Verdict(null, status, reason);
        }

        boolean isAccepted() {
            return client != null;
        }
    }

    private static final String SAS_SCHEME = "SharedAccessSignature ";
    private static final String DEVICES = "/devices/";
    private static final String MODULES = "/modules/";

    private final Authenticator authenticator;
    private final Authorizer authorizer;

    ClientAuthentication(Authenticator authenticator, Authorizer authorizer) {
        this.authenticator = authenticator;
        this.authorizer = authorizer;
    }

    /**
     * @param proxyAuthorization the {@code Proxy-Authorization} header; null when there is none
     * @param authorization      the {@code Authorization} header; null when there is none
     * @param certificates       the client's TLS certificate chain, leaf first; empty when it presented none
     */
    Verdict check(String proxyAuthorization, String authorization, List<X509Certificate> certificates) {
        if (proxyAuthorization != null) {
            return checkToken(proxyAuthorization);
        }
        if (isSharedAccessSignature(authorization)) {
            return checkToken(authorization);
        }
        if (!certificates.isEmpty()) {
            return checkCertificate(certificates);
        }
        return Verdict.refused(401, "Authenticate with 'Proxy-Authorization: SharedAccessSignature ...', "
                + "'Authorization: SharedAccessSignature ...' or a client certificate");
    }

    /** Whether an {@code Authorization} header holds a SAS token, the proxy's credential, rather than a service's. */
    static boolean isSharedAccessSignature(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, SAS_SCHEME, 0, SAS_SCHEME.length());
    }

    private Verdict checkToken(String authorization) {
        Optional<IdentityId> id;
        try {
            id = identityOf(SasToken.parse(authorization).resource());
        } catch (IllegalArgumentException e) {
            return Verdict.refused(401, "The SAS token is not valid: " + e.getMessage());
        }
        if (id.isEmpty()) {
            return Verdict.refused(401, "The SAS token's resource names no device or module");
        }
        return judge(authenticator.authenticateToken(id.get(), authorization));
    }

    private Verdict checkCertificate(List<X509Certificate> certificates) {
        String commonName = commonName(certificates.get(0));
        IdentityId id;
        try {
            id = IdentityId.parse(commonName);
        } catch (IllegalArgumentException e) {
            return Verdict.refused(401, "The client certificate's CN '" + commonName + "' names no device or module");
        }
        return judge(authenticator.authenticateCertificate(id, certificates));
    }

    private Verdict judge(AuthenticationResult result) {
        IdentityId id = result.identity();
        if (!result.isAuthenticated()) {
            return switch (result.outcome()) {
                case UNKNOWN_IDENTITY, WRONG_RESOURCE -> Verdict.refused(403, id + " is not served by this node");
                default -> Verdict.refused(401, id + " is not authenticated: " + result.outcome());
            };
        }
        return authorizer.mayConnect(id) ? Verdict.accepted(id)
                : Verdict.refused(403, id + " is neither this node nor below it");
    }

    /** The identity of a resource {@code {host}/devices/{d}[/modules/{m}]}. */
    static Optional<IdentityId> identityOf(String resource) {
        int devices = resource.indexOf(DEVICES);
        if (devices < 0) {
            return Optional.empty();
        }
        String rest = resource.substring(devices + DEVICES.length());
        int modules = rest.indexOf(MODULES);
        try {
            return Optional.of(modules < 0 ? IdentityId.device(rest)
                    : IdentityId.module(rest.substring(0, modules), rest.substring(modules + MODULES.length())));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String commonName(X509Certificate certificate) {
        String subject = certificate.getSubjectX500Principal().getName(X500Principal.RFC2253);
        return subject.replaceAll("(?i)^(?:.*,)?CN=([^,]*).*$", "$1");
    }
}
