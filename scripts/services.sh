#!/usr/bin/env bash
# Starts the MariaDB and PostgreSQL servers the connector tests talk to, if
# they are not answering already, and waits until they do.
set -euo pipefail
up_mysql() { (exec 3<>/dev/tcp/127.0.0.1/3306) 2>/dev/null; }
up_pg() { (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; }
if ! up_mysql; then
  echo "starting MariaDB ..."
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd || true
fi
if ! up_pg; then
  echo "starting PostgreSQL ..."
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
fi
for i in $(seq 1 60); do
  if up_mysql && up_pg; then exit 0; fi
  sleep 1
done
up_mysql || echo "MariaDB is not answering on 127.0.0.1:3306" >&2
up_pg || echo "PostgreSQL is not answering on 127.0.0.1:5432" >&2
exit 1
