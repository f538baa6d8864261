package io.strata.agent.internal.runtime;

import io.strata.api.config.Range;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(pid = AgentComponent.PID, name = "Strata edge agent", description = "Where the agent finds its deployment manifest")
@interface AgentConfig {

    @AttributeDefinition(description = "The deployment manifest the agent watches and deploys when it changes; "
            + "empty for etc/strata-deployment.json")
    String manifestFile() default "";

    @AttributeDefinition(description = "Seconds between two looks at the manifest file", min = "1")
    @Range(min = 1)
    int manifestPollSeconds() default 2;
}
