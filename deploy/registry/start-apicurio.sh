#!/bin/bash
# Starts Apicurio Registry 3 (profile apicurio) over https only (Quarkus), with its key store and
# the project CA from the pki-init service in $TLS_DIR. Apicurio authenticates callers only through
# an OpenID Connect provider (e.g. Keycloak), which this compose file does not run: see
# docs/encryption.md before using this profile beyond evaluation.
set -euo pipefail
TLS_DIR=/etc/apicurio/tls
for file in server.p12 server.p12.password ca.crt; do
  if [ ! -r "$TLS_DIR/$file" ]; then
    echo "start-apicurio.sh: cannot read $TLS_DIR/$file: run the pki-init service" >&2
    exit 1
  fi
done
export QUARKUS_HTTP_SSL_CERTIFICATE_KEY_STORE_PASSWORD="$(head -n1 "$TLS_DIR/server.p12.password")"
export APICURIO_DATASOURCE_PASSWORD="$(head -n1 /run/secrets/apicurio-db.password)"
exec /usr/local/s2i/run
