// Scans pushed by the platform: probe traffic (ICMP echo, TCP connects) to the targets on the LAN, on the job's VLAN
// (portal VLAN) or the UI VLAN, following the portal's static routes; S1 lit while scanning; status and results
// uploaded over the management path; every scan cancelled on a configuration change.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { addVlan } from "../../netns/vlan/vlan.ts";
import type { TwinConfig } from "../state/config.ts";
import type { Applied } from "./apply.ts";
import { mgmtRoute, resolveMgmt, type PollAnswer } from "./check.ts";
import { has, inNs, scaled, sh, type NetContext } from "./context.ts";
import { PORT } from "./ifaces.ts";
import { applyIpv6Scanning, ipv6ScanAddress, type Ipv6ScanSetting } from "./ipv6-scan.ts";
import { post } from "./platform.ts";
import { SCAN_RULE_PREF } from "./routing.ts";
import { addressText, addressValue, parseCidr } from "../../netns/topology/cidr.ts";

const HELPER = fileURLToPath(new URL("./scan-helper.mjs", import.meta.url));
/** Ports probed on every target. */
export const SCAN_PORTS = [22, 80, 443] as const;
const MAX_HOSTS = 256;

interface Job { id: string; action: "start" | "cancel"; title: string; targets: string[]; vlanId?: number; route?: string }
interface PortalVlan { id: number; address: string; gateway?: string }

/** Expand targets (address, CIDR, a-b range) into at most 256 IPv4/IPv6 addresses. */
export function expandTargets(targets: readonly string[]): string[] {
  const out: string[] = [];
  const text = (n: bigint) => addressText(4, n);
  for (const t of targets) {
    if (t.includes(":")) out.push(t.split("/")[0]!);
    else if (t.includes("/")) {
      const net = parseCidr(t);
      if (net?.family !== 4) continue; // the platform validated the targets: nothing else reaches here
      const size = 2n ** BigInt(32 - net.prefix);
      // A /31 or /32 has no network and broadcast address to leave out.
      for (let i = size > 2n ? 1n : 0n; i < (size > 2n ? size - 1n : size) && out.length < MAX_HOSTS; i++) out.push(text(net.network + i));
    } else if (t.includes("-")) {
      const [a, b] = t.split("-").map(addressValue) as [bigint, bigint];
      for (let n = a; n <= b && out.length < MAX_HOSTS; n++) out.push(text(n));
    } else out.push(t);
  }
  return out.slice(0, MAX_HOSTS);
}

/** Run the probe helper in the namespace; a cancel kills it (its stdout so far is dropped). */
function probe(ctx: NetContext, arg: string, signal: AbortSignal): Promise<string> {
  const argv = inNs(ctx, [process.execPath, HELPER, arg]);
  return new Promise((resolve) => {
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ["ignore", "pipe", "ignore"], signal, killSignal: "SIGKILL" });
    let out = "";
    child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
    child.on("error", () => resolve(""));
    child.on("close", () => resolve(signal.aborted ? "" : out));
  });
}

/** Runs the platform's scans; `s1` is the scan LED. */
export class Scanner {
  private readonly running = new Map<string, AbortController>();
  private ended: (() => void)[] = [];
  private ran = false;
  /** The portal's IPv6-scanning setting last applied (JSON), and the application in progress. */
  private v6Setting = JSON.stringify({ mode: "off" });
  private v6: Promise<void> = Promise.resolve();
  constructor(private readonly config: TwinConfig, private readonly ctx: NetContext, private readonly applied: Applied) {
    this.v6 = applyIpv6Scanning(ctx, applied, { mode: "off" }).catch(() => undefined); // no LAN IPv6 until the portal enables it
  }

  /** S1: lit while a scan runs. */
  get s1(): boolean {
    return this.running.size > 0 || (this.ran && has(this.ctx, "s1-stays-lit"));
  }

  /** The LAN's IPv6 address for scanning (IPv4+v6 mode; null while IPv6 scanning is off or has no address yet). */
  ipv6: string | null = null;

  private async learnIpv6(): Promise<void> {
    this.ipv6 = this.applied.family === 4 ? await ipv6ScanAddress(this.ctx, this.applied).catch(() => null) : null;
  }

  /** Resolves once no scan runs. */
  idle(): Promise<void> {
    return this.running.size === 0 ? Promise.resolve() : new Promise((r) => this.ended.push(r));
  }

