package io.strata.management.internal;

import io.strata.api.agent.DeploymentStatus;
import io.strata.api.agent.EdgeAgent;
import io.strata.api.agent.ModuleStatus;
import java.time.Instant;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/** The agent MBean, while the agent runs. */
@Component(service = {}, immediate = true)
public class AgentManagement implements AgentMXBean {

    private final EdgeAgent agent;
    private final ManagedBean bean;

    @Activate
    public AgentManagement(@Reference EdgeAgent agent, BundleContext context) {
        this.agent = agent;
        this.bean = ManagedBean.register(context, "agent", AgentMXBean.class, this);
    }

    @Deactivate
    void deactivate() {
        bean.unregister();
    }

    @Override
    public int getDeploymentCode() {
        return agent.deployment().code();
    }

    @Override
    public String getDeploymentDescription() {
        return agent.deployment().description();
    }

    @Override
    public long getAppliedVersion() {
        return agent.deployment().appliedVersion();
    }

    @Override
    public List<Module> getModules() {
        return agent.modules().stream().map(AgentManagement::module).toList();
    }

    @Override
    public String restartModule(String moduleId) {
        return agent.restartModule(moduleId).runtimeStatus();
    }

    @Override
    public String deploy(String manifest) {
        DeploymentStatus status = agent.deploy(manifest);
        return status.code() + " " + status.description();
    }

    private static Module module(ModuleStatus module) {
        return new Module(module.name(), module.type(), module.version(), module.desiredStatus(),
                module.runtimeStatus(), module.description(), module.restartPolicy(), module.restartCount(),
                text(module.startTime()), text(module.lastExitTime()));
    }

    private static String text(Instant instant) {
        return instant == null ? "" : instant.toString();
    }
}
