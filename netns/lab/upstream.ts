// Upstream platform mode: the lab's cloud side routes (NAT) to a real platform through a host uplink NIC, and the lab
// DNS forwards the platform's name to the given resolvers. No platform emulator starts; the uplink takes the `cloud`
// host's role. The NIC moves into the router namespace that leads to the cloud and goes back to the host afterwards.
import { isIP } from "node:net";
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import type { Deadline } from "../util/deadline.ts";
import { run, runIn } from "../util/sh.ts";
import { overlaps, parseCidr } from "../topology/cidr.ts";
import type { Topology } from "../topology/schema.ts";
import { giveBack, moveNic, nicRecordPath } from "./nics.ts";

/** The uplink's name inside the router namespace. */
export const UPLINK_INSIDE = "up0";

const ifname = z.string().regex(/^[A-Za-z0-9_.:-]{1,15}$/, "a host interface name (1-15 characters)");
const ip = z.string().refine((s) => isIP(s) !== 0, "an IP address");

/** Upstream mode as a lab option (the inventory's `platform: {mode: upstream, ...}` minus `activate`). */
export const upstreamSchema = z
  .object({
    /** Host NIC leading to the real platform's network. */
    uplink: ifname,
    /** The real platform's URL; its host name is what the lab DNS forwards. */
    url: z.string().refine((u) => /^https:\/\/[^/:]+(:\d+)?(\/.*)?$/.test(u), "an https:// URL"),
    /** Resolvers (reached through the uplink) the platform's name is forwarded to. */
    dns: z.array(ip).min(1, "at least one resolver address"),
    /** The uplink's IPv4 address with prefix length inside the lab (default: the one it has in the host namespace). */
    address: z.string().refine((s) => parseCidr(s)?.family === 4, "an IPv4 address with prefix length, e.g. 192.0.2.10/24").optional(),
    /** Next hop on the uplink (default: the host's default gateway through it). */
    gateway: z.string().refine((s) => isIP(s) === 4, "an IPv4 address").optional(),
  })
  .strict();

export type UpstreamInput = z.input<typeof upstreamSchema>;
export type UpstreamOptions = Readonly<z.output<typeof upstreamSchema>>;

/** Upstream mode cannot be set up; the message names the option or interface and what was expected and found. */
export class UpstreamError extends Error {
  override readonly name = "UpstreamError";
}

/** Validate the option once; the message names the field, what was expected and what was found. */
export function upstreamOptions(input: unknown, where = "Lab.up option `upstream`"): UpstreamOptions {
  const r = upstreamSchema.safeParse(input);
  if (r.success) return Object.freeze(r.data);
  const i = r.error.issues[0]!;
  const field = i.code === "unrecognized_keys" ? i.keys[0] : i.path.join(".");
  const found = i.path.reduce<unknown>((o, k) => (o as Record<PropertyKey, unknown> | undefined)?.[k as PropertyKey], input);
  const expected = i.code === "unrecognized_keys" ? "absent (not a known field; known: uplink, url, dns, address, gateway)" : i.message;
  throw new UpstreamError(`Expected \`${field}\` to be ${expected}, got ${JSON.stringify(found) ?? "nothing"} in ${where}`);
}

/** The platform's host name from its URL. */
export function platformName(url: string): string {
  return new URL(url).hostname;
}

/** What upstream mode changes in a topology, and where the uplink goes. */
export interface UpstreamPlan {
  readonly topology: Topology;
  /** The host whose platform emulator the uplink replaces. */
  readonly cloud: string;
  /** The router host leading to the cloud: the uplink moves into its namespace. */
  readonly router: string;
}

/**
 * The topology for upstream mode (pure): the platform emulator removed; each lab DNS that answered the emulator's
 * names or address drops those records and forwards the real platform's name to the given resolvers instead. Fails (naming the topology)
 * when no host runs the emulator or none routes to it.
 */
