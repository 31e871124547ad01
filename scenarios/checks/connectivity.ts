// Proxy Errors and Qualys Platform Connectivity Errors (Appliance Network Errors), and the older model's E-codes for
// the same conditions, each produced by the real condition: the proxy settings themselves, squid's answers (403 ACL,
// 407 credentials, 503 upstream refused), nftables drop/reject on the path, the platform emulator's faults. A row
// either is caused by the proxy settings (entered with ENABLE PROXY) or by a fault applied once the appliance has
// reached the platform (then ENABLE/RENEW DHCP ON LAN runs the check again). The LCD must show errorFor(condition).text,
// or on the older model one of legacyCodesFor(condition).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { errorFor, legacyCodesFor, type LegacyContext, type NetworkCondition } from "../../fixtures/manual/index.ts";
import type { FaultKind } from "../../harness/platform/portal.ts";
import { runFlow, type UiState } from "../../harness/ui/index.ts";
import { applyDrop, applyReject, type Fault } from "../../netns/faults/index.ts";
import { parseTopologyYaml, PRESET_DIR } from "../../netns/topology/load.ts";
import type { Session } from "../rig.ts";
import { lanDhcpFlow, must, same, reachedPlatform } from "./common.ts";
import { labOf, platformAt } from "./facts.ts";
import { portalOf } from "./platform.ts";

/** The proxy of the lab presets as the appliance is given it: the name the lab's DNS serves for host `proxy`, and
 *  its squid port (fixtures/labs/proxy-*.yaml). */
export const LAB = Object.freeze({ proxyPort: 3128, proxyName: "PROXY.LAB.TEST" });

/** What a lab fault aims at: the platform emulator, or the squid of lab host `proxy`. */
export type Aim = "platform" | "proxy";

/** The address and port of `aim` in the session's lab. */
export function aimAt(s: Session, aim: Aim): { address: string; port: number } {
  if (aim === "platform") return platformAt(s);
  const lab = labOf(s);
  const squid = lab.topology.hosts.proxy?.services?.squid;
  if (!squid) throw new Error(`${s.dut.name}: this check aims at the proxy, but lab ${lab.name} runs no squid in a host "proxy"`);
  return { address: squid.listen[0] ?? lab.address("proxy"), port: squid.port };
}

/** The password of `user` in a preset's squid Basic account list (fixtures/labs/<preset>.yaml). */
export function presetPassword(preset: string, user: string): string {
  const file = join(PRESET_DIR, `${preset}.yaml`);
  const topo = parseTopologyYaml(readFileSync(file, "utf8"), file);
  for (const host of Object.values(topo.hosts)) {
    const auth = host.services?.squid?.auth;
    const account = auth?.scheme === "basic" ? auth.users.find((u) => u.user === user) : undefined;
    if (account) return account.password;
  }
  throw new Error(`${file}: expected a squid Basic account "${user}", found none`);
}

/** Proxy field values for ENABLE PROXY (PROXY USER/PASSW left out: left empty). */
export type ProxyValues = Readonly<Record<string, string>>;

/** A proxy through the preset's squid, by name, with an optional account. */
export function viaProxy(user?: string, password?: string, host: string = LAB.proxyName): ProxyValues {
  return { "PROXY HOST": host, "PROXY PORT": String(LAB.proxyPort), ...(user !== undefined ? { "PROXY USER": user } : {}), ...(password !== undefined ? { "PROXY PASSW": password } : {}) };
}

/** A fault applied to a running lab: nftables in one of its namespaces, or the platform's. */
export type LabFault = (s: Session) => Promise<Pick<Fault, "remove">>;

/** nftables drop (timeout) or reject (TCP reset) in namespace `host` of the lab, for the address and port of `aim`. */
export function firewall(action: "drop" | "reject", host: string, aim: Aim): LabFault {
  const apply = action === "drop" ? applyDrop : applyReject;
  return (s) => apply(s.lab!.ns(host), s.lab!.prefix, aimAt(s, aim));
}

/** The platform emulator misbehaves (portal fault) until removed. */
export function platformFault(kind: FaultKind): LabFault {
  return async (s) => {
    const portal = portalOf(s);
    await portal.injectFault(kind);
    return { remove: async () => void (await portal.clearFault()) };
  };
}

/** One row: what causes it, and the condition whose manual text (or older model's code) the LCD must show. */
export interface ConnectivityRow {
  /** The proxy the appliance is configured with (none: it talks to the platform directly). */
  readonly proxy?: ProxyValues;
  /** Applied after the appliance reached the platform; absent: the proxy settings themselves cause the row. */
  readonly fault?: LabFault;
  readonly condition: NetworkCondition;
  /** Context of the older model's code (NTLM account). */
  readonly legacy?: LegacyContext;
  /** What makes the row happen, for the step names of deviations. */
  readonly cause: string;
}

/** What the home screen shows: an error's text, an E-code as "Exx", or the state's kind. */
function shown(h: UiState): string {
  if (h.kind !== "error") return h.kind;
  return h.error.kind === "code" ? h.error.code : h.text;
}

/** Compare the home screen with the row: the manual's text, or on the older model one of the row's E-codes. */
async function expectRow(s: Session, row: ConnectivityRow, step: string): Promise<void> {
  const got = shown(await s.ui.reach("home"));
  if (s.dut.model !== "legacy") return same(s.ui, step, errorFor(row.condition).text, got);
  const codes = legacyCodesFor(row.condition, row.legacy);
  must(s.ui, codes.includes(got as never), `${step} (older model)`, `one of ${codes.join(", ")}`, got);
}

/** The scenario of one row: configure, (reach the platform, apply the fault, renew,) and read the LCD. */
export function rowCheck(row: ConnectivityRow): (s: Session) => Promise<void> {
  return async (s) => {
    await s.ui.reach("home");
    if (!row.fault) {
      if (!row.proxy) throw new Error(`connectivity row "${row.cause}": expected a proxy or a fault, found neither`);
      await runFlow(s.ui, "proxy-enable", row.proxy);
      return expectRow(s, row, `connection check: ${row.cause}`);
    }
    if (row.proxy) await runFlow(s.ui, "proxy-enable", row.proxy);
    same(s.ui, "home screen before the fault", await reachedPlatform(s), shown(await s.ui.reach("home")));
    await s.ui.reach("setup"); // in the menus, a failed poll does not redraw the screen
    const f = await row.fault(s);
    try {
      await runFlow(s.ui, lanDhcpFlow(s.ui));
      await expectRow(s, row, `connection check: ${row.cause}`);
    } finally {
      await f.remove();
    }
  };
}
