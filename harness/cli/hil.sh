#!/usr/bin/env bash
# `hil` entry point: runs the TypeScript CLI with tsx from this checkout.
here="$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)"
exec "$here/node_modules/.bin/tsx" "$here/harness/cli/main.ts" "$@"
