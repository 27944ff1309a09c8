#!/usr/bin/env bash
# Starts this machine's PostgreSQL server if it is down and prints a test database URL.
set -euo pipefail
if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start >&2
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
echo "postgresql+psycopg://root@127.0.0.1:5432/test"
