#!/bin/bash
# Writes the admin's client properties for Kafka's own tools (healthchecks, kafka-topics.sh ...):
# SCRAM over TLS, the broker's certificate checked against the project CA and the host name.
set -euo pipefail
TLS_DIR="${KAFKA_TLS_DIR:-/etc/kafka/tls}"
umask 077
cat > /tmp/admin-client.properties <<PROPS
security.protocol=SASL_SSL
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="$(head -n1 /run/secrets/admin.password)";
ssl.truststore.type=PKCS12
ssl.truststore.location=${TLS_DIR}/truststore.p12
ssl.truststore.password=$(head -n1 "$TLS_DIR/truststore.p12.password")
ssl.endpoint.identification.algorithm=https
ssl.enabled.protocols=TLSv1.3,TLSv1.2
PROPS
echo /tmp/admin-client.properties