export function upstreamTopology(topology: Topology, o: UpstreamOptions): UpstreamPlan {
  const cloud = Object.entries(topology.hosts).find(([, h]) => h.services?.platform)?.[0];
  if (!cloud) throw new UpstreamError(`Topology ${topology.name}: upstream mode replaces the platform emulator's host, but no host runs the platform service`);
  const link = topology.links.find((l) => l.endpoints.some((e) => e.startsWith(`${cloud}:`)));
  const router = link?.endpoints.find((e) => !e.startsWith(`${cloud}:`))?.split(":")[0];
  if (!router) throw new UpstreamError(`Topology ${topology.name}: upstream mode moves the uplink into the router that leads to ${cloud}, but ${cloud} has no link`);
  const emulator = topology.hosts[cloud]!.services!.platform!;
  const emulatorNames = new Set([...(emulator.names ?? ["qualysguard.qualys.test"])].map((n) => n.toLowerCase()));
  const name = platformName(o.url);
  const hosts = Object.fromEntries(
    Object.entries(topology.hosts).map(([hostName, h]) => {
      if (!h.services) return [hostName, h];
      const services = { ...h.services };
      if (hostName === cloud) delete services.platform;
      const d = services.dnsmasq;
      if (d?.dns) {
        const records = d.dns.records.filter((r) => r.address !== emulator.address && !emulatorNames.has(r.name.toLowerCase()) && r.name.toLowerCase() !== name);
        // Only a DNS that answered the platform's name forwards it now; the others keep answering as before (a split
        // lab's LAN DNS knows no platform, and must not start sending queries it has no route for).
        if (records.length !== d.dns.records.length) services.dnsmasq = { ...d, dns: { ...d.dns, records, forward: [...d.dns.forward, { name, servers: [...o.dns] }] } };
      }
      return [hostName, { ...h, services }];
    }),
  );
  return { topology: Object.freeze({ ...topology, hosts }) as Topology, cloud, router };
}

/** The uplink's IPv4 settings: given, or read from the host namespace before the move. */
interface UplinkConfig {
  address: string;
  gateway: string;
  /** What the host had on the NIC before it moved (restored when it comes back). */
  hostAddresses: string[];
  hostGateway: string | undefined;
  hostUp: boolean;
}

/** Whether the link is administratively up, from `ip -j addr` output. */
export function parseUp(json: string): boolean {
  const links = JSON.parse(json || "[]") as { flags?: string[] }[];
  return links.some((l) => l.flags?.includes("UP"));
}

/** IPv4 addresses (CIDR) of `ifname` from `ip -j addr` output. */
export function parseAddresses(json: string): string[] {
  const links = JSON.parse(json || "[]") as { addr_info?: { family: string; local: string; prefixlen: number }[] }[];
  return links.flatMap((l) => (l.addr_info ?? []).filter((a) => a.family === "inet").map((a) => `${a.local}/${a.prefixlen}`));
}

/** The gateway of a default route from `ip -j route show default dev X` output. */
export function parseGateway(json: string): string | undefined {
  const routes = JSON.parse(json || "[]") as { dst?: string; gateway?: string }[];
  return routes.find((r) => r.dst === "default" && r.gateway)?.gateway;
}

async function uplinkConfig(o: UpstreamOptions): Promise<UplinkConfig> {
  const shown = await run("ip", ["-j", "addr", "show", "dev", o.uplink], { allowFailure: true });
  if (shown.exitCode !== 0) throw new UpstreamError(`Upstream uplink ${o.uplink}: expected a NIC in the host namespace, got none (${shown.stderr.trim() || "no such device"})`);
  const hostAddresses = parseAddresses(shown.stdout);
  const hostGateway = parseGateway((await run("ip", ["-j", "-4", "route", "show", "default", "dev", o.uplink], { allowFailure: true })).stdout);
  const address = o.address ?? hostAddresses[0];
  const gateway = o.gateway ?? hostGateway;
  if (!address) throw new UpstreamError(`Upstream uplink ${o.uplink}: it has no IPv4 address in the host namespace; give the option \`address\` (e.g. 192.0.2.10/24)`);
  if (!gateway) throw new UpstreamError(`Upstream uplink ${o.uplink}: no default route of the host goes through it; give the option \`gateway\``);
  return { address, gateway, hostAddresses, hostGateway, hostUp: parseUp(shown.stdout) };
}

/** Every IPv4 subnet the lab uses (interface addresses of the topology). */
function labSubnets(topology: Topology): string[] {
  return Object.values(topology.hosts).flatMap((h) => Object.values(h.addresses ?? {}).flat());
}

