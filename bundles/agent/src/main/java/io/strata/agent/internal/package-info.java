/**
 * The edge agent. {@code manifest} validates deployment manifests ({@code modulesContent} and the
 * {@code $edgeAgent} desired properties) into module specifications; {@code runtime} applies them
 * to Karaf: a module is a feature or a bundle, its {@code env} a Config Admin configuration, its
 * identity a module identity of this node. Modules are judged by their bundles' states and their
 * Declarative Services components, restarted per restart policy with back-off, and reported in the
 * {@code $edgeAgent} twin as IoT Edge's agent reports its containers. {@code methods} is the agent
 * as module {@code $edgeAgent}, answering IoT Edge's agent methods (ping, RestartModule,
 * GetModuleLogs) for callers on this node and anywhere above it.
 */
package io.strata.agent.internal;
