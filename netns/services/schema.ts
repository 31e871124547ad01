// Options of each lab service: strict zod schemas (unknown keys rejected) and their inferred types.
import { isIPv4, isIPv6 } from "node:net";
import { z } from "zod";
import { invalidOptions } from "./errors.ts";

/** An IPv4 address. */
export const ipv4 = z.string().refine((s) => isIPv4(s), "expected an IPv4 address");
/** An IPv6 address. */
export const ipv6 = z.string().refine((s) => isIPv6(s), "expected an IPv6 address");
/** An IPv4 or IPv6 address. */
export const ipAddress = z.string().refine((s) => isIPv4(s) || isIPv6(s), "expected an IPv4 or IPv6 address");
/** A Linux interface name (1-15 characters). */
export const ifName = z.string().regex(/^[A-Za-z0-9_.-]{1,15}$/, "expected an interface name of 1-15 letters, digits, _ . -");
/** A DNS name. */
export const dnsName = z.string().regex(/^(?=.{1,253}$)([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)(\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\.?$/, "expected a DNS name");
const port = z.number().int().min(1).max(65535);
const seconds = z.number().int().min(1);

/** One DHCPv4 address pool. */
export const dhcpRangeSchema = z.object({ start: ipv4, end: ipv4, leaseSeconds: seconds.min(120).default(3600) }).strict();

/** DHCPv4: pools and what the lease carries. Absent router/dnsServers = the lease has no gateway / no DNS. */
export const dhcpSchema = z
  .object({
    ranges: z.array(dhcpRangeSchema).min(1),
    netmask: ipv4.optional(),
    router: ipv4.optional(),
    dnsServers: z.array(ipv4).default([]),
    /** WINS servers (DHCP option 44, netbios-name-servers). */
    winsServers: z.array(ipv4).default([]),
    domain: dnsName.optional(),
  })
  .strict();

/** DHCPv6 (stateful addresses; router advertisements stay with radvd). */
export const dhcpv6Schema = z
  .object({
    ranges: z.array(z.object({ start: ipv6, end: ipv6, leaseSeconds: seconds.min(120).default(3600) }).strict()).min(1),
    dnsServers: z.array(ipv6).default([]),
  })
  .strict();

/** A DNS record answered from the server's own data. */
export const dnsRecordSchema = z.object({ name: dnsName, address: ipAddress }).strict();

/** DNS: local records, names answered NXDOMAIN, and a silent mode (queries dropped: clients time out). */
export const dnsSchema = z
  .object({
    port: port.default(53),
    records: z.array(dnsRecordSchema).default([]),
    nxdomain: z.array(dnsName).default([]),
    silent: z.boolean().default(false),
    /** Names without a record: "nxdomain" (every name is local; a missing AAAA is an empty answer) or "refused". */
    unknownNames: z.enum(["nxdomain", "refused"]).default("nxdomain"),
    /** Names (and their subdomains) forwarded to other resolvers instead of answered here (upstream platform mode). */
    forward: z.array(z.object({ name: dnsName, servers: z.array(ipAddress).min(1) }).strict()).default([]),
  })
  .strict();

/** dnsmasq: DHCPv4, DHCPv6 and DNS on the given interfaces only; any of the three may be absent. */
export const dnsmasqSchema = z
  .object({
    interfaces: z.array(ifName).min(1),
    dhcp: dhcpSchema.optional(),
    dhcpv6: dhcpv6Schema.optional(),
    dns: dnsSchema.optional(),
  })
  .strict()
  .refine((o) => o.dhcp || o.dhcpv6 || o.dns, "expected at least one of dhcp, dhcpv6, dns");

/** An IPv6 prefix announced by radvd. */
export const raPrefixSchema = z
  .object({
    prefix: z.string().refine((s) => /^[0-9A-Fa-f:]+\/(\d{1,3})$/.test(s) && isIPv6(s.split("/")[0]!), "expected an IPv6 prefix like 2001:db8:1::/64"),
    autonomous: z.boolean().default(true),
    onLink: z.boolean().default(true),
  })
  .strict();

/** radvd: router advertisements on one interface. */
export const radvdSchema = z
  .object({
    interface: ifName,
    prefixes: z.array(raPrefixSchema).default([]),
    rdnss: z.array(ipv6).default([]),
    dnssl: z.array(dnsName).default([]),
    managed: z.boolean().default(false),
    other: z.boolean().default(false),
    /** Router lifetime in seconds; 0 = not a default router. */
    routerLifetime: z.number().int().min(0).max(9000).default(1800),
    minIntervalSeconds: z.number().min(0.07).default(3),
    maxIntervalSeconds: z.number().min(4).max(1800).default(10),
  })
  .strict();

/** One proxy account (the password is never logged). */
export const proxyUserSchema = z.object({ user: z.string().regex(/^[A-Za-z0-9_.@\\-]{1,32}$/, "expected a user name of 1-32 letters, digits, _ . @ \\ -"), password: z.string().min(1).max(64).refine((s) => !/[\r\n]/.test(s), "expected no line breaks") }).strict();

/** squid: open, Basic or NTLM authentication, deny rules (403), short upstream timeouts (503). */
export const squidSchema = z
  .object({
    port: port.default(3128),
    listen: z.array(ipAddress).default([]),
    auth: z
      .discriminatedUnion("scheme", [
        z.object({ scheme: z.literal("none") }).strict(),
        z.object({ scheme: z.literal("basic"), users: z.array(proxyUserSchema).min(1) }).strict(),
        /** ntlm_fake_auth accepts any password; `users` limits which user names are let through (others: 407). */
        z.object({ scheme: z.literal("ntlm"), users: z.array(proxyUserSchema.shape.user).default([]) }).strict(),
      ])
      .default({ scheme: "none" }),
    /** Requests to these destinations (addresses or CIDRs) or from these users get 403. */
    deny: z.object({ destinations: z.array(z.string().min(1)).default([]), users: z.array(z.string().min(1)).default([]) }).strict().default({ destinations: [], users: [] }),
    dnsServers: z.array(ipAddress).default([]),
    connectTimeoutSeconds: seconds.max(120).default(5),
  })
  .strict();

/** syslog receiver: UDP and TCP on one port. */
export const syslogSchema = z
  .object({ port: port.default(514), udp: z.boolean().default(true), tcp: z.boolean().default(true) })
  .strict()
  .refine((o) => o.udp || o.tcp, "expected udp or tcp (or both) to be enabled");

export type DnsmasqOptions = Readonly<z.output<typeof dnsmasqSchema>>;
export type DnsmasqInput = z.input<typeof dnsmasqSchema>;
export type RadvdOptions = Readonly<z.output<typeof radvdSchema>>;
export type RadvdInput = z.input<typeof radvdSchema>;
export type SquidOptions = Readonly<z.output<typeof squidSchema>>;
export type SquidInput = z.input<typeof squidSchema>;
export type SyslogOptions = Readonly<z.output<typeof syslogSchema>>;
export type SyslogInput = z.input<typeof syslogSchema>;

/** Validate `input` against `schema` once, at the boundary; a deep-frozen result or an error naming each bad field. */
export function parseOptions<S extends z.ZodType>(kind: string, schema: S, input: unknown, where = "options"): Readonly<z.output<S>> {
  const result = schema.safeParse(input);
  if (!result.success) throw invalidOptions(kind, where, result.error, input);
  return deepFreeze(result.data);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
