// The network part of a build as one shell script: namespaces, links, then every host's ip/sysctl/tc work in
// parallel. One process instead of a dozen: on a busy machine each spawn costs more than the work itself.
import { moveLine } from "./nics.ts";
import type { BuildPlan, HostPlan } from "./plan.ts";

/** A command with its input as a here-document; `then` chains the next command with && (it must sit on the first line). */
const heredoc = (cmd: string, lines: readonly string[], then = false) => `${cmd} <<'HIL_EOF'${then ? " &&" : ""}\n${lines.join("\n")}\nHIL_EOF`;

/** sysctl in namespace `ns`: joining its network namespace is enough (/proc/sys/net follows it), no mounts. */
const sysctlIn = (ns: string) => `nsenter --net=/run/netns/${ns} sysctl`;

function hostJob(h: HostPlan): string {
  const steps = [
    ...(h.sysctl.length ? [`${sysctlIn(h.ns)} -q -w ${h.sysctl.join(" ")} &&`] : []),
    heredoc(`ip -n ${h.ns} -batch -`, h.ip, h.tc.length > 0),
    ...(h.tc.length ? [heredoc(`tc -n ${h.ns} -batch -`, h.tc)] : []),
  ];
  // A subshell per host, in the background; its failure names the host.
  return `(\n${steps.join("\n")}\n) || { echo "building host ${h.host} (${h.ns}) failed" >&2; exit 1; } &\npids="$pids $!"`;
}

/**
 * A POSIX sh script that builds `plan`'s network; prints `@<phase> <ns-since-epoch>` marks on stdout. Namespaces in
 * `attached` exist already (a docker node container's, attached under the lab's name) and are not added.
 */
export function buildScript(plan: BuildPlan, attached: ReadonlySet<string> = new Set()): string {
  const namespaces = Object.values(plan.hosts).filter((ns) => !attached.has(ns)).map((ns) => `netns add ${ns}`);
  return [
    "set -e",
    'mark() { echo "@$1 $(date +%s%N)"; }',
    "mark start",
    heredoc("ip -batch -", namespaces),
    "mark namespaces",
    // Host NICs cabled to a hardware appliance move in before anything uses their names or ifindexes.
    ...(plan.nics.length ? [heredoc("ip -batch -", plan.nics.map(moveLine)), "mark nics"] : []),
    ...(plan.links.length ? [heredoc("ip -batch -", plan.links)] : []),
    "mark links",
    'pids=""',
    ...plan.perHost.map(hostJob),
    "failed=0",
    'for p in $pids; do wait "$p" || failed=1; done',
    '[ "$failed" = 0 ] || exit 1',
    "mark hosts",
    // The links' state right after the build (usually all UP already): saves a separate poll.
    ...plan.perHost.filter((h) => h.up.length).map((h) => `echo "%links ${h.host} $(ip -n ${h.ns} -j link show)" &`),
    "wait",
    "",
  ].join("\n");
}

/** Phase durations (ms) from the script's `@phase time` marks. */
export function phaseTimes(stdout: string): Record<string, number> {
  const marks = stdout.split("\n").map((l) => /^@(\w+) (\d+)$/.exec(l)).filter((m): m is RegExpExecArray => m !== null);
  const out: Record<string, number> = {};
  for (let i = 1; i < marks.length; i++) out[marks[i]![1]!] = Number(BigInt(marks[i]![2]!) - BigInt(marks[i - 1]![2]!)) / 1e6;
  return out;
}

/** host -> its links' JSON (`ip -j link show`) from the script's `%links` lines. */
export function linkStates(stdout: string): Map<string, { ifname: string; operstate: string; ifindex: number }[]> {
  const out = new Map<string, { ifname: string; operstate: string; ifindex: number }[]>();
  for (const line of stdout.split("\n")) {
    const m = /^%links (\S+) (.*)$/.exec(line);
    if (m?.[1] && m[2]) out.set(m[1], JSON.parse(m[2]) as { ifname: string; operstate: string; ifindex: number }[]);
  }
  return out;
}