  /** Take the scans, static routes and VLANs of a poll answer; returns the scans started (their promises). */
  handle(answer: PollAnswer): Promise<void>[] {
    const settings = (answer.settings ?? {}) as { vlans?: PortalVlan[]; staticRoutes?: { destination: string; gateway: string }[]; ipv6Scanning?: Ipv6ScanSetting };
    const v6 = settings.ipv6Scanning ?? { mode: "off" };
    if (JSON.stringify(v6) !== this.v6Setting && !has(this.ctx, "ipv6-scanning-ignored")) {
      this.v6Setting = JSON.stringify(v6);
      this.v6 = this.v6.then(() => applyIpv6Scanning(this.ctx, this.applied, v6)).catch(() => undefined).then(() => this.learnIpv6());
    }
    const started: Promise<void>[] = [];
    for (const job of (answer.scans ?? []) as unknown as Job[]) {
      if (job.action === "cancel") this.running.get(job.id)?.abort();
      else if (!this.running.has(job.id)) started.push(this.run(job, settings.vlans ?? [], settings.staticRoutes ?? []));
    }
    return started;
  }

  /** Cancel every running scan (configuration change: CANCELING THE ONGOING SCAN). */
  cancelAll(): void {
    for (const c of this.running.values()) c.abort();
  }

  private async report(path: string, body: Record<string, unknown>): Promise<void> {
    const r = await resolveMgmt(this.config, this.ctx, this.applied);
    if ("condition" in r) return;
    const route = mgmtRoute(this.config, this.ctx, this.applied, r);
    const dev = has(this.ctx, "scan-results-on-lan") ? this.applied.lan.dev : route.dev;
    await post(this.ctx, { ...route, dev }, path, { serial: this.ctx.serial, mac: this.ctx.mac, ...body });
  }

  /** The device and source address probes leave from. */
  private async device(job: Job, vlans: PortalVlan[]): Promise<{ dev: string | undefined; address: string | undefined }> {
    // A job on a static route goes where the route sends it (e.g. through the WAN in split mode).
    if (job.route !== undefined) return { dev: undefined, address: undefined };
    if (has(this.ctx, "untagged-scan")) return { dev: PORT.LAN, address: this.applied.lan.address ?? undefined };
    const v = job.vlanId !== undefined && !has(this.ctx, "portal-vlan-ignored") ? vlans.find((x) => x.id === job.vlanId) : undefined;
    if (!v) return { dev: this.applied.lan.dev, address: this.applied.lan.address ?? undefined };
    const dev = `${PORT.LAN}.${v.id}`;
    if ((await sh(this.ctx, "ip", ["link", "show", "dev", dev])).exitCode !== 0) {
      await addVlan(this.ctx.ns!, PORT.LAN, v.id);
      await sh(this.ctx, "ip", ["addr", "add", v.address, "dev", dev]);
      await sh(this.ctx, "ip", ["link", "set", dev, "up"]);
    }
    const address = v.address.split("/")[0]!;
    const table = String(1000 + v.id);
    if (v.gateway) {
      await sh(this.ctx, "ip", ["route", "replace", "default", "via", v.gateway, "dev", dev, "table", table]);
      await sh(this.ctx, "ip", ["rule", "add", "pref", SCAN_RULE_PREF, "from", address, "lookup", table]);
    }
    return { dev, address };
  }

  private async run(job: Job, vlans: PortalVlan[], routes: { destination: string; gateway: string }[]): Promise<void> {
    const abort = new AbortController();
    this.running.set(job.id, abort);
    this.ran = true;
    try {
      if (!has(this.ctx, "static-route-ignored")) for (const r of routes) await sh(this.ctx, "ip", ["route", "replace", r.destination, "via", r.gateway]);
      await this.report(`/appliance/v1/scans/${job.id}/status`, { state: "running", progress: 0 });
      const { dev, address } = await this.device(job, vlans);
      const targets = expandTargets(job.targets);
      if (dev === PORT.LAN && this.applied.lan.dev !== PORT.LAN) {
        // untagged-scan defect: the targets are sent to on the bare trunk port, without the VLAN tag
        for (const t of targets) await sh(this.ctx, "ip", ["route", "replace", t, "dev", PORT.LAN, ...(address ? ["src", address] : [])]);
      }
      await this.v6;
      const address6 = targets.some((t) => t.includes(":")) ? await ipv6ScanAddress(this.ctx, this.applied) : null;
      if (address6 && this.applied.family === 4) this.ipv6 = address6;
      const arg = JSON.stringify({ targets, ports: SCAN_PORTS, dev, localAddress: address, localAddress6: address6, timeoutMs: scaled(this.ctx, 2000, 500) });
      const out = await probe(this.ctx, arg, abort.signal);
      if (abort.signal.aborted) return void (await this.report(`/appliance/v1/scans/${job.id}/status`, { state: "cancelled" }));
      const results = JSON.parse(out.trim() || "[]") as unknown[];
      await this.report(`/appliance/v1/scans/${job.id}/results`, { results });
      if (!has(this.ctx, "scan-end-not-reported")) await this.report(`/appliance/v1/scans/${job.id}/status`, { state: "finished", progress: 100 });
    } finally {
      this.running.delete(job.id);
      if (this.running.size === 0) for (const f of this.ended.splice(0)) f();
    }
  }
}
