// The checks `hil doctor` runs: every external tool and kernel feature the project uses, each with its fix.
import { access, readFile } from "node:fs/promises";
import { constants } from "node:fs";
import { have, run, runIn } from "../../netns/util/sh.ts";
import { newPrefix } from "../../netns/util/owner.ts";

export type CheckStatus = "ok" | "missing" | "info";

export interface CheckResult {
  name: string;
  status: CheckStatus;
  detail: string;
  /** How to fix it, when status is not ok. */
  fix?: string;
  required: boolean;
}

interface ToolCheck {
  name: string;
  /** The program looked up on PATH, or an absolute path. */
  program: string;
  aptPackage: string;
  usedFor: string;
  required: boolean;
}

const APT = "apt-get update && apt-get install -y";

/** The external programs, what they are for and the Debian package that provides them. */
export const TOOLS: readonly ToolCheck[] = Object.freeze([
  { name: "ip", program: "ip", aptPackage: "iproute2", usedFor: "namespaces, links, addresses", required: true },
  { name: "tc", program: "tc", aptPackage: "iproute2", usedFor: "rate limits (tbf), the VLAN shim (clsact)", required: true },
  { name: "nft", program: "nft", aptPackage: "nftables", usedFor: "drop/reject faults", required: true },
  { name: "dnsmasq", program: "dnsmasq", aptPackage: "dnsmasq-base", usedFor: "DHCPv4/v6 and DNS", required: true },
  { name: "radvd", program: "radvd", aptPackage: "radvd", usedFor: "IPv6 router advertisements", required: true },
  { name: "squid", program: "squid", aptPackage: "squid", usedFor: "HTTP proxies (open, Basic, NTLM)", required: true },
  { name: "basic_ncsa_auth", program: "/usr/lib/squid/basic_ncsa_auth", aptPackage: "squid", usedFor: "Basic proxy auth", required: true },
  { name: "ntlm_fake_auth", program: "/usr/lib/squid/ntlm_fake_auth", aptPackage: "squid", usedFor: "NTLM proxy auth", required: true },
  { name: "tcpdump", program: "tcpdump", aptPackage: "tcpdump", usedFor: "packet capture", required: true },
  { name: "tshark", program: "tshark", aptPackage: "tshark", usedFor: "decoding captures", required: true },
  { name: "clang", program: "clang", aptPackage: "clang", usedFor: "compiling the tc-BPF VLAN shim", required: true },
  { name: "socat", program: "socat", aptPackage: "socat", usedFor: "PTY pairs for the twin's console", required: true },
  { name: "curl", program: "curl", aptPackage: "curl", usedFor: "proxy and platform checks", required: true },
  { name: "openssl", program: "openssl", aptPackage: "openssl", usedFor: "the platform emulator's test CA", required: true },
  { name: "udhcpc", program: "udhcpc", aptPackage: "udhcpc", usedFor: "DHCP client (twin, lab probes)", required: true },
  { name: "arping", program: "arping", aptPackage: "iputils-arping", usedFor: "duplicate address detection", required: true },
  { name: "mn", program: "mn", aptPackage: "mininet", usedFor: "benchmark comparison only", required: false },
]);

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function checkTool(tool: ToolCheck): Promise<CheckResult> {
  const found = tool.program.startsWith("/") ? await isExecutable(tool.program) : await have(tool.program);
  const base = { name: tool.name, required: tool.required };
  if (found) return { ...base, status: "ok", detail: tool.usedFor };
  return {
    ...base,
    status: tool.required ? "missing" : "info",
    detail: `not found (${tool.program}); needed for ${tool.usedFor}`,
    fix: `${APT} ${tool.aptPackage}`,
  };
}

/** CAP_NET_ADMIN is bit 12 of the effective capability set. */
async function checkNetAdmin(): Promise<CheckResult> {
  const status = await readFile("/proc/self/status", "utf8");
  const capEff = /^CapEff:\s*([0-9a-f]+)/m.exec(status)?.[1] ?? "0";
  const ok = (BigInt(`0x${capEff}`) & (1n << 12n)) !== 0n;
  return ok
    ? { name: "CAP_NET_ADMIN", status: "ok", detail: "can create namespaces and links", required: true }
    : { name: "CAP_NET_ADMIN", status: "missing", detail: "this process cannot administer networks", fix: "run as root (sudo -E npm test)", required: true };
}

/** Probes kernel features in a scratch namespace of our own: 802.1Q sub-interfaces, clsact, tbf. */
async function checkKernel(): Promise<CheckResult[]> {
  const ns = `${newPrefix()}-doctor`;
  const results: CheckResult[] = [];
  const created = await run("ip", ["netns", "add", ns], { allowFailure: true });
  if (created.exitCode !== 0) {
    return [{ name: "netns", status: "missing", detail: `ip netns add failed: ${created.stderr}`, fix: "run as root on a kernel with network namespaces", required: true }];
  }
  try {
    results.push({ name: "netns", status: "ok", detail: "network namespaces work", required: true });
    await runIn(ns, "ip", ["link", "add", "d0", "type", "veth", "peer", "name", "d1"]);
    const vlan = await runIn(ns, "ip", ["link", "add", "link", "d0", "name", "d0.5", "type", "vlan", "id", "5"], { allowFailure: true });
    results.push(
      vlan.exitCode === 0
        ? { name: "8021q", status: "ok", detail: "kernel 802.1Q sub-interfaces (used for VLAN trunks)", required: false }
        : { name: "8021q", status: "info", detail: "kernel has no 802.1Q: VLAN trunks use the tc-BPF shim", fix: "modprobe 8021q (optional)", required: false },
    );
    const clsact = await runIn(ns, "tc", ["qdisc", "add", "dev", "d0", "clsact"], { allowFailure: true });
    results.push(
      clsact.exitCode === 0
        ? { name: "clsact", status: "ok", detail: "tc clsact (the VLAN shim's hook)", required: true }
        : { name: "clsact", status: "missing", detail: `tc clsact failed: ${clsact.stderr}`, fix: "a kernel with CONFIG_NET_CLS_ACT and CONFIG_NET_SCH_INGRESS", required: true },
    );
    const tbf = await runIn(ns, "tc", ["qdisc", "add", "dev", "d0", "root", "tbf", "rate", "1500kbit", "burst", "16kb", "latency", "50ms"], { allowFailure: true });
    results.push(
      tbf.exitCode === 0
        ? { name: "tbf", status: "ok", detail: "tc tbf rate limits", required: true }
        : { name: "tbf", status: "missing", detail: `tc tbf failed: ${tbf.stderr}`, fix: "a kernel with CONFIG_NET_SCH_TBF", required: true },
    );
  } finally {
    await run("ip", ["netns", "del", ns], { allowFailure: true });
  }
  return results;
}

/** Runs every check; the order is the order printed. */
export async function runChecks(): Promise<CheckResult[]> {
  const tools = await Promise.all(TOOLS.map(checkTool));
  const netAdmin = await checkNetAdmin();
  const kernel = netAdmin.status === "ok" ? await checkKernel() : [];
  return [...tools, netAdmin, ...kernel];
}

/** One line per check, with the fix where something is wrong. */
export function formatCheck(r: CheckResult): string {
  const mark = r.status === "ok" ? "ok  " : r.status === "info" ? "info" : "FAIL";
  const fix = r.fix && r.status !== "ok" ? `  -> fix: ${r.fix}` : "";
  return `${mark}  ${r.name.padEnd(16)} ${r.detail}${fix}`;
}
