// A lab owner in its own process, for sweeper and signal tests: brings a lab up, prints one JSON line, then waits.
// usage: tsx owner.ts <preset> [services: all|none|dnsmasq,...] [--detached] [--name NAME] [--cable lan0=NIC[,wan0=NIC]] [--upstream JSON]
import { Lab } from "../lab.ts";
import type { ServiceKind } from "../../topology/services.ts";

const [preset = "standard", services = "none", ...rest] = process.argv.slice(2);
const kinds = services === "all" ? true : services === "none" ? false : (services.split(",") as ServiceKind[]);
const nameAt = rest.indexOf("--name");
const upstreamAt = rest.indexOf("--upstream");
const cableAt = rest.indexOf("--cable");
const cabling = cableAt >= 0 ? Object.fromEntries((rest[cableAt + 1] ?? "").split(",").map((kv) => kv.split("="))) : undefined;
const lab = await Lab.up(preset, {
  services: kinds,
  detached: rest.includes("--detached"),
  ...(nameAt >= 0 && rest[nameAt + 1] ? { name: rest[nameAt + 1] } : {}),
  ...(upstreamAt >= 0 && rest[upstreamAt + 1] ? { upstream: JSON.parse(rest[upstreamAt + 1]!) } : {}),
  ...(cabling ? { cabling } : {}),
});
const pids = Object.values(lab.services).flatMap((m) => Object.values(m).map((s) => s!.pid));
process.stdout.write(`${JSON.stringify({ prefix: lab.prefix, name: lab.name, pids, namespaces: lab.hosts.map((h) => lab.ns(h)) })}\n`);
if (rest.includes("--exit")) process.exit(0);
setInterval(() => undefined, 60_000);
