#!/usr/bin/env bash
# The whole suite, on SQLite then on PostgreSQL, browser journeys included.
# Where PostgreSQL or Chromium cannot be reached it says so and runs the rest, unless
# PORTAIL_REQUIRE_PG=1 or PORTAIL_REQUIRE_BROWSER=1 (CI), where that is a failure.
# Extra arguments go to pytest (e.g. `make test ARGS=-x` is not needed: run this directly).
set -u
BIN=${BIN:-.venv/bin}
PG_URL=${PORTAIL_TEST_PG_URL:-postgresql+psycopg://127.0.0.1:5432/test}
status=0
skip_browser=()

chromium=${PORTAIL_CHROMIUM:-$(command -v chromium || true)}
if [ -z "$chromium" ] || [ ! -x "$chromium" ]; then
  if [ "${PORTAIL_REQUIRE_BROWSER:-0}" = 1 ]; then
    echo "ERREUR : Chromium est introuvable et les parcours navigateur sont exigés." >&2
    exit 1
  fi
  echo "Chromium introuvable : les parcours navigateur sont sautés (sudo apt-get install chromium)."
  skip_browser=(-m "not browser")
fi

pg_reachable() {
  "$BIN/python" - "$PG_URL" <<'PY' >/dev/null 2>&1
import sys
from sqlalchemy import create_engine, text
engine = create_engine(sys.argv[1], connect_args={"connect_timeout": 3})
with engine.connect() as connection:
    connection.execute(text("SELECT 1"))
PY
}

echo "== Suite sur SQLite"
if [ ${#skip_browser[@]} -eq 0 ]; then
  "$BIN/pytest" -m "not postgresql" "$@" || status=1
else
  "$BIN/pytest" -m "not postgresql and not browser" "$@" || status=1
fi

if pg_reachable; then
  echo "== Suite sur PostgreSQL ($PG_URL)"
  PORTAIL_TEST_DATABASE_URL=$PG_URL "$BIN/pytest" "${skip_browser[@]}" "$@" || status=1
elif [ "${PORTAIL_REQUIRE_PG:-0}" = 1 ]; then
  echo "ERREUR : PostgreSQL est injoignable ($PG_URL) et il est exigé." >&2
  status=1
else
  echo "PostgreSQL injoignable ($PG_URL) : la suite PostgreSQL est sautée."
fi
exit $status
