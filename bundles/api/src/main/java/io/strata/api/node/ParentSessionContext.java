package io.strata.api.node;

import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLContext;

/**
 * Everything a {@link ParentSession} needs: where the parent is, who this node is there, how it
 * authenticates, and what the parent's messages do here.
 *
 * @param parentHostname the name the parent's server certificate must carry (lower case)
 * @param address        where the socket goes: {@code parentAddress}, or else the parent's hostname
 * @param port           the parent's port for the protocol
 * @param deviceId       this node's own edge device id, as the parent registered it
 * @param tls            the TLS context, asked anew for each session so renewed certificates or trust
 *                       are used; it holds the client certificate when {@code token} is null
 * @param parentNames    checks that the parent's certificate (whose chain TLS verified) names
 *                       {@code parentHostname}, for a client that would check {@code address} instead
 * @param token          this node's SAS tokens for the parent; null when it authenticates with the
 *                       client certificate of {@code tls}
 * @param local          what the parent's messages do on this node
 * @param work           runs the local effects of the parent's messages, one at a time and in order
 * @param calls          runs direct method calls, which wait for their target
 */
public record ParentSessionContext(String parentHostname, String address, int port, String deviceId,
        Supplier<SSLContext> tls, HostnameVerifier parentNames, ParentToken token, LocalNode local, ScheduledExecutorService work, Executor calls) {

    /** {@code address:port}, as the status and the log show it. */
    public String endpoint() {
        return address + ":" + port;
    }
}
