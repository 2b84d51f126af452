#!/bin/sh
# One-shot set-up of a fresh deployment, safe to run again; every step skips what already exists.
#   init.sh pki      (service pki-init, before the brokers) the backbone PKI: CA, one signing
#                    certificate per agency, the backbone's attestation certificate, and the TLS
#                    certificates of every wire: a tls-broker certificate per Kafka node, tls-server
#                    certificates for the registries and the HTTP services. Then it hands each
#                    broker and registry its own key store and the CA (nothing else) through a
#                    volume only that container mounts.
#   init.sh cluster  (service init, once the brokers are healthy) the SCRAM users, then topics and
#                    ACLs from the policy.
set -eu
PKI="$LIAISON_PKI_DIR"
EXPORT=/var/lib/liaison/export

issue_tls() { # NAME --server|--broker DNS-NAMES
  if [ ! -f "$PKI/tls/$1/${2#--}.crt" ]; then
    liaison pki issue-tls "$1" "$2" --dns "$3"
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

case "${1:-}" in
  pki)
    if [ ! -f "$PKI/ca/ca.crt" ]; then
      liaison pki init
      for agency in cpd ice guard oversight public; do
        liaison pki issue "$agency"
      done
      liaison pki issue-backbone
    fi
    for broker in kafka-1 kafka-2 kafka-3; do
      issue_tls "$broker" --broker "$broker"
      export_tls "$broker" broker "$broker"
    done
    for server in schema-registry apicurio ingest-cpd ingest-ice ingest-guard gateway; do
      issue_tls "$server" --server "$server,localhost"
    done
    export_tls schema-registry server schema-registry
    export_tls apicurio server apicurio
    ;;
  cluster)
    liaison admin users
    liaison admin apply --partitions 6 --replication-factor 3
    ;;
  *)
    echo "usage: init.sh pki|cluster" >&2
    exit 2
    ;;
esac
