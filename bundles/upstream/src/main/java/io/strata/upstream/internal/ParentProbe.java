package io.strata.upstream.internal;

import io.strata.api.node.UpstreamStatus;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * What the parent checks of {@code edge:check} probe while the link runs: where the parent is, the
 * TLS the link uses, and the link's own state.
 */
record ParentProbe(UpstreamSettings settings, Supplier<SSLContext> tls, Supplier<UpstreamStatus> status) {
}
