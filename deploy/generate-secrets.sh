#!/bin/bash
# Creates one random password file per Kafka user in deploy/secrets/, once, and the backbone's
# pseudonym master secret. Compose mounts each service's own file as a secret. Users: the services,
# then per agency of the policy the agency and its consumer gateway (gateway.<agency>), the Liaison
# services' login to the schema registry (HTTP basic authentication over https), and the Apicurio
# database. The directory is 0700 (nobody else on the host reads it); the files are 0644
# because compose bind-mounts file secrets with their host owner, and the services run as non-root
# users of their own inside the containers, where each sees only the secrets it is given.
set -euo pipefail
DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/secrets"
USERS=(admin liaison-streams checkpointer auditor quarantine-officer schema-registry cpd gateway.cpd ice gateway.ice guard gateway.guard oversight gateway.oversight public gateway.public complaints-intake complaints-officer registry-liaison apicurio-db)
mkdir -p "$DIR"
chmod 0700 "$DIR"
for user in "${USERS[@]}"; do
  file="$DIR/$user.password"
  if [ ! -f "$file" ]; then
    head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n' > "$file"
    echo >> "$file"
    chmod 0644 "$file"
    echo "created $file"
  fi
done
# The CA key's passphrase: only pki-init is given it, to encrypt the CA key and to issue with it.
file="$DIR/ca.passphrase"
if [ ! -f "$file" ]; then
  head -c 32 /dev/urandom | base64 | tr -d '=\n' > "$file"
  echo >> "$file"
  chmod 0644 "$file"
  echo "created $file"
fi
# Grafana's admin password (docker-compose.yml's monitoring); only grafana is given it.
file="$DIR/grafana-admin.password"
if [ ! -f "$file" ]; then
  head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n' > "$file"
  echo >> "$file"
  chmod 0644 "$file"
  echo "created $file"
fi
# Only the backbone instances mount it; all of them the same one, or their pseudonyms would differ.
file="$DIR/pseudonym.key"
if [ ! -f "$file" ]; then
  head -c 32 /dev/urandom > "$file"
  chmod 0644 "$file"
  echo "created $file"
fi
