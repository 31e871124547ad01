// Which services a host may run, with the services module's own option schemas (validated with the topology).
import { isIP } from "node:net";
import { z } from "zod";
import { dnsmasqSchema, radvdSchema, squidSchema, syslogSchema } from "../services/schema.ts";

/** The platform emulator in a host: the address it listens on (one of the host's), its names and port. */
export const platformSchema = z
  .object({
    address: z.string().refine((s) => isIP(s) !== 0, { error: "an IP address of this host" }),
    port: z.number().int().min(1).max(65535).optional(),
    names: z.array(z.string().min(1)).min(1).optional(),
  })
  .strict();

/** Service kind -> options; the lab starts each with the services module's `start<Kind>(ctx, opts)`. */
export const serviceSchemas = z
  .object({
    dnsmasq: dnsmasqSchema.optional(),
    squid: squidSchema.optional(),
    radvd: radvdSchema.optional(),
    syslog: syslogSchema.optional(),
    platform: platformSchema.optional(),
  })
  .strict();

export type ServicesSpec = z.output<typeof serviceSchemas>;
export type ServiceKind = keyof ServicesSpec;
/** Start order does not matter (services are independent); this is the order they are listed in. */
export const SERVICE_KINDS: readonly ServiceKind[] = ["dnsmasq", "radvd", "squid", "syslog", "platform"];
