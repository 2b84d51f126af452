package io.liaison.embedded.registry;

/** The client contract against the embedded Apicurio Registry, shared by every IT in this JVM. */
class ApicurioRegistryClientIT extends RegistryClientContract {

    @Override
    String registryUrl() {
        return SharedApicurio.get().url().toString();
    }
}
