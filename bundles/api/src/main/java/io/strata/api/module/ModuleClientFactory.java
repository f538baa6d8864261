package io.strata.api.module;

/** Hands out in-process module clients; the module must be an identity of this node. */
public interface ModuleClientFactory {

    /**
     * @throws IllegalArgumentException when the module is unknown or disabled on this node
     */
    ModuleClient connect(String moduleId);
}
