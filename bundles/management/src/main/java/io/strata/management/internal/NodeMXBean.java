package io.strata.management.internal;

/** {@code io.strata:type=node}: who this node is and how its link to the parent fares. */
public interface NodeMXBean {

    String getHostname();

    String getDeviceId();

    /** Empty on the top node. */
    String getParentHostname();

    /** {@code top} or {@code child}. */
    String getRole();

    /** {@code CONNECTING}, {@code CONNECTED} or {@code DISCONNECTED}; {@code NONE} without a running link. */
    String getUpstreamState();

    /** When the link entered its state, ISO-8601; empty without a running link. */
    String getUpstreamSince();

    /** Why the link last failed; empty when it never did. */
    String getUpstreamLastError();
}
