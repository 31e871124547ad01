// User-facing messages of the lab engine, built in one place (the underlying error stays as `cause`).

/** The lab was interrupted by a signal while it was being built; what was built has been removed. */
export function interrupted(signal: NodeJS.Signals, cause?: unknown): Error {
  return new Error(`Lab build interrupted by ${signal}; everything built so far was removed`, cause ? { cause } : undefined);
}

/** No single lab run matches `target`. */
export function labNotFound(target: string, matches: readonly string[]): Error {
  if (matches.length === 0) return new Error(`No lab named "${target}" (see \`hil lab ls\`)`);
  return new Error(`Lab name "${target}" is ambiguous: runs ${matches.join(", ")}; give the prefix instead`);
}

/** `host` is not part of lab `lab`. */
export function unknownHost(lab: string, host: string, hosts: readonly string[]): Error {
  return new Error(`Lab ${lab} has no host "${host}" (hosts: ${hosts.join(", ")})`);
}

/** The network build (ip/tc/sysctl) failed; `stderr` says which host and which command. */
export function buildFailed(lab: string, prefix: string, stderr: string): Error {
  return new Error(`Building the network of lab ${lab} (${prefix}) failed:\n${stderr.trim()}`);
}

/** A lab with this explicit name exists already. */
export function nameTaken(name: string, prefixes: readonly string[]): Error {
  return new Error(`A lab named "${name}" exists already (${prefixes.join(", ")}); take it down with \`hil lab down ${name}\` or choose another --name`);
}

/** Kernel 802.1Q was asked for (vlanImpl or HIL_VLAN_IMPL=kernel) but this kernel cannot create VLAN devices. */
export function noKernelVlans(): Error {
  return new Error("Kernel 802.1Q VLANs were requested but this kernel has no 8021q (`ip link add ... type vlan` fails); use the BPF shim (vlanImpl: \"bpf\", HIL_VLAN_IMPL=bpf, or leave it unset to probe)");
}

/** The `cabling` option of Lab.up is refused: `field` (e.g. `cabling.wan0`) expected `expected`, got `found`. */
export function badCabling(field: string, expected: string, found: string): Error {
  return new Error(`Lab.up option \`${field}\`: expected ${expected}, got ${found}; nothing was built`);
}

/** A cabled host NIC did not keep its ifindex when moved into the lab (the VLAN shim addresses trunks by ifindex). */
export function nicIndexChanged(nic: string, ns: string, inside: string, expected: number, found: number): Error {
  return new Error(`Host NIC ${nic}, moved into ${ns} as ${inside}: expected it to keep its ifindex ${expected}, found ${found}`);
}
