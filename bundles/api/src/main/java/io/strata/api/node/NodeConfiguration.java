package io.strata.api.node;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The node itself, {@code etc/io.strata.node.cfg}: its names and where its parent is. Components
 * that need it add {@link NodeSettings#PID} to their {@code configurationPid} and take this type in
 * their constructor, {@code @Activate} or {@code @Modified} method, beside their own configuration;
 * {@link NodeNames#of} applies the defaults of the names.
 *
 * <p>The secrets' keys start with a full stop ({@code .upstreamSharedAccessKey}): Declarative Services
 * hands such properties to a component but never publishes them as service properties, so the
 * node's key cannot be read from the service registry (or over JMX) by anyone who lists services.
 * The methods' leading low line is how a component property type names such a key.
 *
 * <p>The {@code pid} makes bnd write the Designate beside this definition, so that the Metatype
 * service of the API bundle describes the node settings ({@code config:meta io.strata.node}).
 */
@ObjectClassDefinition(pid = NodeSettings.PID, name = "Strata node",
        description = "The node itself: its names and where its parent is")
public @interface NodeConfiguration {

    @AttributeDefinition(description = "The name children use to reach this node; the CN of the edge hub server "
            + "certificate. Empty: the machine's hostname. Always used in lower case")
    String hostname() default "";

    @AttributeDefinition(description = "This node's edge device id in the hierarchy. Empty: the hostname")
    String deviceId() default "";

    @AttributeDefinition(description = "The parent's hostname. Empty: this node is the top of its tree")
    String parentHostname() default "";

    @AttributeDefinition(description = "Where this node opens its connection to the parent: an address or a name. "
            + "Empty: the parent's hostname. The parent's certificate is checked against parentHostname all the same")
    String parentAddress() default "";

    // text, so that an empty value means the protocol's default port
    @AttributeDefinition(description = "The parent's port. Empty: 5671 (amqp) or 8883 (mqtt)")
    String parentPort() default "";

    @AttributeDefinition(description = "How this node reaches its parent: amqp or mqtt. Empty: amqp")
    String upstreamProtocol() default "";

    @AttributeDefinition(type = AttributeType.PASSWORD, description = "This node's edge device key as the parent "
            + "registered it (base64), for SAS tokens to the parent. Empty: authenticate with upstreamCertificate. "
            + "Private: never a service property")
    String _upstreamSharedAccessKey() default "";

    @AttributeDefinition(description = "Instead of a key: a PEM client certificate (chain) this node presents to its "
            + "parent, a path relative to etc/")
    String upstreamCertificate() default "";

    @AttributeDefinition(description = "The PEM private key of upstreamCertificate, a path relative to etc/")
    String upstreamPrivateKey() default "";

    @AttributeDefinition(type = AttributeType.PASSWORD,
            description = "The password of an encrypted upstreamPrivateKey. Empty: the key is not encrypted. "
                    + "Private: never a service property")
    String _upstreamPrivateKeyPassword() default "";
}
