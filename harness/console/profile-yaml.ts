// A screen profile as YAML: on its own (stdout), or written into one appliance of an inventory file as
// `console: { profile: {...} }`, keeping the rest of the file (comments, order, other keys) as it was.
import { readFile, rename, writeFile } from "node:fs/promises";
import { Document, isMap, isSeq, parseDocument, visit, type Node } from "yaml";
import type { ScreenProfile } from "./profile.ts";

/** The profile as a YAML node of `doc`; cells ({row, col}) and small maps on one line, as a person would write them. */
function profileNode(doc: Document, profile: ScreenProfile): Node {
  const node = doc.createNode(JSON.parse(JSON.stringify(profile))) as Node;
  visit(node, { Map: (_, map) => void (map.items.every((p) => !isMap(p.value) && !isSeq(p.value)) && map.items.length <= 4 && (map.flow = true)) });
  return node;
}

/** The profile as a YAML document, with `comments` above it. */
export function profileYaml(profile: ScreenProfile, comments: readonly string[] = []): string {
  const doc = new Document();
  doc.contents = profileNode(doc, profile) as never;
  const head = comments.map((c) => `# ${c}\n`).join("");
  return `${head}${doc.toString()}`;
}

/** The inventory cannot take the profile; the message names the file, the path and what was found. */
export class InventoryEditError extends Error {
  override readonly name = "InventoryEditError";
}

/** Put `profile` at appliances[i].console.profile of the appliance `name` in `file` (written beside, then renamed). */
export async function writeProfileIntoInventory(file: string, name: string, profile: ScreenProfile): Promise<void> {
  const text = await readFile(file, "utf8").catch((e: NodeJS.ErrnoException) => {
    throw new InventoryEditError(`Inventory ${file}: expected a readable YAML file, got ${e.code ?? e.message}`);
  });
  const doc = parseDocument(text);
  if (doc.errors.length) throw new InventoryEditError(`Inventory ${file}: expected valid YAML, got ${doc.errors[0]!.message.split("\n")[0]}`);
  const list = doc.get("appliances");
  if (!isSeq(list)) throw new InventoryEditError(`Inventory ${file}: expected a list at appliances, got ${list === undefined ? "nothing" : "another value"}`);
  const index = list.items.findIndex((item) => isMap(item) && item.get("name") === name);
  if (index < 0) {
    const names = list.items.map((item) => (isMap(item) ? String(item.get("name")) : "?"));
    throw new InventoryEditError(`Inventory ${file}: no appliance named ${JSON.stringify(name)} (appliances: ${names.join(", ") || "none"})`);
  }
  const existing = doc.getIn(["appliances", index, "console"]);
  if (existing !== undefined && !isMap(existing)) throw new InventoryEditError(`Inventory ${file}: expected a map at appliances[${index}].console, got another value`);
  doc.setIn(["appliances", index, "console", "profile"], profileNode(doc, profile));
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, doc.toString());
  await rename(tmp, file);
}
