#!/bin/bash
# Starts Confluent's schema registry (the compose default) over https only, with HTTP basic
# authentication, and its schema store in Kafka over SASL_SSL. Its key store and the project CA come
# from the pki-init service (liaison pki issue-tls schema-registry --server) in $TLS_DIR; the
# passwords are mounted secrets. Passwords go into the environment and /tmp files of this
# container only, never onto a command line.
set -euo pipefail
TLS_DIR=/etc/schema-registry/tls
for file in server.p12 server.p12.password truststore.p12 truststore.p12.password ca.crt; do
  if [ ! -r "$TLS_DIR/$file" ]; then
    echo "start-schema-registry.sh: cannot read $TLS_DIR/$file: run the pki-init service" >&2
    exit 1
  fi
done
umask 077
export SCHEMA_REGISTRY_SSL_KEYSTORE_PASSWORD="$(head -n1 "$TLS_DIR/server.p12.password")"
export SCHEMA_REGISTRY_SSL_KEY_PASSWORD="$SCHEMA_REGISTRY_SSL_KEYSTORE_PASSWORD"
export SCHEMA_REGISTRY_SSL_TRUSTSTORE_PASSWORD="$(head -n1 "$TLS_DIR/truststore.p12.password")"
export SCHEMA_REGISTRY_KAFKASTORE_SSL_TRUSTSTORE_PASSWORD="$SCHEMA_REGISTRY_SSL_TRUSTSTORE_PASSWORD"
export SCHEMA_REGISTRY_KAFKASTORE_SASL_JAAS_CONFIG="org.apache.kafka.common.security.scram.ScramLoginModule required username=\"schema-registry\" password=\"$(head -n1 /run/secrets/schema-registry.password)\";"
# Basic authentication: Jetty's property-file login module, one user per line, "name: password,role".
REGISTRY_PASSWORD="$(head -n1 /run/secrets/registry-liaison.password)"
printf 'liaison: %s,liaison\n' "$REGISTRY_PASSWORD" > /tmp/registry-users.properties
cat > /tmp/registry-jaas.conf <<JAAS
SchemaRegistry {
  org.eclipse.jetty.jaas.spi.PropertyFileLoginModule required
  file="/tmp/registry-users.properties";
};
JAAS
# the healthcheck's login, so the password is not on curl's command line
printf 'user = "liaison:%s"\n' "$REGISTRY_PASSWORD" > /tmp/healthcheck.curlrc
export SCHEMA_REGISTRY_OPTS="-Djava.security.auth.login.config=/tmp/registry-jaas.conf ${SCHEMA_REGISTRY_OPTS:-}"
exec /etc/confluent/docker/run
