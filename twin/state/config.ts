// The twin's persisted configuration: what the appliance stores on its disk (typed, validated on load).
import { z } from "zod";

const ipv4Static = z
  .object({
    ip: z.string(),
    netmask: z.string(),
    gateway: z.string(),
    dns1: z.string(),
    dns2: z.string(),
    wins1: z.string(),
    wins2: z.string(),
    domain: z.string(),
  })
  .strict();

/** The static IPv4 settings of one interface (values as displayed, zero-padded octets). */
export type Ipv4Static = z.infer<typeof ipv4Static>;

export const configSchema = z
  .object({
    version: z.literal(1),
    mode: z.enum(["ipv4v6", "ipv6only"]),
    lan: z.enum(["dhcp", "dhcp-menu", "static", "auto6", "static6"]),
    /** Set once a LAN method was confirmed from the menu (used by twin/network). */
    lanConfigured: z.boolean().default(false),
    lanStatic: ipv4Static.nullable(),
    vlan: z.number().int().min(0).max(4094),
    proxy: z
      .object({ host: z.string(), port: z.string(), user: z.string(), password: z.string() })
      .strict()
      .nullable(),
    wan: z.enum(["none", "dhcp", "static"]),
    wanStatic: ipv4Static.omit({ wins1: true, wins2: true, domain: true }).nullable(),
    ports: z.object({ lan: z.string(), wan: z.string() }).strict(),
    ipv6: z
      .object({ addr: z.string(), preflen: z.string(), gateway: z.string(), dns1: z.string(), dns2: z.string() })
      .strict()
      .nullable(),
    /** Set once the platform accepted the activation code (name-IP shown instead of the code). */
    activated: z.boolean(),
    /** The appliance ID the platform gave at activation, sent with every poll (a removed one: "This scan_id does not exist"). */
    applianceId: z.string().optional(),
  })
  .strict();

/** The whole persisted configuration. */
export type TwinConfig = z.infer<typeof configSchema>;

/** Factory defaults of a mode (manual, Reset All Network Settings). */
export function factoryDefaults(mode: TwinConfig["mode"] = "ipv4v6"): TwinConfig {
  return {
    version: 1,
    mode,
    lan: mode === "ipv4v6" ? "dhcp" : "auto6",
    lanConfigured: false,
    lanStatic: null,
    vlan: 0,
    proxy: null,
    wan: "none",
    wanStatic: null,
    ports: { lan: "AUTO", wan: "AUTO" },
    ipv6: null,
    activated: false,
  };
}
