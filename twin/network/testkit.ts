// Test support (tests only, not the twin): a lab from a preset (optionally edited), the network context of its dut,
// and a TwinConfig builder.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "yaml";
import { Lab } from "../../netns/lab/lab.ts";
import { PRESET_DIR } from "../../netns/topology/load.ts";
import type { TopologyInput } from "../../netns/topology/schema.ts";
import { Deadline } from "../../netns/util/deadline.ts";
import { factoryDefaults, type TwinConfig } from "../state/config.ts";
import { loadEndpoint, netContext, type NetContext } from "./context.ts";
import type { NetDefectName } from "../defects.ts";

/** A preset topology as an editable object. */
export async function preset(name: string): Promise<TopologyInput> {
  return parse(await readFile(join(PRESET_DIR, `${name}.yaml`), "utf8")) as TopologyInput;
}

/** Bring up `spec` with a 60 s budget. */
export function labUp(spec: string | TopologyInput): Promise<Lab> {
  return Lab.up(spec, { deadline: Deadline.in(60_000, "lab up") });
}

/** The network context of `lab`'s dut (state in the run dir, the lab's platform, fast time). */
export async function dutContext(lab: Lab, o: { defects?: NetDefectName[]; stateDir?: string; timeScale?: number; mac?: string; serial?: string; model?: "current" | "legacy" } = {}): Promise<NetContext> {
  const platform = lab.platform && lab.services[lab.platform.host]?.platform ? await loadEndpoint(lab.platform.endpointFile) : null;
  return netContext({
    ns: lab.ns("dut"), stateDir: o.stateDir ?? lab.path("dut-net"), timeScale: o.timeScale ?? 0.05, mac: o.mac ?? "02:51:00:00:00:01",
    serial: o.serial ?? "30512", model: o.model ?? "current", platform, defects: o.defects ?? [],
  });
}

/** The portal socket of `lab`'s platform. */
export const portalSocket = (lab: Lab) => lab.portalSocket!;

/** A factory-default config with `patch` applied. */
export function config(patch: Partial<TwinConfig> = {}): TwinConfig {
  return { ...factoryDefaults("ipv4v6"), ...patch };
}

/** Static IPv4 settings (values as the fields hold them; plain dotted is accepted too). */
export function staticV4(ip: string, gateway: string, dns1: string, dns2 = "000.000.000.000", netmask = "255.255.255.000") {
  return { ip, netmask, gateway, dns1, dns2, wins1: "000.000.000.000", wins2: "000.000.000.000", domain: "" };
}
