package io.strata.api.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Requests to the parent's API proxy as this node: TLS verified against {@code parentHostname}, dialling
 * {@code parentAddress} when it is set, on {@code parentProxyPort}, authenticated with a fresh SAS token
 * from {@code .upstreamSharedAccessKey} or with the node's {@code upstreamCertificate}. The API proxy
 * registers this service only on a node that has a parent, so its presence says that there is one.
 */
@ProviderType
public interface UpstreamClient {

    /**
     * Sends a request without a body and returns the parent's answer as soon as its headers arrived.
     *
     * @param method {@code GET} or {@code HEAD}
     * @param target the path and query in origin form, e.g. {@code /maven/org/example/a/1.0/a-1.0.jar}
     * @return the answer, whatever its status; the caller closes it
     * @throws IOException when the parent cannot be reached, its certificate is not the parent's, or the
     *                     answer is not HTTP
     * @throws IllegalArgumentException for another method or a target that is not in origin form
     */
    UpstreamResponse open(String method, String target) throws IOException;

    /**
     * Sends a request with a body of known length, streamed from {@code body} (never held whole), and
     * returns the parent's answer as soon as its headers arrived: how a node uploads to a service above
     * it, such as the top's blob storage.
     *
     * @param method        {@code PUT} or {@code POST}
     * @param target        the path and query in origin form, e.g. {@code /account/container/blob?sv=...}
     * @param headers       headers to send besides {@code Host}, {@code Content-Length} and the node's
     *                      credentials, e.g. {@code x-ms-blob-type}
     * @param contentLength the number of bytes {@code body} holds, 0 or more
     * @param body          read to {@code contentLength} bytes, not closed
     * @return the answer, whatever its status; the caller closes it
     * @throws IOException when the parent cannot be reached, its certificate is not the parent's, the body
     *                     ends before {@code contentLength} bytes, or the answer is not HTTP
     * @throws IllegalArgumentException for another method, a target that is not in origin form, a header
     *                                  this client sets itself or one that is no valid header
     */
    UpstreamResponse send(String method, String target, Map<String, String> headers, long contentLength,
            InputStream body) throws IOException;
}
