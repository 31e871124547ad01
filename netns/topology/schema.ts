// The topology of a lab: one strict zod schema for YAML files and TypeScript objects (shape only;
// cross-references, CIDR overlaps and duplicates are checked in check.ts).
import { z } from "zod";
import { serviceSchemas } from "./services.ts";

/** Host names become namespace names `<prefix>-<host>`: short, lower case. */
export const HOST_NAME = /^[a-z][a-z0-9]{0,11}$/;
/** Interface names: the kernel allows 15 bytes; '.' is kept for VLAN sub-interfaces (`lan0.100`). */
export const IFACE_NAME = /^[a-z][a-z0-9_-]{0,9}$/;
/** Names of interfaces addresses may sit on: a plain interface or a VLAN sub-interface `iface.vid`. */
export const ADDR_IFACE = /^[a-z][a-z0-9_-]{0,9}(\.\d{1,4})?$/;

const hostName = z.string().regex(HOST_NAME, { error: "a host name: a-z then up to 11 of a-z0-9" });
const ifaceName = z.string().regex(IFACE_NAME, { error: "an interface name: a-z then up to 9 of a-z0-9_-" });
const endpoint = z
  .string()
  .regex(/^[a-z][a-z0-9]{0,11}:[a-z][a-z0-9_-]{0,9}$/, { error: 'an endpoint "host:iface", e.g. "dut:lan0"' });

/** An interface address with its prefix length, e.g. 10.77.1.1/24 or fd77:1::1/64 (checked in check.ts). */
const cidr = z.string();

const route = z
  .object({
    /** Destination prefix, or "default" (IPv4) / "default6" (IPv6). */
    to: z.string(),
    /** Next-hop address. */
    via: z.string(),
  })
  .strict();

const vlan = z
  .object({
    id: z.number({ error: "an integer 0-4094" }).int({ error: "an integer 0-4094" }).min(0, { error: "an integer 0-4094" }).max(4094, { error: "an integer 0-4094" }),
    /** Hosts (of this link's two endpoints) that get the sub-interface `iface.id`; default: both. */
    on: z.array(hostName).optional(),
  })
  .strict();

const link = z
  .object({
    endpoints: z.tuple([endpoint, endpoint], { error: 'two endpoints ["host:iface", "host:iface"]' }),
    /** 802.1Q VLANs this link carries as a trunk. */
    vlans: z.array(vlan).optional(),
  })
  .strict();

const host = z
  .object({
    /** Route between interfaces (IPv4 and IPv6 forwarding on). */
    forwarding: z.boolean().optional(),
    /** Bridges inside the host: bridge name -> its ports (interfaces of this host). */
    bridges: z.record(ifaceName, z.array(ifaceName)).optional(),
    /** Interface -> its addresses (CIDR), e.g. `br0: [10.77.1.1/24, fd77:1::1/64]`. */
    addresses: z.record(z.string().regex(ADDR_IFACE, { error: "an interface name or iface.vid" }), z.array(cidr)).optional(),
    routes: z.array(route).optional(),
    /** Services that run in this host: kind -> options (the services' own schemas). */
    services: serviceSchemas.optional(),
  })
  .strict();

export const topologySchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, { error: "a lab name of a-z0-9-" }),
    description: z.string().optional(),
    hosts: z.record(hostName, host),
    links: z.array(link).default([]),
  })
  .strict();

/** A topology as written (YAML or object literal). */
export type TopologyInput = z.input<typeof topologySchema>;
/** A validated topology (defaults applied, frozen). */
export type Topology = Readonly<z.output<typeof topologySchema>>;
export type HostSpec = z.output<typeof host>;
export type LinkSpec = z.output<typeof link>;
export type RouteSpec = z.output<typeof route>;
