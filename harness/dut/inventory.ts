// The lab inventory (lab.yaml): which appliances are cabled to this host, their tty, NICs, model, power, and how
// each describes itself (screen profile and line settings, timings, which platform it trusts).
import { platformSettingSchema, type PlatformSetting } from "../platform/trust.ts";
import { withHostFloors } from "./floors.ts";
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { parse } from "yaml";
import { z } from "zod";
import { ScreenProfileSchema, type ScreenProfile } from "../console/profile.ts";
import { twinProfile } from "../console/profiles/twin.ts";
import { inventoryInvalid, unknownAppliance } from "./errors.ts";
import { explainPower, powerSchema, resolvePower, type PowerSetting } from "./power-schema.ts";
import { uniformScales, type DutTimings, type WaitScales } from "./types.ts";

const ifname = z.string().regex(/^[A-Za-z0-9_.:-]{1,15}$/, "a host interface name (1-15 characters)");
const absPath = (what: string) => z.string().regex(/^\/\S+$/, what);
const power = powerSchema;
const lineOverride = ScreenProfileSchema.shape.line.partial().strict();
const consoleSchema = z
  .object({
    /** `twin` (the twin's layout, for a twin-as-hardware box), or a whole screen profile written by calibration. */
    profile: z.union([z.literal("twin"), ScreenProfileSchema]).optional(),
    /** Line settings that differ from the profile's. */
    line: lineOverride.optional(),
  })
  .strict();
const ms = z.number().int("a positive integer of milliseconds").positive("a positive integer of milliseconds");
/** `timeScale`: the fraction of real time the appliance runs at (1 for hardware; a twin-as-hardware box at 0.01):
 *  its timings are already at that scale, and projections to real hardware divide by it. */
const fraction = z.number().positive("a number above 0, at most 1").max(1, "a number above 0, at most 1");
/** `scales`: the fraction of real time its boots, checks and messages run at where it differs from timeScale (a
 *  twin-as-hardware box keeps real-time floors under its screens and network waits; default: timeScale). */
const scalesSchema = z.object({ boot: fraction, check: fraction, message: fraction }).partial().strict();
const timingsSchema = z
  .object({ bootMs: ms, messageMs: ms, checkMs: ms, keyMs: ms, timeScale: fraction, scales: scalesSchema })
  .partial()
  .strict();
/** The platform it trusts: one schema, shared with the lab side (harness/platform/trust.ts). */
const platformSchema = platformSettingSchema;

/** What an appliance's cabling gives the scenarios (inventory tags): `wan`, its WAN port cabled to the host (said by
 *  the `wan` field, its NIC); `vlan`, its LAN switch port carries 802.1Q tagged frames (a trunk); `ipv6`, the lab
 *  network carries IPv6 to it. */
export const FEATURES = ["wan", "vlan", "ipv6"] as const;
export type Feature = (typeof FEATURES)[number];
/** The tags `has` may list (wan comes from the `wan` field); absent: both, as before the field existed. */
const TAGS = ["vlan", "ipv6"] as const;
const hasSchema = z
  .array(z.enum(TAGS, { error: "vlan or ipv6 (a cabled WAN port is said by the wan field, its NIC)" }))
  .refine((tags) => new Set(tags).size === tags.length, { error: "each tag once" });
const appliance = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9_.-]+$/, "a name of letters, digits, '_', '.', '-'"),
    tty: absPath("an absolute tty path like /dev/ttyUSB0"),
    lan: ifname,
    wan: ifname.optional(),
    model: z.enum(["current", "legacy"]),
    /** What its switch port and lab network carry besides plain IPv4 on the LAN (default: [vlan, ipv6]). */
    has: hasSchema.optional(),
    serial: z.string().min(1, "the appliance's serial number"),
    power,
    console: consoleSchema.optional(),
    timings: timingsSchema.optional(),
    platform: platformSchema.optional(),
  })
  .strict();
const schema = z.object({ version: z.literal(1), appliances: z.array(appliance).min(1, "at least one appliance") }).strict();

