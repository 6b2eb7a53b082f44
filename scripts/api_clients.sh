#!/usr/bin/env bash
# Generate the app's API clients from a schema file the way app developers do,
# and fail on any warning: a Python client (openapi-python-client) and
# TypeScript types (openapi-typescript), type-checked with tsc --noEmit.
# Usage: bash scripts/api_clients.sh SCHEMA OUTPUT_DIR
# The Python package lands in OUTPUT_DIR/python/servicedesk_api_client; the
# test command points API_PYTHON_CLIENT_DIR at OUTPUT_DIR/python so the
# generated-client journey test (api/tests/e2e/test_generated_client.py)
# imports that one instead of generating its own.
set -euo pipefail
cd "$(dirname "$0")/.."
schema="$1"
out="$2"

if [ ! -x node_modules/.bin/openapi-typescript ] || [ ! -x node_modules/.bin/tsc ]; then
  echo "==> npm ci (openapi-typescript, typescript)"
  npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
fi

rm -rf "$out"
mkdir -p "$out/python" "$out/typescript"

fail_on_warnings() {  # $1: what, $2: log file
  if grep -qi "warn" "$2"; then
    cat "$2" >&2
    echo "$1 warned about the schema (see above)." >&2
    exit 1
  fi
}

openapi-python-client generate --path "$schema" --meta none --fail-on-warning \
  --output-path "$out/python/servicedesk_api_client" >"$out/python.log" 2>&1 \
  || { cat "$out/python.log" >&2; exit 1; }
fail_on_warnings openapi-python-client "$out/python.log"

node_modules/.bin/openapi-typescript "$schema" --enum -o "$out/typescript/schema.ts" \
  >"$out/typescript.log" 2>&1 || { cat "$out/typescript.log" >&2; exit 1; }
fail_on_warnings openapi-typescript "$out/typescript.log"
node_modules/.bin/tsc --noEmit --strict --target es2022 --module esnext "$out/typescript/schema.ts"
