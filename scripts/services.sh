#!/usr/bin/env bash
# Starts the MariaDB and PostgreSQL servers the connector tests talk to, if
# they are not answering already, and waits until they do. When a server is
# not installed, says exactly what is missing.
set -uo pipefail
up_mysql() { (exec 3<>/dev/tcp/127.0.0.1/3306) 2>/dev/null; }
up_pg() { (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; }
missing=()
if ! up_mysql; then
  if [ -x /usr/sbin/mariadbd ]; then
    echo "starting MariaDB ..."
    start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
  else
    missing+=("MariaDB on 127.0.0.1:3306 (user root, empty password, database test): apt-get install mariadb-server")
  fi
fi
if ! up_pg; then
  if [ -d /etc/postgresql ] && command -v pg_ctlcluster >/dev/null; then
    echo "starting PostgreSQL ..."
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start
  else
    missing+=("PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth): apt-get install postgresql")
  fi
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "the connector tests need real database servers; missing:" >&2
  printf '  - %s\n' "${missing[@]}" >&2
  exit 1
fi
for i in $(seq 1 60); do
  if up_mysql && up_pg; then exit 0; fi
  sleep 1
done
up_mysql || echo "MariaDB was started but does not answer on 127.0.0.1:3306 (see its error log)" >&2
up_pg || echo "PostgreSQL was started but does not answer on 127.0.0.1:5432 (see /var/log/postgresql)" >&2
exit 1