/** A real appliance's timings when the inventory gives none. The manual: boot "takes approximately two minutes",
 *  a reboot "up to 3 minutes" (boot 180 s); the connection check's curl gives up after 30 s ("within 30 seconds",
 *  Appliance Network Errors) after DHCP and DNS (check 60 s); messages and key echo as the console allows. */
export const HARDWARE_TIMINGS: DutTimings = Object.freeze({ bootMs: 180_000, messageMs: 30_000, checkMs: 60_000, keyMs: 10_000 });
/** The lab CA a QA firmware build is made to trust, when the inventory names none. */
export const DEFAULT_CA = Object.freeze({ cert: "/var/lib/hil/ca/ca.crt", key: "/var/lib/hil/ca/ca.key" });

/** Which platform the appliance talks to: the lab's emulator (with a persistent CA) or a real platform upstream. */
export type PlatformChoice = PlatformSetting;

type RawAppliance = z.infer<typeof appliance>;
/** One appliance of the inventory, with its defaults resolved (profile with line overrides, timings, platform). */
export type Appliance = Readonly<Omit<RawAppliance, "console" | "timings" | "platform" | "power" | "has">> & {
  /** Its tags, in FEATURES order: `wan` when it has a WAN NIC, and `has` (default vlan and ipv6). */
  readonly has: readonly Feature[];
  /** Which driver powers it (harness/dut/power-schema.ts). */
  readonly power: PowerSetting;
  readonly profile: ScreenProfile;
  /** Deadlines from the appliance's timings, never below the harness's host floors (harness/dut/floors.ts). */
  readonly timings: DutTimings;
  /** The fraction of real time it runs at (inventory timings.timeScale; 1 for hardware). */
  readonly timeScale: number;
  /** The fraction of real time each kind of its waits runs at (timings.scales; default timeScale). */
  readonly scales: WaitScales;
  readonly platform: PlatformChoice;
};
/** A validated inventory. */
export interface Inventory {
  readonly file: string;
  readonly appliances: readonly Appliance[];
}

/** Describe a found value for an error message. */
function found(value: unknown): string {
  if (value === undefined) return "nothing";
  const s = JSON.stringify(value);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** Path like appliances[0].power.command from zod's issue path. */
function pathText(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : `${i ? "." : ""}${String(p)}`)).join("");
}

/** What a union at `path` accepts, in the inventory's own words. */
function unionExpected(path: string): string | null {
  if (path.endsWith("console.profile")) return "twin or a screen profile {name, cols, rows, lcd, nav, leds, mac, secretFields, line, redraw}";
  if (path.endsWith("platform")) return "{mode: emulator, ca?: {cert, key}, account?} or {mode: upstream, uplink, url, dns, activate?}";
  return null;
}

/** Validate inventory data (already parsed from YAML); errors name the file, the path, expected and found. */
export function parseInventory(data: unknown, file: string): Inventory {
  const r = schema.safeParse(data);
  if (!r.success) {
    const i = r.error.issues[0]!;
    const value = i.path.reduce<unknown>((o, k) => (o as Record<PropertyKey, unknown> | undefined)?.[k as PropertyKey], data);
    if (i.path[0] === "appliances" && i.path[2] === "power") {
      // The power field explains itself by the driver it names (harness/dut/power-schema.ts).
      const m = explainPower((data as { appliances: Record<string, unknown>[] }).appliances[i.path[1] as number]!.power);
      throw inventoryInvalid(file, pathText([...i.path.slice(0, 3), ...m.path]), m.expected, found(m.found));
    }
    if (i.code === "unrecognized_keys") {
      throw inventoryInvalid(file, pathText(i.path), `no key ${i.keys.map((k) => JSON.stringify(k)).join(", ")} (allowed: ${allowedKeys(i.path)})`, found(i.keys[0]));
    }
    const where = pathText(i.path);
    const expected = i.code === "invalid_union" && i.path.at(-1) === "mode" ? 'one of "emulator"|"upstream"' : (i.code === "invalid_union" && unionExpected(where)) || expectedText(i.message);
    throw inventoryInvalid(file, where, expected, found(value));
  }
  const names = new Set<string>();
  r.data.appliances.forEach((a, i) => {
    if (names.has(a.name)) throw inventoryInvalid(file, `appliances[${i}].name`, "a name not used by another appliance", found(a.name));
    names.add(a.name);
    if (a.wan === a.lan) throw inventoryInvalid(file, `appliances[${i}].wan`, "a NIC other than lan", found(a.wan));
    if (a.platform?.mode === "upstream" && (a.platform.uplink === a.lan || a.platform.uplink === a.wan)) {
      throw inventoryInvalid(file, `appliances[${i}].platform.uplink`, "a host NIC other than the appliance's lan and wan", found(a.platform.uplink));
    }
  });
  return Object.freeze({ file, appliances: Object.freeze(r.data.appliances.map((a) => resolveDefaults(a))) });
}

