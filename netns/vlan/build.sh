#!/usr/bin/env bash
# Compile the tc-BPF VLAN shim (netns/vlan/shim.c -> netns/vlan/shim.o). Idempotent: skips when up to date.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
src="$here/shim.c" out="$here/shim.o"

if [[ -f "$out" && "$out" -nt "$src" && "$out" -nt "$0" ]]; then
  exit 0
fi
command -v clang >/dev/null || { echo "netns/vlan/build.sh: clang not found (apt-get install clang llvm)" >&2; exit 1; }
[[ -f /usr/include/bpf/bpf_helpers.h ]] || { echo "netns/vlan/build.sh: libbpf headers missing: expected /usr/include/bpf/bpf_helpers.h (apt-get install libbpf-dev)" >&2; exit 1; }

# asm/types.h lives under the multiarch include directory on Debian.
multiarch="$(gcc -print-multiarch 2>/dev/null || echo "$(uname -m)-linux-gnu")"
tmp="$(mktemp --suffix=.o "$here/.shim-build.XXXXXX")"
trap 'rm -f "$tmp"' EXIT
clang -O2 -g -Wall -Werror -target bpf -I"/usr/include/$multiarch" -c "$src" -o "$tmp"
mv -f "$tmp" "$out"
trap - EXIT
echo "[vlan] built $out"
