// The connection check the appliance runs after boot and after each network change. Part 1 keeps it
// minimal and honest, with real tools in the twin's namespace: carrier on lan0, an IPv4 address, then
// curl to --platform-url with the manual's exit-code classification. Part 2 replaces the internals.
import { readFile } from "node:fs/promises";
import type { TwinOptions } from "../options.ts";
import type { TwinConfig } from "../state/config.ts";
import { run, runIn, type RunResult } from "../../netns/util/sh.ts";
import { classifyCurl, errorId, type ErrorId } from "./errors.ts";

/** What the check found: the appliance must be activated, is ready, or shows a manual error. */
export type CheckOutcome =
  | { readonly kind: "activation-code"; readonly code: string }
  | { readonly kind: "ready"; readonly name: string; readonly ip: string; readonly platform: string }
  | { readonly kind: "error"; readonly error: ErrorId };

/** The LAN interface name inside the twin's namespace. */
export const LAN_IF = "lan0";

function inNs(options: TwinOptions, cmd: string, args: string[]): Promise<RunResult> {
  const opts = { allowFailure: true, timeoutMs: 40_000 };
  return options.netns ? runIn(options.netns, cmd, args, opts) : run(cmd, args, opts);
}

async function carrier(options: TwinOptions): Promise<boolean> {
  if (!options.netns) {
    // Host namespace (tests without a lab): the host has no lan0, so there is no carrier.
    const text = await readFile(`/sys/class/net/${LAN_IF}/carrier`, "utf8").catch(() => "0");
    return text.trim() === "1";
  }
  const r = await inNs(options, "cat", [`/sys/class/net/${LAN_IF}/carrier`]);
  return r.exitCode === 0 && r.stdout.trim() === "1";
}

async function ipv4(options: TwinOptions): Promise<string | null> {
  const r = await inNs(options, "ip", ["-4", "-o", "addr", "show", "dev", LAN_IF]);
  const m = /inet (\d+\.\d+\.\d+\.\d+)\//.exec(r.stdout);
  return r.exitCode === 0 && m ? m[1]! : null;
}

/** Run the check with the current configuration. */
export async function checkConnection(config: TwinConfig, options: TwinOptions): Promise<CheckOutcome> {
  if (!(await carrier(options))) return { kind: "error", error: errorId({ kind: "no-carrier", iface: "LAN" }) };
  const ip = config.mode === "ipv4v6" ? await ipv4(options) : "::";
  if (!ip) return { kind: "error", error: errorId({ kind: "no-ipv4", iface: "LAN" }) };
  // No platform configured: the appliance has no address for the platform, as when DNS cannot resolve it.
  if (!options.platformUrl) return { kind: "error", error: errorId({ kind: "dns-cannot-resolve-platform", iface: "LAN" }) };
  const args = ["-sS", "-o", "-", "-w", "\\n%{http_code} %{http_connect}", "--max-time", "30", "--interface", LAN_IF];
  if (config.proxy) {
    args.push("--proxy", `http://${config.proxy.host}:${Number(config.proxy.port)}`);
    if (config.proxy.user) args.push("--proxy-user", `${config.proxy.user}:${config.proxy.password}`);
    if (config.proxy.user.includes("\\")) args.push("--proxy-ntlm");
  }
  const r = await inNs(options, "curl", [...args, `${options.platformUrl.replace(/\/$/, "")}/appliance/${options.mac}`]);
  const lines = r.stdout.split("\n");
  const [http = "000", connect = "000"] = (lines.pop() ?? "").split(" ");
  const condition = classifyCurl(r.exitCode, Number(http), Number(connect), config.proxy !== null);
  if (condition) return { kind: "error", error: errorId(condition) };
  return parseAnswer(lines.join("\n"), ip);
}

/** The platform's answer: {"activationCode": "..."} before activation, {"name", "platform"} after. */
function parseAnswer(body: string, ip: string): CheckOutcome {
  try {
    const data = JSON.parse(body) as { activationCode?: string; name?: string; platform?: string };
    if (data.activationCode) return { kind: "activation-code", code: data.activationCode };
    if (data.name) return { kind: "ready", name: data.name, ip, platform: data.platform ?? "" };
  } catch {
    // fall through: an answer the appliance does not understand
  }
  return { kind: "error", error: errorId({ kind: "platform-http-status", status: 500 }) };
}

/** What the appliance learned from the network on the LAN (shown by read-only and pre-filled fields). */
export interface LearnedValues {
  readonly gateway?: string;
  readonly autoAddr?: string;
  readonly autoPreflen?: string;
  readonly autoGateway?: string;
}

/** Read the LAN's learned IPv4 gateway and SLAAC address/prefix/router with `ip` in the namespace. */
export async function learn(options: TwinOptions): Promise<LearnedValues> {
  const [r4, a6, r6] = await Promise.all([
    inNs(options, "ip", ["-4", "route", "show", "default", "dev", LAN_IF]),
    inNs(options, "ip", ["-6", "-o", "addr", "show", "dev", LAN_IF, "scope", "global"]),
    inNs(options, "ip", ["-6", "route", "show", "default", "dev", LAN_IF]),
  ]);
  const gw4 = /default via (\S+)/.exec(r4.stdout)?.[1];
  const addr = /inet6 ([0-9a-f:]+)\/(\d+)/.exec(a6.stdout);
  const gw6 = /default via (\S+)/.exec(r6.stdout)?.[1];
  return {
    ...(gw4 ? { gateway: gw4 } : {}),
    ...(addr ? { autoAddr: addr[1]!, autoPreflen: addr[2]! } : {}),
    ...(gw6 ? { autoGateway: gw6 } : {}),
  };
}
