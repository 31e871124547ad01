// Load a topology from a preset name, a YAML file or an object; validate it once, return it frozen.
import { readFile, readdir } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parseDocument } from "yaml";
import { checkTopology } from "./check.ts";
import { TopologyError, zodProblems } from "./errors.ts";
import { topologySchema, type Topology, type TopologyInput } from "./schema.ts";

/** Directory of the preset topologies (`fixtures/labs/<name>.yaml`). */
export const PRESET_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "fixtures", "labs");

/** Names of the preset topologies. */
export async function presetNames(): Promise<string[]> {
  const files = await readdir(PRESET_DIR).catch(() => [] as string[]);
  return files.filter((f) => f.endsWith(".yaml")).map((f) => f.slice(0, -5)).sort();
}

/** Topologies this module validated (a frozen object is not necessarily a valid one). */
const validated = new WeakSet<object>();

/** Validate a topology object; `source` names it in error messages (a file path or a description). */
export function parseTopology(input: unknown, source?: string): Topology {
  const label = source ?? objectLabel(input);
  const result = topologySchema.safeParse(input);
  if (!result.success) throw new TopologyError(label, zodProblems(result.error, input), { cause: result.error });
  const problems = checkTopology(result.data);
  if (problems.length) throw new TopologyError(label, problems);
  const topology = deepFreeze(result.data);
  validated.add(topology);
  return topology;
}

/** Parse YAML text of a topology file (`source` is the file name used in messages). */
export function parseTopologyYaml(text: string, source: string): Topology {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) {
    const problems = doc.errors.map((e) => {
      const line = e.linePos?.[0] ? `line ${e.linePos[0].line}` : "(YAML)";
      if (e.code === "DUPLICATE_KEY") return { path: line, expected: "unique names (each key once per mapping)", found: "a duplicate key" + keyNear(text, e.pos[0]) };
      return { path: line, expected: "valid YAML", found: (e.message.split("\n")[0] ?? e.code).replace(/ at line \d+, column \d+:?$/, "") };
    });
    throw new TopologyError(source, problems);
  }
  return parseTopology(doc.toJS(), source);
}

/** A preset name (`standard`), a YAML file path, or a topology object -> a validated, frozen Topology. */
export async function loadTopology(spec: string | TopologyInput | Topology): Promise<Topology> {
  if (typeof spec !== "string") return validated.has(spec) ? (spec as Topology) : parseTopology(spec);
  const isFile = spec.includes("/") || /\.ya?ml$/.test(spec);
  const file = isFile ? spec : join(PRESET_DIR, `${spec}.yaml`);
  const source = isFile ? spec : relative(process.cwd(), file) || file;
  const label = isFile ? spec : `preset "${spec}"`;
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const expected = isFile ? "a readable topology file" : `a preset name (${(await presetNames()).join(", ")}) or a file path`;
    throw new TopologyError(label, [{ path: "", expected, found: isFile ? `${(error as NodeJS.ErrnoException).code ?? "an error"} reading it` : JSON.stringify(spec) }], { cause: error });
  }
  return parseTopologyYaml(text, source);
}

function keyNear(text: string, pos: number): string {
  const key = /^\s*([^:\n]+):/.exec(text.slice(pos))?.[1]?.trim();
  return key ? ` "${key}"` : "";
}

function objectLabel(input: unknown): string {
  const name = (input as { name?: unknown } | null)?.name;
  return typeof name === "string" ? `topology "${name}"` : "topology";
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
