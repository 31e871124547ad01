// Validation of what the portal pushes: VLANs, static routes, IPv6 scanning, syslog forwarding, scans, updates.
import { z } from "zod";
import type { Ipv6Scanning, StaticRoute, SyslogForwarding, Vlan } from "./api.ts";
import type { ActivateRequest, LaunchScanRequest, PushUpdateRequest } from "./portal-wire.ts";
import { badField, tooManyRoutes, tooManyVlans } from "./messages.ts";
import { addressValue, contains } from "../../topology/cidr.ts";
import { hostname, ipv4, ipv6, parseIpv4Cidr, parseOrThrow, scanTarget } from "./validate.ts";

const IPV4_CIDR = "an IPv4 address with prefix length like 192.168.5.10/24";
const ipv4Addr = z.string({ error: "an IPv4 address like 192.168.5.1" }).refine(ipv4, "an IPv4 address like 192.168.5.1");
const ipv6Addr = z.string({ error: "an IPv6 address (expanded or compressed)" }).refine(ipv6, "an IPv6 address (expanded or compressed)");
const label = z.string({ error: "a name of 1-64 characters" }).min(1, "a name of 1-64 characters").max(64, "a name of 1-64 characters");

const vlanSchema = z.strictObject({
  id: z.number({ error: "an integer 1-4094" }).int("an integer 1-4094").min(1, "an integer 1-4094").max(4094, "an integer 1-4094"),
  address: z.string({ error: IPV4_CIDR }).refine((s) => !!parseIpv4Cidr(s) && !s.endsWith("/0"), IPV4_CIDR),
  gateway: ipv4Addr.optional(),
  name: label.optional(),
});

const routeSchema = z.strictObject({
  destination: z.string({ error: "a network like 10.20.0.0/16" }).refine((s) => !!parseIpv4Cidr(s), "a network like 10.20.0.0/16"),
  gateway: ipv4Addr,
  name: label.optional(),
});

/** Manual: "up to 4094 VLANs to devices with a serial number over 29000 and up to 99 VLANs to devices with a serial number under 29000". */
export function vlanLimit(serial: string): number {
  return /^[0-9]+$/.test(serial) && Number(serial) > 29000 ? 4094 : 99;
}

/** Validate a VLAN list for the appliance with `serial` (limit, ranges, unique IDs, gateway inside the subnet). */
export function parseVlans(input: unknown, serial: string): Vlan[] {
  const limit = vlanLimit(serial);
  const count = parseOrThrow(z.array(z.unknown(), { error: "a list of VLANs" }), input, "request", "vlans").length;
  if (count > limit) throw tooManyVlans(serial, limit, count);
  const list = parseOrThrow(z.array(vlanSchema), input, "request", "vlans");
  const seen = new Map<number, number>();
  list.forEach((vlan, i) => {
    const first = seen.get(vlan.id);
    if (first !== undefined) throw badField(`vlans[${i}].id`, `a VLAN ID not already used at vlans[${first}]`, vlan.id);
    seen.set(vlan.id, i);
    const net = parseIpv4Cidr(vlan.address)!;
    if (vlan.gateway && !contains(net, 4, addressValue(vlan.gateway))) {
      throw badField(`vlans[${i}].gateway`, `an address inside ${vlan.address}`, vlan.gateway);
    }
  });
  return list;
}

/** Validate a static route list (at most 99; destinations are network addresses; no duplicates). */
export function parseRoutes(input: unknown): StaticRoute[] {
  const count = parseOrThrow(z.array(z.unknown(), { error: "a list of static routes" }), input, "request", "staticRoutes").length;
  if (count > 99) throw tooManyRoutes(count);
  const list = parseOrThrow(z.array(routeSchema), input, "request", "staticRoutes");
  const seen = new Map<string, number>();
  list.forEach((route, i) => {
    const net = parseIpv4Cidr(route.destination)!;
    if (net.value !== net.network) throw badField(`staticRoutes[${i}].destination`, "a network address (host bits zero)", route.destination);
    const first = seen.get(route.destination);
    if (first !== undefined) throw badField(`staticRoutes[${i}].destination`, `a destination not already routed at staticRoutes[${first}]`, route.destination);
    seen.set(route.destination, i);
  });
  return list;
}

