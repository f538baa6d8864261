package io.strata.api.identity;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Decides what an authenticated identity may do on this node. Unknown and disabled identities may
 * do nothing.
 */
@ProviderType
public interface Authorizer {

    /**
     * Whether the identity may connect here: this node's own edge device, its modules, and the
     * devices below this node (children, grandchildren, ...).
     */
    boolean mayConnect(IdentityId id);

    /**
     * Whether the identity may publish to {@code topic}: {@code $iothub/...}, and its own
     * {@code devices/{d}/...} topics (a device not under {@code devices/{d}/modules/}, a module
     * only under {@code devices/{d}/modules/{m}/}).
     */
    boolean mayPublish(IdentityId id, String topic);

    /**
     * Whether the identity may subscribe to {@code topicFilter}: the topics it may publish to,
     * with wildcards only where they cannot match anybody else's topics.
     */
    boolean maySubscribe(IdentityId id, String topicFilter);
}
