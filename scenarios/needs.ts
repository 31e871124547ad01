// What a scenario needs of its appliance, derived from what it asks of the rig rather than written by hand: its model
// (spec.model), and from its lab what the appliance's cabling must give: a link to the appliance's WAN port needs
// `wan`, VLANs on a link to one of its ports need `vlan` (the switch port is a trunk), an IPv6 address in the lab needs
// `ipv6` (the lab network carries IPv6 to it). Read synchronously: a test's timeout is sized at collection from the
// pool members that fit.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { FEATURES, type Feature } from "../harness/dut/inventory.ts";
import type { Needs } from "../harness/dut/pool.ts";
import { parseTopology, parseTopologyYaml, PRESET_DIR } from "../netns/topology/load.ts";
import type { Topology, TopologyInput } from "../netns/topology/schema.ts";
import type { SessionSpec } from "./spec.ts";

/** The tags a lab needs its appliance to have, in FEATURES order. */
export function labFeatures(t: Pick<Topology, "hosts" | "links">): Feature[] {
  const dutLinks = t.links.filter((l) => l.endpoints.some((e) => e.startsWith("dut:")));
  const wan = dutLinks.some((l) => l.endpoints.includes("dut:wan0"));
  const vlan = dutLinks.some((l) => (l.vlans?.length ?? 0) > 0);
  const ipv6 = Object.values(t.hosts).some((h) => Object.values(h.addresses ?? {}).some((list) => list.some((cidr) => cidr.includes(":"))));
  const has: Record<Feature, boolean> = { wan, vlan, ipv6 };
  return FEATURES.filter((f) => has[f]);
}

const presets = new Map<string, Feature[]>();

/** The tags of a scenario's lab (a preset name, a YAML file, or a topology object); none without a lab. */
export function featuresOfLab(lab: string | TopologyInput | undefined): Feature[] {
  if (lab === undefined) return [];
  if (typeof lab !== "string") return labFeatures(parseTopology(lab));
  let known = presets.get(lab);
  if (!known) {
    const file = lab.includes("/") || /\.ya?ml$/.test(lab) ? lab : join(PRESET_DIR, `${lab}.yaml`);
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (error) {
      throw new Error(`scenario needs: the lab ${JSON.stringify(lab)} cannot be read at ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)}); expected a preset of fixtures/labs or a topology file`, { cause: error });
    }
    presets.set(lab, (known = labFeatures(parseTopologyYaml(text, file))));
  }
  return [...known];
}

/** What a scenario with `spec` needs of its appliance. */
export function needsOf(spec: SessionSpec = {}): Needs {
  return { model: spec.model ?? "current", features: featuresOfLab(spec.lab) };
}
