// The connection check the appliance runs after boot and after each network change: the configuration is
// applied with real tools in the twin's namespace, then checked in the manual's order (twin/network). Without
// a namespace the twin never touches the host's network: it reports what the host's missing lan0 shows.
import { join } from "node:path";
import { PLATFORM_URL, type TwinOptions } from "../options.ts";
import type { TwinConfig } from "../state/config.ts";
import type { RunResult } from "../../netns/util/sh.ts";
import { reportedCondition } from "../../fixtures/manual/index.ts";
import { errorId, type ErrorId } from "./error-id.ts";
import type { Applied } from "./apply.ts";
import { connectionCheck, type NetOutcome } from "./check.ts";
import { inNamespace, loadEndpoint, netContext, runInNamespace, type NetContext, type PlatformTarget } from "./context.ts";
import { lanDevice } from "./ifaces.ts";
import type { Versions } from "./update.ts";
import { NET_DEFECT_NAMES, type NetDefectName } from "../defects.ts";

/** What the check found: the appliance must be activated, is ready, or shows a manual error. */
export type CheckOutcome =
  | { readonly kind: "activation-code"; readonly code: string }
  | { readonly kind: "ready"; readonly name: string; readonly ip: string; readonly platform: string; readonly applianceId?: string }
  | { readonly kind: "error"; readonly error: ErrorId; readonly legacy?: readonly string[] };

/** A check that reached the platform: what polling, scans and updates continue with. */
export interface NetSession {
  readonly ctx: NetContext;
  readonly applied: Applied;
  readonly outcome: Extract<NetOutcome, { kind: "activation-code" | "ready" }>;
}

/** Software and signature versions the twin reports until an update installs others. */
export const TWIN_VERSIONS: Versions = Object.freeze({ software: "6.7.20-1", signatures: "2.2.245-2" });

/** The LAN interface name inside the twin's namespace. */
export const LAN_IF = "lan0";

function inNs(options: TwinOptions, cmd: string, args: string[]): Promise<RunResult> {
  const ns = options.netns;
  return runInNamespace(ns, ns !== undefined && inNamespace(ns), cmd, args, { allowFailure: true, timeoutMs: 40_000 });
}

/** The platform a box knows from its own configuration: --platform-ca (a CA file it trusts) with the fixed URL (or
 *  --platform-url); else the emulator's endpoint.json (--platform-endpoint); else --platform-url alone; else none. */
export async function platformOf(options: TwinOptions): Promise<PlatformTarget | null> {
  if (options.platformCa) return { url: options.platformUrl ?? PLATFORM_URL, caCert: options.platformCa };
  if (options.platformEndpoint) return loadEndpoint(options.platformEndpoint);
  return options.platformUrl ? { url: options.platformUrl, caCert: null } : null;
}

/** The network context of the twin's options (platform by platformOf). */
export async function netContextOf(options: TwinOptions): Promise<NetContext> {
  const platform = await platformOf(options);
  const names = NET_DEFECT_NAMES as readonly string[];
  return netContext({
    ns: options.netns, stateDir: join(options.state, "net"), timeScale: options.timeScale, model: options.model,
    mac: options.mac, serial: options.serial, platform, defects: [...options.defects].filter((d): d is NetDefectName => names.includes(d)),
  });
}

/** The home-screen outcome of a twin/network outcome. */
export function homeOutcome(o: NetOutcome): CheckOutcome {
  if (o.kind === "error") return { kind: "error", error: o.error.id, legacy: o.legacy };
  if (o.kind === "activation-code") return { kind: "activation-code", code: o.code };
  const platform = (o.answer as { platform?: unknown }).platform;
  return { kind: "ready", name: o.name, ip: o.ip, platform: typeof platform === "string" ? platform : "", ...(o.answer.applianceId ? { applianceId: o.answer.applianceId } : {}) };
}

/** Apply the configuration and run the full check; `session` is set when the platform answered. */
export async function runCheck(config: TwinConfig, options: TwinOptions, versions: Versions = TWIN_VERSIONS, boot = false, proxyJustDisabled = false, configuringProxy = false): Promise<{ outcome: CheckOutcome; session: NetSession | null }> {
  if (!options.netns) {
    // Host namespace (tests without a lab): the host has no lan0, so there is no carrier; nothing is applied.
    // A missing carrier reads "no CARRIER" only while configuring the proxy (fixtures/manual reportedCondition).
    return { outcome: { kind: "error", error: errorId(reportedCondition({ kind: "no-carrier", iface: "LAN" }, { configuringProxy })) }, session: null };
  }
  const ctx = await netContextOf(options);
  const { outcome, applied } = await connectionCheck(config, ctx, { versions, boot, proxyJustDisabled, configuringProxy });
  return { outcome: homeOutcome(outcome), session: outcome.kind === "error" ? null : { ctx, applied, outcome } };
}

/** Run the check with the current configuration (outcome only). */
export async function checkConnection(config: TwinConfig, options: TwinOptions): Promise<CheckOutcome> {
  return (await runCheck(config, options)).outcome;
}

/** What the appliance learned from the network on the LAN (shown by read-only and pre-filled fields). */
export interface LearnedValues {
  readonly gateway?: string;
  readonly autoAddr?: string;
  readonly autoPreflen?: string;
  readonly autoGateway?: string;
}

/** Read the LAN's learned IPv4 gateway and SLAAC address/prefix/router with `ip` in the namespace, on the LAN's
 *  VLAN device when the console configured a VLAN (lan0.<vid>), else on lan0. */
export async function learn(options: TwinOptions, vlan = 0): Promise<LearnedValues> {
  const dev = lanDevice(vlan);
  const [r4, a6, r6] = await Promise.all([
    inNs(options, "ip", ["-4", "route", "show", "default", "dev", dev]),
    inNs(options, "ip", ["-6", "-o", "addr", "show", "dev", dev, "scope", "global"]),
    inNs(options, "ip", ["-6", "route", "show", "default", "dev", dev]),
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