const ipv6Schema = z.discriminatedUnion(
  "mode",
  [
    z.strictObject({ mode: z.literal("off") }),
    z.strictObject({ mode: z.literal("auto") }),
    z.strictObject({
      mode: z.literal("static"),
      address: ipv6Addr,
      prefixLength: z.number({ error: "an integer 1-128" }).int("an integer 1-128").min(1, "an integer 1-128").max(128, "an integer 1-128"),
      gateway: ipv6Addr.optional(),
    }),
  ],
  { error: 'one of "off", "auto", "static"' },
);

/** Validate IPv6 scanning settings: off, auto (router advertisement) or static. */
export function parseIpv6(input: unknown): Ipv6Scanning {
  return parseOrThrow(ipv6Schema, input, "request", "ipv6Scanning");
}

const syslogSchema = z.union([
  z.strictObject({ enabled: z.literal(false) }),
  z.strictObject({
    enabled: z.literal(true),
    protocol: z.enum(["tcp", "udp"], { error: '"tcp" or "udp"' }),
    port: z.number({ error: "an integer 1-65535" }).int("an integer 1-65535").min(1, "an integer 1-65535").max(65535, "an integer 1-65535").default(514),
    server: z
      .string({ error: "an IPv4 or IPv6 address or a DNS host name" })
      .refine((s) => ipv4(s) || ipv6(s) || hostname(s), "an IPv4 or IPv6 address or a DNS host name"),
  }),
]);

/** Validate syslog forwarding; the port defaults to 514 (manual). */
export function parseSyslog(input: unknown): SyslogForwarding {
  const enabled = (input as { enabled?: unknown } | null)?.enabled;
  if (typeof enabled !== "boolean") throw badField("syslog.enabled", "true or false", enabled);
  return parseOrThrow(syslogSchema.options[enabled ? 1 : 0], input, "request", "syslog") as SyslogForwarding;
}

const scanSchema = z.strictObject({
  title: z.string({ error: "a title of 1-128 characters" }).min(1, "a title of 1-128 characters").max(128, "a title of 1-128 characters"),
  targets: z
    .array(z.string({ error: "an IP address, IPv4 CIDR or IPv4 range a-b" }).refine(scanTarget, "an IP address, IPv4 CIDR or IPv4 range a-b"), {
      error: "a list of targets",
    })
    .min(1, "a non-empty list of targets"),
  vlanId: z.number({ error: "an integer 1-4094" }).int("an integer 1-4094").min(1, "an integer 1-4094").max(4094, "an integer 1-4094").optional(),
  route: z.string({ error: "the destination of a static route" }).optional(),
});

/** Validate a scan launch request. */
export const parseScan = (input: unknown): LaunchScanRequest => parseOrThrow(scanSchema, input, "request", "scan");

const version = z.string({ error: "a version like 6.7.20-1" }).regex(/^[0-9]+(\.[0-9]+)*-[0-9]+$/, "a version like 6.7.20-1");
/** Validate an update push (both versions). */
export const parseUpdate = (input: unknown): PushUpdateRequest =>
  parseOrThrow(z.strictObject({ software: version, signatures: version }), input, "request", "update");

const activateSchema = z.strictObject({
  activationCode: z.string({ error: "the activation code shown by the appliance" }).min(1, "the activation code shown by the appliance"),
  username: z.string({ error: "a user name of 1-64 letters, digits, _ . -" }).regex(/^[A-Za-z0-9_.-]{1,64}$/, "a user name of 1-64 letters, digits, _ . -"),
});
/** Validate an activation request. */
export const parseActivate = (input: unknown): ActivateRequest => parseOrThrow(activateSchema, input, "request", "activation");

const pollingSchema = z.strictObject({
  seconds: z.number({ error: "a number of seconds > 0 and <= 86400" }).gt(0, "a number of seconds > 0 and <= 86400").max(86400, "a number of seconds > 0 and <= 86400"),
});
/** A true/false field of a portal body. */
export function parseFlag(value: unknown, field: string): boolean {
  if (typeof value !== "boolean") throw badField(field, "true or false", value);
  return value;
}

/** Validate a polling interval change; returns seconds. */
export const parsePolling = (input: unknown): number => parseOrThrow(pollingSchema, input, "request", "polling").seconds;

