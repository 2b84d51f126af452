#!/bin/bash
# Starts one KRaft node (broker + controller) of the compose cluster with TLS on every listener:
#   CLIENT     9092  SASL_SSL, SCRAM-SHA-512: Liaison services, the registry, Kafka's tools
#   CONTROLLER 9093  SSL with a required client certificate: controllers and brokers only
#   INTERNAL   9094  SSL with a required client certificate: replication between brokers
# A plaintext connection is refused on each. The node's key and the CA come from the project PKI
# (`liaison pki issue-tls <host> --broker`, copied into $KAFKA_TLS_DIR by the pki-init service):
# broker.p12 (+ .password) and truststore.p12 (+ .password). Nodes authenticate each other by
# certificate; their principals (User:CN=<host>,OU=tls-broker,O=Liaison, one per voter host) and
# `admin` are the only super users; the standard authorizer denies whatever no ACL allows. The
# admin password is a mounted secret, used only to write the admin's SCRAM credential into the
# metadata log when the storage is formatted.
set -euo pipefail
: "${KAFKA_NODE_ID:?}" "${KAFKA_CLUSTER_ID:?}" "${KAFKA_VOTERS:?}" "${KAFKA_ADVERTISED_HOST:?}"
# Optional: KAFKA_ADVERTISED_PORT (default 9092), KAFKA_REPLICATION_FACTOR (3), KAFKA_MIN_ISR (2) and
# KAFKA_TLS_DIR (/etc/kafka/tls), so the same script runs a single-node broker in the Testcontainers suites.
ADVERTISED_PORT="${KAFKA_ADVERTISED_PORT:-9092}"
RF="${KAFKA_REPLICATION_FACTOR:-3}"
MIN_ISR="${KAFKA_MIN_ISR:-2}"
TLS_DIR="${KAFKA_TLS_DIR:-/etc/kafka/tls}"
for file in broker.p12 broker.p12.password truststore.p12 truststore.p12.password; do
  if [ ! -r "$TLS_DIR/$file" ]; then
    echo "start-broker.sh: cannot read $TLS_DIR/$file: run the pki-init service (liaison pki issue-tls $KAFKA_ADVERTISED_HOST --broker)" >&2
    exit 1
  fi
done
ADMIN_PASSWORD="$(head -n1 /run/secrets/admin.password)"
KEYSTORE_PASSWORD="$(head -n1 "$TLS_DIR/broker.p12.password")"
TRUSTSTORE_PASSWORD="$(head -n1 "$TLS_DIR/truststore.p12.password")"
SUPER_USERS="User:admin"
for voter in ${KAFKA_VOTERS//,/ }; do
  host="${voter#*@}"
  SUPER_USERS="${SUPER_USERS};User:CN=${host%:*},OU=tls-broker,O=Liaison"
done
CONFIG=/tmp/server.properties
DATA=/var/lib/kafka/data

umask 077
cat > "$CONFIG" <<PROPS
process.roles=broker,controller
node.id=${KAFKA_NODE_ID}
controller.quorum.voters=${KAFKA_VOTERS}
listeners=CLIENT://0.0.0.0:9092,CONTROLLER://0.0.0.0:9093,INTERNAL://0.0.0.0:9094
advertised.listeners=CLIENT://${KAFKA_ADVERTISED_HOST}:${ADVERTISED_PORT},INTERNAL://${KAFKA_ADVERTISED_HOST}:9094
listener.security.protocol.map=CLIENT:SASL_SSL,CONTROLLER:SSL,INTERNAL:SSL
inter.broker.listener.name=INTERNAL
controller.listener.names=CONTROLLER
listener.name.client.sasl.enabled.mechanisms=SCRAM-SHA-512
listener.name.client.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.controller.ssl.client.auth=required
listener.name.internal.ssl.client.auth=required
ssl.keystore.type=PKCS12
ssl.keystore.location=${TLS_DIR}/broker.p12
ssl.keystore.password=${KEYSTORE_PASSWORD}
ssl.key.password=${KEYSTORE_PASSWORD}
ssl.truststore.type=PKCS12
ssl.truststore.location=${TLS_DIR}/truststore.p12
ssl.truststore.password=${TRUSTSTORE_PASSWORD}
ssl.endpoint.identification.algorithm=https
ssl.protocol=TLSv1.3
ssl.enabled.protocols=TLSv1.3,TLSv1.2
ssl.cipher.suites=TLS_AES_256_GCM_SHA384,TLS_AES_128_GCM_SHA256,TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
allow.everyone.if.no.acl.found=false
super.users=${SUPER_USERS}
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
