#!/usr/bin/env bash
# `hil` entry point: runs the CLI from its prebuilt bundle (harness/cli/launch.mjs; tsx when no bundle can be built).
# Bash builtins only (a fork costs tens of ms on a loaded host): readlink runs only when called through a symlink
# (npm's bin link).
self="$0"
[[ -L "$self" ]] && self="$(readlink -f "$self")"
[[ "$self" == */* ]] || self="./$self"  # `bash hil.sh` from its own folder
exec node "${self%/*}/launch.mjs" "$@"
