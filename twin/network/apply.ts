// Apply a TwinConfig to the appliance's namespace with real tools: port links, the LAN VLAN, DHCP (udhcpc with the
// twin's hook) or static addresses, duplicate detection, IPv6-only mode, the split WAN and policy routing. The result
// is what the connection check reads; the resolver list is kept by the twin (resolvers.json), never resolv.conf.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Deadline, pollUntil } from "../../netns/util/deadline.ts";
import { addVlan } from "../../netns/vlan/vlan.ts";
import type { TwinConfig } from "../state/config.ts";
import { flushIpv4, setupIpv4, type IfaceState } from "./addr.ts";
import { readSys, scaled, sh, type NetContext } from "./context.ts";
import { applyPortLink, carrier, exists, lanDevice, PORT, type Iface } from "./ifaces.ts";
import { setupIpv6 } from "./ipv6.ts";
import { toolFailed } from "./messages.ts";
import { installRoutes } from "./routing.ts";

/** The network as applied: each interface's state and which one carries management traffic. */
export interface Applied {
  readonly mode: TwinConfig["mode"];
  readonly family: 4 | 6;
  readonly lan: IfaceState;
  /** The WAN in split mode, else null. */
  readonly wan: IfaceState | null;
  /** The interface management traffic (platform, proxy, DNS for them, uploads, syslog) uses. */
  readonly mgmt: Iface;
  /** The VLAN set on the appliance UI (0: none). */
  readonly vlan: number;
}

/** The management interface's state. */
export const mgmtState = (a: Applied): IfaceState => (a.mgmt === "WAN" ? a.wan! : a.lan);

/** Remove VLAN sub-interfaces of the LAN port (the UI VLAN and scan VLANs) other than `keep`. */
export async function removeLanVlans(ctx: NetContext, keep = 0): Promise<void> {
  const r = await sh(ctx, "ip", ["-o", "link", "show"]);
  const names = [...r.stdout.matchAll(/^\d+: (lan0\.\d+)@?/gm)].map((m) => m[1]!);
  for (const n of names) if (n !== `${PORT.LAN}.${keep}`) await sh(ctx, "ip", ["link", "del", n]);
}

/** How long a raised port may take to show carrier (appliance ms; real floor). */
export const CARRIER_WAIT = Object.freeze({ ms: 3000, floorMs: 500 });

async function waitCarrier(ctx: NetContext, port: string, up: boolean): Promise<boolean> {
  if (!up) return false;
  const d = Deadline.in(scaled(ctx, CARRIER_WAIT.ms, CARRIER_WAIT.floorMs), `carrier on ${port}`);
  return (await pollUntil(async () => ((await carrier(ctx, port)) ? true : undefined), d).catch(() => false)) === true;
}

async function lanDev(ctx: NetContext, vlan: number): Promise<string> {
  await removeLanVlans(ctx, vlan);
  if (vlan === 0) return PORT.LAN;
  const dev = lanDevice(vlan);
  if ((await sh(ctx, "ip", ["link", "show", "dev", dev])).exitCode !== 0) {
    if (!ctx.ns) throw toolFailed(`VLAN ${vlan} on ${PORT.LAN}`, "the lab's VLAN mechanism needs the twin's namespace name (--netns)");
    await addVlan(ctx.ns, PORT.LAN, vlan);
  }
  return dev;
}

/** The LAN port sends from the appliance's own MAC (the one its console shows), whatever address its cable came with. */
async function ownMac(ctx: NetContext): Promise<void> {
  if (!ctx.ns) return; // without a namespace of its own the twin has no ports (and never touches the host's)
  const now = await readSys(ctx, `/sys/class/net/${PORT.LAN}/address`);
  if (now === null || now === ctx.mac) return; // no LAN port (no lab), or already ours
  const set = await sh(ctx, "ip", ["link", "set", "dev", PORT.LAN, "address", ctx.mac]);
  if (set.exitCode !== 0) throw toolFailed(`MAC ${ctx.mac} on ${PORT.LAN}`, set.stderr);
}

/** Apply `config` and report what each interface got. */
export async function applyConfig(config: TwinConfig, ctx: NetContext): Promise<Applied> {
  await ownMac(ctx);
  const lanUp = await applyPortLink(ctx, PORT.LAN, config.ports.lan);
  const dev = await lanDev(ctx, config.vlan);
  if (dev !== PORT.LAN) await sh(ctx, "ip", ["link", "set", dev, "up"]);
  const lanBase = { iface: "LAN" as const, port: PORT.LAN, dev, carrier: await waitCarrier(ctx, PORT.LAN, lanUp) };
  let lan: IfaceState;
  let wan: IfaceState | null = null;
  if (config.mode === "ipv6only") {
    lan = await setupIpv6(ctx, lanBase, config);
  } else {
    lan = await setupIpv4(ctx, lanBase, config.lan === "static" ? "static" : "dhcp", config.lanStatic);
    if (config.wan !== "none") {
      const wanUp = await applyPortLink(ctx, PORT.WAN, config.ports.wan);
      const wanBase = { iface: "WAN" as const, port: PORT.WAN, dev: PORT.WAN, carrier: await waitCarrier(ctx, PORT.WAN, wanUp) };
      wan = await setupIpv4(ctx, wanBase, config.wan, config.wanStatic);
    } else if (await exists(ctx, PORT.WAN)) {
      await flushIpv4(ctx, PORT.WAN); // an unconfigured WAN holds no address (it would shadow LAN routes)
    }
    await installRoutes(ctx, lan, wan);
  }
  const applied: Applied = Object.freeze({ mode: config.mode, family: config.mode === "ipv6only" ? 6 : 4, lan, wan, mgmt: wan ? "WAN" : "LAN", vlan: config.vlan });
  await mkdir(ctx.stateDir, { recursive: true });
  await writeFile(join(ctx.stateDir, "resolvers.json"), JSON.stringify({ lan: lan.dns, wan: wan?.dns ?? [] }, null, 1) + "\n");
  return applied;
}
