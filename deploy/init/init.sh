#!/bin/sh
# One-shot set-up of a fresh deployment, safe to run again: the backbone PKI (CA, one signing
# certificate per agency, the backbone's attestation certificate), the SCRAM users, then topics and
# ACLs from the policy. Every step skips what already exists.
set -eu
if [ ! -f "$LIAISON_PKI_DIR/ca/ca.crt" ]; then
  liaison pki init
  for agency in cpd ice guard oversight public; do
    liaison pki issue "$agency"
  done
  liaison pki issue-backbone
fi
liaison admin users
liaison admin apply --partitions 6 --replication-factor 3
