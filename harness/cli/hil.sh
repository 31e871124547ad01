#!/usr/bin/env bash
# `hil` entry point: runs the CLI from its prebuilt bundle (harness/cli/launch.mjs; tsx when no bundle can be built).
here="$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)"
exec node "$here/harness/cli/launch.mjs" "$@"
