// The lab inventory (lab.yaml): which appliances are cabled to this host, their tty, NICs, model and power.
import { readFile } from "node:fs/promises";
import { parse } from "yaml";
import { z } from "zod";
import { inventoryInvalid, unknownAppliance } from "./errors.ts";

const ifname = z.string().regex(/^[A-Za-z0-9_.:-]{1,15}$/, "a host interface name (1-15 characters)");
const power = z.union([
  z.literal("none"),
  z.object({ command: z.object({ on: z.string().min(1), off: z.string().min(1) }).strict() }).strict(),
]);
const appliance = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9_.-]+$/, "a name of letters, digits, '_', '.', '-'"),
    tty: z.string().regex(/^\/dev\/\S+$/, "a tty path like /dev/ttyUSB0"),
    lan: ifname,
    wan: ifname.optional(),
    model: z.enum(["current", "legacy"]),
    serial: z.string().min(1, "the appliance's serial number"),
    power,
  })
  .strict();
const schema = z.object({ version: z.literal(1), appliances: z.array(appliance).min(1, "at least one appliance") }).strict();

/** One appliance of the inventory. */
export type Appliance = Readonly<z.infer<typeof appliance>>;
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

/** Validate inventory data (already parsed from YAML); errors name the file, the path, expected and found. */
export function parseInventory(data: unknown, file: string): Inventory {
  const r = schema.safeParse(data);
  if (!r.success) {
    const i = r.error.issues[0]!;
    const value = i.path.reduce<unknown>((o, k) => (o as Record<PropertyKey, unknown> | undefined)?.[k as PropertyKey], data);
    if (i.code === "unrecognized_keys") {
      throw inventoryInvalid(file, pathText(i.path), `no key ${i.keys.map((k) => JSON.stringify(k)).join(", ")} (allowed: ${allowedKeys(i.path)})`, found(i.keys[0]));
    }
    const expected = i.code === "invalid_union" && pathText(i.path).endsWith("power") ? `none or {command: {on, off}}` : expectedText(i.message);
    throw inventoryInvalid(file, pathText(i.path), expected, found(value));
  }
  const names = new Set<string>();
  r.data.appliances.forEach((a, i) => {
    if (names.has(a.name)) throw inventoryInvalid(file, `appliances[${i}].name`, "a name not used by another appliance", found(a.name));
    names.add(a.name);
    if (a.wan === a.lan) throw inventoryInvalid(file, `appliances[${i}].wan`, "a NIC other than lan", found(a.wan));
  });
  return Object.freeze({ file, appliances: Object.freeze(r.data.appliances.map((a) => Object.freeze(a))) });
}

/** zod's message reduced to what was expected ("expected string, received undefined" -> "string"). */
function expectedText(message: string): string {
  return message.replace(/^Invalid (input|option): expected /, "").replace(/, received .*$/, "");
}

function allowedKeys(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "version, appliances";
  if (path.at(-1) === "command") return "on, off";
  if (path.at(-1) === "power") return "command";
  return Object.keys(appliance.shape).join(", ");
}

/** Read and validate `file` (YAML). */
export async function loadInventory(file: string): Promise<Inventory> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw inventoryInvalid(file, "", "a readable YAML file", (error as NodeJS.ErrnoException).code ?? String(error));
  }
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    throw inventoryInvalid(file, "", "valid YAML", (error as Error).message.split("\n")[0]!);
  }
  return parseInventory(data, file);
}

/** The appliance called `name`. */
export function applianceNamed(inv: Inventory, name: string): Appliance {
  const a = inv.appliances.find((x) => x.name === name);
  if (!a) throw unknownAppliance(inv.file, name, inv.appliances.map((x) => x.name));
  return a;
}
