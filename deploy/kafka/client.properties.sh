#!/bin/bash
# Writes the admin's client properties for Kafka's own tools (healthchecks, kafka-topics.sh ...).
set -euo pipefail
cat > /tmp/admin-client.properties <<PROPS
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="$(head -n1 /run/secrets/admin.password)";
PROPS
echo /tmp/admin-client.properties