/** Fill the defaults of a real appliance: twin-shaped VT100 layout only when asked, hardware timings, the emulator. */
function resolveDefaults(a: RawAppliance): Appliance {
  const { console: con, timings, platform, power: pw, has: tags = TAGS, ...rest } = a;
  const has = Object.freeze(FEATURES.filter((f) => (f === "wan" ? a.wan !== undefined : (tags as readonly string[]).includes(f))));
  const base = con?.profile === undefined || con.profile === "twin" ? twinProfile : con.profile;
  const profile: ScreenProfile = Object.freeze({ ...base, line: Object.freeze({ ...base.line, ...(con?.line ?? {}) }) });
  const power = resolvePower(pw);
  const plat: PlatformChoice = platform?.mode === "upstream"
    ? Object.freeze({ ...platform, dns: [...platform.dns] })
    : Object.freeze({ mode: "emulator" as const, ca: Object.freeze({ ...(platform?.ca ?? DEFAULT_CA) }), ...(platform?.account ? { account: platform.account } : {}) });
  const { timeScale = 1, scales: ownScales = {}, ...own } = timings ?? {};
  const scales: WaitScales = Object.freeze({ ...uniformScales(timeScale), ...ownScales });
  return Object.freeze({ ...rest, has, power, profile, timings: withHostFloors({ ...HARDWARE_TIMINGS, ...own }), timeScale, scales, platform: plat });
}

/** zod's message reduced to what was expected ("expected string, received undefined" -> "string"). */
function expectedText(message: string): string {
  return message.replace(/^Invalid (input|option): expected /, "").replace(/, received .*$/, "");
}

function allowedKeys(path: readonly PropertyKey[]): string {
  const last = path.at(-1);
  if (path.length === 0) return "version, appliances";
  if (last === "console") return "profile, line";
  if (last === "line") return "baudRate, dataBits, parity, stopBits";
  if (last === "timings") return "bootMs, messageMs, checkMs, keyMs, timeScale, scales";
  if (last === "scales") return "boot, check, message";
  if (last === "ca") return "cert, key";
  if (last === "platform") return "mode, ca (emulator); mode, uplink, url, dns, activate (upstream)";
  if (path.includes("profile")) return "the screen profile's keys (harness/console/profile.ts)";
  return Object.keys(appliance.shape).join(", ");
}

/** Parse `text` of `file` as YAML and validate it. */
function fromText(text: string, file: string): Inventory {
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    throw inventoryInvalid(file, "", "valid YAML", (error as Error).message.split("\n")[0]!);
  }
  return parseInventory(data, file);
}

/** Read and validate `file` (YAML). */
export async function loadInventory(file: string): Promise<Inventory> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw inventoryInvalid(file, "", "a readable YAML file", (error as NodeJS.ErrnoException).code ?? String(error));
  }
  return fromText(text, file);
}

/** Read and validate `file` synchronously (at test collection, where the selected DUT sizes each test's timeout). */
export function loadInventorySync(file: string): Inventory {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw inventoryInvalid(file, "", "a readable YAML file", (error as NodeJS.ErrnoException).code ?? String(error));
  }
  return fromText(text, file);
}

/** The appliance called `name`. */
export function applianceNamed(inv: Inventory, name: string): Appliance {
  const a = inv.appliances.find((x) => x.name === name);
  if (!a) throw unknownAppliance(inv.file, name, inv.appliances.map((x) => x.name));
  return a;
}
