package io.strata.agent.internal.methods;

/** A RestartModule request, as IoT Edge's agent takes it: {@code {"schemaVersion":"1.0","id":"<module>"}}. */
record RestartModuleRequest(String moduleId) {

    static final String METHOD = "RestartModule";

    /** @throws BadPayloadException naming the field that is wrong */
    static RestartModuleRequest parse(String payload) throws BadPayloadException {
        return new RestartModuleRequest(Payloads.requiredText(Payloads.request(METHOD, payload).get("id"), "id").trim());
    }
}
