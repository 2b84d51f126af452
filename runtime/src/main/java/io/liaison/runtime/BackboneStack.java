package io.liaison.runtime;

import io.liaison.consumer.InboxConsumer;
import io.liaison.producer.AgencyGateway;
import io.liaison.registry.AvroCodec;
import java.util.Map;

/**
 * A running backbone as its users see it: the agencies' gateways and inboxes, Kafka logins and a
 * codec over its registry. The demo scenario and the end-to-end tests drive it without knowing
 * whether the broker and registry are embedded (the demo's {@code EmbeddedBackbone}) or already exist
 * ({@link ExternalBackbone}).
 */
public interface BackboneStack {
    /** A gateway publishing as {@code agency} with its key from the PKI; closed with the stack. */
    AgencyGateway gateway(String agency);

    /** The SDK reading {@code agency}'s inbox in a consumer group of the agency's own prefix; closed with the stack. */
    InboxConsumer inbox(String agency, String groupSuffix);

    /** Kafka client properties (bootstrap and login) for one principal, e.g. an agency or {@code auditor}; a fresh mutable map. */
    Map<String, Object> clientProperties(String user);

    /** A codec over this stack's registry that does not register anything. */
    AvroCodec readOnlyCodec();
}
