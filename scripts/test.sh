#!/usr/bin/env bash
# Install everything into .venv, start a throwaway PostgreSQL on 127.0.0.1, run the
# style gate and the whole test suite (on SQLite and on PostgreSQL), stop the server.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
VENV=${VENV:-.venv}

if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip 2>&1 \
  | grep -v "^WARNING: Location" || true
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e ".[dev,postgres]" 2>&1 \
  | grep -v "^WARNING: Location" || true
"$VENV/bin/python" -c "import tracker, textual, psycopg, pytest" \
  || { echo "installation failed" >&2; exit 1; }

# --- throwaway PostgreSQL ---------------------------------------------------------
find_pg_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}
PG_BIN=$(find_pg_bin)
if [ -z "$PG_BIN" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing PostgreSQL server binaries..."
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  PG_BIN=$(find_pg_bin)
fi
if [ -z "$PG_BIN" ]; then
  echo "PostgreSQL server binaries not found; install the 'postgresql' package" >&2
  exit 1
fi

PG_DIR=$(mktemp -d /tmp/appalti-pg.XXXXXX)
PG_PORT=$("$VENV/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_pg() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- env -C "$PG_DIR" "$@"
  else
    "$@"
  fi
}
[ "$(id -u)" = 0 ] && chown postgres "$PG_DIR"
stop_pg() {
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}
trap stop_pg EXIT
as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -A trust -E UTF8 --no-locale >/dev/null
as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
  -o "-h 127.0.0.1 -p $PG_PORT -k $PG_DIR -c fsync=off -c full_page_writes=off" start >/dev/null
export APPALTI_TEST_PG_URL="postgresql+psycopg://postgres@127.0.0.1:$PG_PORT/postgres"
echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT"

# --- the gate -----------------------------------------------------------------------
export PATH="$PWD/$VENV/bin:$PATH"
echo "== ruff format";  ruff format --check .
echo "== ruff check";   ruff check .
echo "== mypy";         mypy
echo "== lint-imports"; lint-imports
echo "== pytest";       pytest -p no:cacheprovider "$@"
