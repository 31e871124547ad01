// `hil lab`: bring labs up detached, run commands and faults in them, capture, list, take down, sweep.
import { spawn } from "node:child_process";
import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { Deadline } from "../../../netns/util/deadline.ts";
import { Lab } from "../../../netns/lab/lab.ts";
import { listManifests } from "../../../netns/lab/manifest.ts";
import { sameProcess } from "../../../netns/lab/proc.ts";
import { sweep, verdict } from "../../../netns/lab/sweep.ts";
import { FAULT_USAGE, applyFaultVerb } from "../../../netns/lab/fault-verbs.ts";
import { presetNames } from "../../../netns/topology/load.ts";
import type { ServiceKind } from "../../../netns/topology/services.ts";

export const summary = "lab networks: up (detached), exec, fault, capture, ls, down, sweep";

const USAGE = `usage:
  hil lab up <preset|file.yaml> [--name NAME] [--services all|none|kind,...] [--cable lan0=NIC[,wan0=NIC]] [--json]
      --cable: host NICs cabled to a hardware appliance take the place of the lab ends of its links (given back at down)
  hil lab exec NAME HOST -- CMD [ARGS...]
  hil lab fault NAME <fault> ...
${FAULT_USAGE.map((u) => `      ${u}`).join("\n")}
  hil lab capture NAME HOST IFACE [--seconds N] [--filter BPF] [--out FILE.pcap]  (default: reports/captures/NAME-HOST-IFACE-<time>.pcap, kept after the lab is down)
  hil lab ls [--json]
  hil lab down NAME
  hil lab sweep [--json]`;

const opt = (argv: string[], name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};

export async function main(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  switch (sub) {
    case "up":
      return up(rest);
    case "exec":
      return exec(rest);
    case "fault": {
      const [name, verb, ...args] = rest;
      if (!name || !verb) return usage("hil lab fault: expected NAME and a fault");
      console.log(await applyFaultVerb(await Lab.attach(name), verb, args));
      return 0;
    }
    case "capture":
      return capture(rest);
    case "ls":
      return ls(rest.includes("--json"));
    case "down": {
      if (!rest[0]) return usage("hil lab down: expected NAME");
      const result = await sweep(rest[0]);
      for (const r of result.removed) console.log(`removed ${r.name} (${r.prefix}): ${r.reason}`);
      for (const r of result.kept) console.error(`kept ${r.name} (${r.prefix}): ${r.reason}`);
      if (result.removed.length === 0 && result.kept.length === 0) console.error(`hil lab down: no lab named "${rest[0]}" (see hil lab ls)`);
      return result.removed.length > 0 && result.kept.length === 0 ? 0 : 1;
    }
    case "sweep": {
      const result = await sweep();
      if (rest.includes("--json")) console.log(JSON.stringify(result, null, 2));
      else for (const r of result.removed) console.log(`removed ${r.name} (${r.prefix}): ${r.reason}`);
      if (!rest.includes("--json")) console.log(`${result.removed.length} removed, ${result.kept.length} kept`);
      return 0;
    }
    default:
      return usage(sub ? `hil lab: unknown subcommand "${sub}"` : undefined);
  }
}

function usage(problem?: string): number {
  if (problem) console.error(problem);
  console.error(USAGE);
  return 2;
}

async function up(argv: string[]): Promise<number> {
  const spec = argv.find((a, i) => !a.startsWith("--") && !["--name", "--services", "--cable"].includes(argv[i - 1] ?? ""));
  if (!spec) return usage(`hil lab up: expected a preset (${(await presetNames()).join(", ")}) or a topology file`);
  const services = opt(argv, "--services") ?? "all";
  const kinds = services === "all" ? true : services === "none" ? false : (services.split(",") as ServiceKind[]);
  const name = opt(argv, "--name");
  const cable = opt(argv, "--cable");
  const pairs = cable?.split(",").map((kv) => kv.split("="));
  if (pairs?.some((p) => p.length !== 2 || !p[0] || !p[1])) return usage(`hil lab up: expected --cable lan0=NIC[,wan0=NIC], got "${cable}"`);
  const cabling = pairs ? Object.fromEntries(pairs) : undefined;
  const lab = await Lab.up(spec, { detached: true, services: kinds, ...(name ? { name } : {}), ...(cabling ? { cabling } : {}) });
  const info = { name: lab.name, prefix: lab.prefix, dir: lab.dir, namespaces: Object.fromEntries(lab.hosts.map((h) => [h, lab.ns(h)])), ms: Math.round(lab.timings.total ?? 0) };
  if (argv.includes("--json")) console.log(JSON.stringify(info, null, 2));
  else console.log(`lab ${info.name} (${info.prefix}) up in ${info.ms} ms; hosts: ${lab.hosts.join(", ")}\n  hil lab exec ${info.name} dut -- ip addr\n  hil lab down ${info.name}`);
  // Detached: the services run in their own sessions; leave them and exit now.
  setImmediate(() => process.exit(0));
  return 0;
}

async function exec(argv: string[]): Promise<number> {
  const dash = argv.indexOf("--");
  const [name, host] = argv;
  const cmd = dash >= 0 ? argv.slice(dash + 1) : argv.slice(2);
  if (!name || !host || cmd.length === 0) return usage("hil lab exec: expected NAME HOST -- CMD...");
  const lab = await Lab.attach(name);
  const child = spawn("ip", ["netns", "exec", lab.ns(host), ...cmd], { stdio: "inherit" });
  return new Promise((resolve) => child.once("exit", (code, signal) => resolve(code ?? (signal ? 128 : 1))));
}

async function capture(argv: string[]): Promise<number> {
  const [name, host, iface] = argv;
  if (!name || !host || !iface) return usage("hil lab capture: expected NAME HOST IFACE");
  const { startCapture, summarize } = await import("../../capture/index.ts");
  const lab = await Lab.attach(name);
  const file = opt(argv, "--out") ?? resolve("reports", "captures", `${name}-${host}-${iface}-${new Date().toISOString().replace(/[:.]/g, "-")}.pcap`);
  await mkdir(join(file, ".."), { recursive: true });
  const filter = opt(argv, "--filter");
  const cap = await startCapture({ ns: lab.ns(host), iface, file, deadline: Deadline.in(10_000, "tcpdump listening"), ...(filter ? { filter } : {}) });
  const seconds = Number(opt(argv, "--seconds") ?? "10");
  console.error(`capturing on ${host}:${iface} for ${seconds} s (Ctrl-C to stop early) -> ${file}`);
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, seconds * 1000);
    process.once("SIGINT", () => (clearTimeout(timer), resolve()));
  });
  await cap.stop();
  for (const f of await cap.frames()) console.log(summarize(f));
  console.log(file);
  return 0;
}

async function ls(json: boolean): Promise<number> {
  const runs = await Promise.all(
    (await listManifests()).map(async (m) => ({
      name: m.name, prefix: m.prefix, topology: m.topology, state: m.state, detached: m.detached,
      owner: m.owner.pid, ownerAlive: await sameProcess(m.owner), sweepable: (await verdict(m)).remove, hosts: Object.keys(m.hosts),
    })),
  );
  if (json) console.log(JSON.stringify(runs, null, 2));
  else if (runs.length === 0) console.log("no labs");
  else for (const r of runs) console.log(`${r.name.padEnd(16)} ${r.prefix}  ${r.state.padEnd(8)} ${r.detached ? "detached" : `owner ${r.owner}${r.ownerAlive ? "" : " (gone)"}`}  ${r.hosts.join(",")}`);
  return 0;
}
