package io.liaison.policy.command;

/**
 * A declared role and its formal point of contact.
 *
 * @param ref     who it is, {@code agency/role}
 * @param title   what people call it ("Incident Commander")
 * @param contact the person or desk that holds it
 * @param channel how to reach it outside the backbone (phone, radio channel)
 */
public record CommandRole(RoleRef ref, String title, String contact, String channel) {}
