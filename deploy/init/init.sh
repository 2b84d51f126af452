#!/bin/sh
# One-shot set-up of a fresh deployment, safe to run again; every step skips what already exists.
#   init.sh pki      (service pki-init, before the brokers) the backbone PKI: CA and the quarantine
#                    officer's encryption key, a signing and an encryption key per agency, the
#                    backbone's attestation and encryption keys, the oversight board's witness key,
#                    and the TLS certificates of every
#                    wire: a tls-broker certificate per Kafka node, tls-server certificates for the
#                    registries and the HTTP services. Then it hands each broker and registry its own
#                    key store and the CA (nothing else) through a volume only that container mounts.
#   init.sh cluster  (service init, once the brokers are healthy) each running service's own PKI
#                    volume (certificates, CRL, the TLS trust store, its own TLS key store and only
#                    its own private keys; refreshed on every run), then the SCRAM users, then topics
#                    and ACLs from the policy.
# The CA key (encrypted with the ca.passphrase secret, which only pki-init is given) and the officer's
# key stay in the pki volume, which only these two one-shot services mount: copy the officer's key to
# the officer (`liaison pki export --service officer`) and the CA key offline.
set -eu
PKI="$LIAISON_PKI_DIR"
EXPORT=/var/lib/liaison/export
SERVICES=/var/lib/liaison/services
# the CA key is written encrypted under this passphrase and opened with it for every issuance
CA_PASSPHRASE="--ca-passphrase-file /run/secrets/ca.passphrase"

issue_tls() { # NAME --server|--broker DNS-NAMES
  if [ ! -f "$PKI/tls/$1/${2#--}.crt" ]; then
    liaison pki issue-tls "$1" "$2" --dns "$3" $CA_PASSPHRASE
  fi
}

# Copies NAME's key store, the trust store and the CA certificate to EXPORT/TARGET. The files are
# readable by the container's own user (another uid than this image's): the volume is mounted by
# that one container only.
export_tls() { # NAME KIND TARGET
  dir="$EXPORT/$3"
  cp "$PKI/tls/$1/$2.p12" "$dir/$2.p12"
  cp "$PKI/tls/$1/$2.p12.password" "$dir/$2.p12.password"
  cp "$PKI/tls/truststore.p12" "$PKI/tls/truststore.p12.password" "$PKI/ca/ca.crt" "$dir/"
  chmod 0644 "$dir"/*
}

# Writes one running Liaison service's PKI directory to SERVICES/TARGET with `liaison pki export`
# (certificates, the CRL and only that service's own private keys), then adds at the same layout
# the TLS files it needs: the trust store of the backbone CA (Kafka and the registry over TLS) and,
# for an HTTP service, its own server key store (--tls-name TLS-NAME). The service runs as this
# image's user, so the secret files stay 0600.
export_service() { # TARGET TLS-NAME|- liaison-pki-export-options...
  target="$SERVICES/$1"
  tls="$2"
  shift 2
  liaison pki export "$@" --out "$target"
  mkdir -p "$target/tls"
  cp "$PKI/tls/truststore.p12" "$PKI/tls/truststore.p12.password" "$target/tls/"
  chmod 0644 "$target/tls/truststore.p12"
  chmod 0600 "$target/tls/truststore.p12.password"
  if [ "$tls" != "-" ]; then
    mkdir -p "$target/tls/$tls"
    cp "$PKI/tls/$tls/server.p12" "$PKI/tls/$tls/server.p12.password" "$target/tls/$tls/"
    chmod 0600 "$target/tls/$tls/server.p12" "$target/tls/$tls/server.p12.password"
  fi
}

case "${1:-}" in
  pki)
    if [ ! -f "$PKI/ca/ca.crt" ]; then
      liaison pki init $CA_PASSPHRASE
      for agency in cpd ice guard oversight public; do
        liaison pki issue "$agency" $CA_PASSPHRASE
      done
      liaison pki issue-backbone $CA_PASSPHRASE
    fi
    # on its own test: a PKI made before the witness existed gets its key too
    if [ ! -f "$PKI/witnesses/oversight/witness.crt" ]; then
      liaison pki issue oversight --role witness $CA_PASSPHRASE
    fi
    for broker in kafka-1 kafka-2 kafka-3; do
      issue_tls "$broker" --broker "$broker"
      export_tls "$broker" broker "$broker"
    done
    for server in schema-registry apicurio ingest-cpd ingest-ice ingest-guard gateway-cpd gateway-ice gateway-guard gateway-oversight gateway-public witness complaints; do
      issue_tls "$server" --server "$server,localhost"
    done
    export_tls schema-registry server schema-registry
    export_tls apicurio server apicurio
    # Prometheus checks the https services' certificates against the CA: the CA certificate, nothing else
    cp "$PKI/ca/ca.crt" "$EXPORT/prometheus/ca.crt"
    chmod 0644 "$EXPORT/prometheus/ca.crt"
    ;;
  cluster)
    export_service backbone - --service backbone
    export_service checkpoint - --service checkpoint
    export_service witness witness --service witness
    export_service complaints complaints --service complaints
    for agency in cpd ice guard oversight public; do
      export_service "gateway-$agency" "gateway-$agency" --service gateway --agency "$agency"
    done
    for publisher in cpd ice guard; do
      export_service "ingest-$publisher" "ingest-$publisher" --service ingest --agency "$publisher"
    done
    liaison admin users
    liaison admin apply --partitions 6 --replication-factor 3
    ;;
  *)
    echo "usage: init.sh pki|cluster" >&2
    exit 2
    ;;
esac
