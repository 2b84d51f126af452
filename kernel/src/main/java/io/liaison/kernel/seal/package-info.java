/**
 * Encryption at rest and per recipient (docs/encryption.md): every record that carries message
 * content is sealed to one owner's X25519 key. A fresh AES-256-GCM data key encrypts the record; the
 * data key is wrapped to the owner with HPKE (RFC 9180, base mode, DHKEM(X25519, HKDF-SHA256),
 * HKDF-SHA256, AES-256-GCM), either inside the record or in the owner's compacted key topic, where a
 * tombstone destroys it. Both layers are bound to the record's {@link io.liaison.kernel.seal.SealContext}.
 * Pure: no Kafka, no I/O.
 */
package io.liaison.kernel.seal;