/** A running uplink: give it back to the host (idempotent). */
export interface Uplink {
  readonly router: string;
  readonly routerNs: string;
  readonly inside: string;
  readonly address: string;
  readonly gateway: string;
  release(): Promise<void>;
}

/**
 * Move the uplink into the router's namespace as `up0`, address it, route the lab's default there and masquerade
 * what leaves through it (nftables). The move is recorded in the run directory first (nics.json), so the sweeper gives
 * the NIC back after a crash; `upstream.json` keeps what the host had on it, restored on release.
 */
export async function attachUplink(runDir: string, topology: Topology, router: string, routerNs: string, o: UpstreamOptions, deadline: Deadline): Promise<Uplink> {
  const cfg = await uplinkConfig(o);
  const mine = parseCidr(cfg.address)!;
  const clash = labSubnets(topology).find((s) => {
    const c = parseCidr(s);
    return c !== undefined && overlaps(c, mine);
  });
  if (clash) throw new UpstreamError(`Upstream uplink ${o.uplink}: its address ${cfg.address} overlaps the lab's ${clash} in topology ${topology.name}; the lab would not know which way to route`);
  await writeFile(join(runDir, "upstream.json"), `${JSON.stringify({ uplink: o.uplink, hostAddresses: cfg.hostAddresses, hostGateway: cfg.hostGateway ?? null, hostUp: cfg.hostUp }, null, 2)}\n`);
  const move = await moveNic(runDir, o.uplink, routerNs, UPLINK_INSIDE);
  const t = { timeoutMs: Math.max(1, Math.round(deadline.remaining)) };
  const release = once(() => releaseUplink(runDir, move));
  try {
    await runIn(routerNs, "ip", ["link", "set", "dev", UPLINK_INSIDE, "up"], t);
    await runIn(routerNs, "ip", ["addr", "add", cfg.address, "dev", UPLINK_INSIDE], t);
    await runIn(routerNs, "ip", ["route", "replace", "default", "via", cfg.gateway, "dev", UPLINK_INSIDE], t);
    await runIn(routerNs, "sysctl", ["-qw", "net.ipv4.ip_forward=1"], t);
    const rules = `table ip hil_upstream {\n  chain postrouting {\n    type nat hook postrouting priority srcnat; policy accept;\n    oifname "${UPLINK_INSIDE}" masquerade\n  }\n}\n`;
    await runIn(routerNs, "nft", ["-f", "-"], { ...t, input: rules });
  } catch (error) {
    await release().catch(() => undefined);
    throw error;
  }
  return { router, routerNs, inside: UPLINK_INSIDE, address: cfg.address, gateway: cfg.gateway, release };
}

/** Give the NIC back under its own name and put back the IPv4 addresses and default route the host had on it. */
async function releaseUplink(runDir: string, move: Parameters<typeof giveBack>[0]): Promise<void> {
  await giveBack(move);
  // Back: no longer recorded as held by this run (other NICs of the run, a hardware DUT's, stay recorded).
  const record = nicRecordPath(runDir);
  const held = await readFile(record, "utf8").then((t) => JSON.parse(t) as { ns: string; inside: string }[], () => undefined);
  if (held) {
    const left = held.filter((m) => !(m.ns === move.ns && m.inside === move.inside));
    if (left.length) await writeFile(record, `${JSON.stringify(left, null, 2)}\n`);
    else await rm(record, { force: true });
  }
  const saved = await readFile(join(runDir, "upstream.json"), "utf8").then((t) => JSON.parse(t) as { uplink: string; hostAddresses: string[]; hostGateway: string | null; hostUp: boolean }, () => undefined);
  if (!saved) return;
  for (const a of saved.hostAddresses) await run("ip", ["addr", "add", a, "dev", saved.uplink], { allowFailure: true });
  if (saved.hostUp) await run("ip", ["link", "set", "dev", saved.uplink, "up"], { allowFailure: true });
  if (saved.hostGateway) await run("ip", ["route", "add", "default", "via", saved.hostGateway, "dev", saved.uplink], { allowFailure: true });
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let p: Promise<void> | undefined;
  return () => (p ??= fn());
}
