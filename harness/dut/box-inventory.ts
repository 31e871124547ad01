// The inventory entry of a twin box (what a lab writes for a real appliance): name, tty, NICs, model, serial, power
// commands a PDU would have, and the box's self-description (console line, timings). Written into a lab.yaml as plain
// YAML: the entry of the same name is replaced, others are kept; a missing file is created with `version: 1`.
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { Document, isMap, isSeq, parseDocument, YAMLSeq } from "yaml";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { BoxInfo } from "./box.ts";
import { DutError } from "./errors.ts";
import { PYTHON } from "../../netns/util/python.ts";

/** The power helper (python3, no dependencies): `box-power.py SOCKET on|off|cut`, exit 0 only on the box's `ok`. */
export const POWER_HELPER = join(dirname(fileURLToPath(import.meta.url)), "box-power.py");

/** The shell command line pressing `action` on the box whose control socket is `control`. */
export function powerCommandLine(control: string, action: "on" | "off" | "cut"): string {
  return `${PYTHON} ${POWER_HELPER} ${control} ${action}`;
}

/** The entry, in the inventory's schema (harness/dut/inventory.ts): `off` presses the box's power button (a clean
 *  shutdown), `cut` pulls its plug; the console's line settings; the timings at the box's time scale, with that scale
 *  and the fraction of real time each kind of wait runs at (projections divide by them). */
export function inventoryEntry(box: BoxInfo): Record<string, unknown> {
  const d = box.description;
  return {
    name: box.name,
    tty: box.tty,
    lan: box.lan,
    wan: box.wan,
    model: d.model,
    serial: d.serial,
    power: { command: { on: powerCommandLine(box.control, "on"), off: powerCommandLine(box.control, "off"), cut: powerCommandLine(box.control, "cut") } },
    console: { profile: d.console.profile, line: { baudRate: d.console.baud, dataBits: d.console.dataBits, parity: d.console.parity, stopBits: d.console.stopBits } },
    timings: { ...d.timings, timeScale: d.timeScale, scales: d.scales },
    // The platform it trusts: the lab's emulator signed by the CA the box was given (its key beside it, as
    // `hil ca init` makes them), so every lab this box is cabled into serves a certificate it trusts.
    ...(box.platformCa ? { platform: { mode: "emulator", ca: { cert: box.platformCa, key: join(dirname(box.platformCa), "ca.key") } } } : {}),
  };
}

/** The entry as YAML, with a comment per timing saying where it comes from. */
export function entryYaml(box: BoxInfo): string {
  const doc = new Document({ appliances: [inventoryEntry(box)] });
  const timings = (doc.getIn(["appliances", 0, "timings"], true) as { items: { key: { value: string; commentBefore?: string } }[] });
  for (const item of timings.items) {
    const source = box.description.sources[item.key.value];
    if (source) item.key.commentBefore = ` ${source}`;
  }
  return doc.toString({ lineWidth: 0 });
}

/** Add or replace the entry of `box` in the inventory `file` (created with `version: 1` when missing). */
export async function writeInventoryEntry(file: string, box: BoxInfo): Promise<void> {
  const entry = inventoryEntry(box);
  const doc = existsSync(file) ? parseDocument(await readFile(file, "utf8")) : new Document({ version: 1, appliances: [] });
  if (doc.errors.length) throw new DutError(`Invalid inventory ${file}: expected valid YAML, found ${doc.errors[0]!.message.split("\n")[0]}`);
  if (!isMap(doc.contents)) throw new DutError(`Invalid inventory ${file} at (root): expected a mapping with version and appliances, found ${JSON.stringify(doc.toJS())}`);
  if (!doc.has("version")) doc.set("version", 1);
  let list = doc.get("appliances", true);
  if (list === undefined || list === null) {
    list = new YAMLSeq();
    doc.set("appliances", list);
  }
  if (!isSeq(list)) throw new DutError(`Invalid inventory ${file} at appliances: expected a list, found ${JSON.stringify((list as { toJSON?: () => unknown }).toJSON?.() ?? list)}`);
  const i = list.items.findIndex((item) => isMap(item) && item.get("name") === box.name);
  const node = doc.createNode(entry);
  if (i >= 0) list.items[i] = node;
  else list.items.push(node);
  await writeFile(file, doc.toString({ lineWidth: 0 }));
}
