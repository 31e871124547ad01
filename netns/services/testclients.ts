// Real clients for the services' tests: a udhcpc lease with our own hook script, a DNS lookup with busybox nslookup.
import { chmod, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { run, runIn } from "../util/sh.ts";
import { spawnService } from "./process.ts";
import type { RunningService, ServiceContext } from "./types.ts";

const HOOK = `#!/bin/sh
# udhcpc hook for lab tests: records the lease variables, configures nothing.
case "$1" in bound|renew) env > "$HIL_LEASE_FILE.tmp" && mv "$HIL_LEASE_FILE.tmp" "$HIL_LEASE_FILE" ;; esac
exit 0
`;

/** The variables udhcpc hands its script on "bound" (ip, subnet, router, dns, wins, domain, lease, serverid...). */
export type LeaseEnv = Record<string, string>;

/** Ask for a DHCPv4 lease on `ifname` in `ns` with busybox udhcpc; undefined when no lease came. */
export async function udhcpcLease(ns: string, ifname: string, dir: string, requestOptions: string[] = []): Promise<LeaseEnv | undefined> {
  await mkdir(dir, { recursive: true });
  const script = join(dir, "udhcpc-hook.sh");
  const leaseFile = join(dir, `lease-${ifname}.env`);
  await writeFile(script, HOOK);
  await chmod(script, 0o755);
  await rm(leaseFile, { force: true });
  const args = ["udhcpc", "-f", "-q", "-n", "-t", "3", "-T", "1", "-i", ifname, "-s", script, ...requestOptions.flatMap((o) => ["-O", o])];
  const result = await runIn(ns, "busybox", args, { allowFailure: true, env: { HIL_LEASE_FILE: leaseFile }, timeoutMs: 15_000 });
  if (result.exitCode !== 0) return undefined;
  const text = await readFile(leaseFile, "utf8");
  return Object.fromEntries(text.split("\n").filter((l) => l.includes("=")).map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
}

/** Outcome of one DNS lookup: the addresses, or why there are none. */
export type Lookup = { kind: "answer"; addresses: string[] } | { kind: "nxdomain" } | { kind: "refused" } | { kind: "timeout"; ms: number } | { kind: "other"; text: string };

/** Look `name` up at `server` from namespace `ns` with busybox nslookup (type A or AAAA). */
export async function nslookup(ns: string, name: string, server: string, type: "a" | "aaaa" = "a"): Promise<Lookup> {
  const started = performance.now();
  const result = await runIn(ns, "busybox", ["nslookup", `-type=${type}`, name, server], { allowFailure: true, timeoutMs: 30_000 });
  const ms = performance.now() - started;
  const text = `${result.stdout}\n${result.stderr}`;
  if (/NXDOMAIN/.test(text)) return { kind: "nxdomain" };
  if (/Connection refused/.test(text)) return { kind: "refused" };
  if (/REFUSED/.test(text)) return { kind: "refused" };
  if (/timed out/.test(text)) return { kind: "timeout", ms };
  const answer = text.split(/Name:/).slice(1).join("\n");
  const addresses = [...answer.matchAll(/Address:\s*([0-9a-fA-F:.]+)/g)].map((m) => m[1]!);
  if (result.exitCode === 0) return { kind: "answer", addresses };
  return { kind: "other", text: text.trim() };
}

/** A tcpdump capture on `ifname` in `ctx.ns`, started once tcpdump says "listening on". */
export async function startCapture(ctx: ServiceContext, ifname: string, filter: string): Promise<RunningService & { file: string }> {
  const file = join(ctx.dir, `${ifname}.pcap`);
  const outFile = join(ctx.dir, "tcpdump.out");
  const service = await spawnService({
    kind: "tcpdump",
    ctx,
    command: "tcpdump",
    args: ["-i", ifname, "-U", "-n", "-w", file, filter],
    logFile: outFile,
    readyWhat: '"listening on"',
    ready: async () => (await readFile(outFile, "utf8").catch(() => "")).includes("listening on"),
  });
  return { ...service, file };
}

/** Decode `file` with tshark: one array of values per packet matching `displayFilter`, one entry per field. */
export async function decodeFields(file: string, displayFilter: string, fields: readonly string[]): Promise<string[][]> {
  const args = ["-r", file, "-Y", displayFilter, "-T", "fields", "-E", "occurrence=a", "-E", "separator=\t", "-E", "aggregator=,", ...fields.flatMap((f) => ["-e", f])];
  const { stdout } = await run("tshark", args, { allowFailure: true });
  return stdout.split("\n").filter((line) => line.trim()).map((line) => line.split("\t"));
}

/** What one curl transfer did: curl's exit code, the HTTP status, the proxy's CONNECT status, bytes/s. */
export interface CurlResult {
  exitCode: number;
  httpCode: number;
  httpConnect: number;
  speed: number;
  ms: number;
}

export interface CurlOptions {
  proxy?: string;
  /** Proxy credentials; handed to curl on stdin (a config file), never on its command line. */
  auth?: { scheme: "basic" | "ntlm"; user: string; password: string };
  /** Tunnel plain http:// URLs through CONNECT too. */
  tunnel?: boolean;
  connectTimeout?: number;
  maxTime?: number;
}

const quote = (s: string) => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;

/** Fetch `url` from namespace `ns` with curl (body discarded), through `proxy` when given. */
export async function curl(ns: string, url: string, o: CurlOptions = {}): Promise<CurlResult> {
  const config = [
    `url = ${quote(url)}`,
    "silent",
    "insecure",
    'output = "/dev/null"',
    `write-out = "%{exitcode} %{http_code} %{http_connect} %{speed_download}"`,
    `connect-timeout = ${o.connectTimeout ?? 5}`,
    `max-time = ${o.maxTime ?? 20}`,
    o.proxy ? `proxy = ${quote(`http://${o.proxy}`)}` : 'noproxy = "*"',
    ...(o.tunnel ? ["proxytunnel"] : []),
    ...(o.auth ? [o.auth.scheme === "ntlm" ? "proxy-ntlm" : "proxy-basic", `proxy-user = ${quote(`${o.auth.user}:${o.auth.password}`)}`] : []),
  ];
  const started = performance.now();
  const result = await runIn(ns, "curl", ["-K", "-"], { input: `${config.join("\n")}\n`, allowFailure: true, timeoutMs: 60_000 });
  const [exitCode, httpCode, httpConnect, speed] = result.stdout.trim().split(" ").map(Number);
  return { exitCode: exitCode ?? result.exitCode, httpCode: httpCode ?? 0, httpConnect: httpConnect ?? 0, speed: speed ?? 0, ms: performance.now() - started };
}

const DHCPV6_PROBE = new URL("./dhcpv6-probe.mjs", import.meta.url).pathname;

/** Send one DHCPv6 SOLICIT on `ifname` in `ns`; what the ADVERTISE offered, or undefined when none came. */
export async function dhcpv6Offer(ns: string, ifname: string, timeoutMs = 3000): Promise<{ addresses: string[]; dnsServers: string[] } | undefined> {
  const result = await runIn(ns, process.execPath, [DHCPV6_PROBE, ifname, String(timeoutMs)], { allowFailure: true });
  return result.exitCode === 0 ? JSON.parse(result.stdout) : undefined;
}
