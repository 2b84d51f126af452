#!/bin/bash
# Starts one KRaft node (broker + controller) of the compose cluster with SASL/SCRAM-SHA-512 on the
# client and inter-broker listener, SASL/PLAIN on the controller listener (SCRAM cannot secure it:
# the controller serves the metadata that holds the SCRAM credentials), the standard authorizer,
# deny by default, and `admin` as the only super user. The admin password is a mounted secret; its
# SCRAM credential is written into the metadata log when the storage is formatted.
set -euo pipefail
: "${KAFKA_NODE_ID:?}" "${KAFKA_CLUSTER_ID:?}" "${KAFKA_VOTERS:?}" "${KAFKA_ADVERTISED_HOST:?}"
# Optional: KAFKA_ADVERTISED_PORT (default 9092), KAFKA_REPLICATION_FACTOR (3) and KAFKA_MIN_ISR (2),
# so the same script runs a single-node broker in the Testcontainers suite.
ADVERTISED_PORT="${KAFKA_ADVERTISED_PORT:-9092}"
RF="${KAFKA_REPLICATION_FACTOR:-3}"
MIN_ISR="${KAFKA_MIN_ISR:-2}"
ADMIN_PASSWORD="$(head -n1 /run/secrets/admin.password)"
CONFIG=/tmp/server.properties
DATA=/var/lib/kafka/data

cat > "$CONFIG" <<PROPS
process.roles=broker,controller
node.id=${KAFKA_NODE_ID}
controller.quorum.voters=${KAFKA_VOTERS}
listeners=SASL_PLAINTEXT://0.0.0.0:9092,CONTROLLER://0.0.0.0:9093
advertised.listeners=SASL_PLAINTEXT://${KAFKA_ADVERTISED_HOST}:${ADVERTISED_PORT}
listener.security.protocol.map=SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT
inter.broker.listener.name=SASL_PLAINTEXT
controller.listener.names=CONTROLLER
sasl.enabled.mechanisms=SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="${ADMIN_PASSWORD}";
sasl.mechanism.controller.protocol=PLAIN
listener.name.controller.sasl.enabled.mechanisms=PLAIN
listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="${ADMIN_PASSWORD}" user_admin="${ADMIN_PASSWORD}";
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
allow.everyone.if.no.acl.found=false
super.users=User:admin
log.dirs=${DATA}
auto.create.topics.enable=false
default.replication.factor=${RF}
min.insync.replicas=${MIN_ISR}
unclean.leader.election.enable=false
offsets.topic.replication.factor=${RF}
transaction.state.log.replication.factor=${RF}
transaction.state.log.min.isr=${MIN_ISR}
share.coordinator.state.topic.replication.factor=${RF}
share.coordinator.state.topic.min.isr=${MIN_ISR}
group.initial.rebalance.delay.ms=0
PROPS

/opt/kafka/bin/kafka-storage.sh format --ignore-formatted -t "$KAFKA_CLUSTER_ID" -c "$CONFIG" \
  --add-scram "SCRAM-SHA-512=[name=admin,password=${ADMIN_PASSWORD}]"
exec /opt/kafka/bin/kafka-server-start.sh "$CONFIG"
