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
import { SERVICE_KINDS, type ServiceBackend, type ServiceKind } from "../../../netns/topology/services.ts";
import { orList, refuse, runGroup, type Args, type Subcommand } from "../args.ts";
import { summaryOf } from "./index.ts";

const summary = summaryOf("lab");

const SERVICE_CHOICES = ["all", "none", ...SERVICE_KINDS];
/** "lan0=NIC[,wan0=NIC]" as pairs, or undefined when it is not that. */
const cablePairs = (v: string) => {
  const pairs = v.split(",").map((kv) => kv.split("="));
  return pairs.every((p) => p.length === 2 && p[0] && p[1]) ? (pairs as [string, string][]) : undefined;
};
const positive = (what: string) => (v: string) => (/^\d+$/.test(v) && Number(v) > 0 ? undefined : what);

const SUBCOMMANDS: Record<string, Subcommand> = {
  up: {
    spec: {
      name: "hil lab up",
      summary: "build a lab from a preset or a topology file, detached (it stays up after the command returns)",
      positionals: [{ name: "PRESET|FILE.yaml" }],
      options: {
        name: { type: "string", value: "NAME", help: "the lab's name (default: derived from the run)" },
        services: { type: "string", value: "LIST", help: "the services to start: all, none or some", default: "all", choices: SERVICE_CHOICES, list: true },
        backend: { type: "string", value: "process|docker", help: "where services that name no backend run: host processes or containers (default: HIL_SERVICE_BACKEND, else process)", choices: ["process", "docker"] },
        cable: { type: "string", value: "lan0=NIC[,wan0=NIC]", help: "host NICs cabled to a hardware appliance take the place of the lab ends of its links (given back at down)", check: (v) => (cablePairs(v) ? undefined : "lan0=NIC[,wan0=NIC]") },
        json: { type: "boolean", help: "print the lab's name, prefix, directory and namespaces as JSON" },
      },
    },
    run: up,
  },
  exec: {
    spec: { name: "hil lab exec", summary: "run a command in a lab host's namespace; its exit code is passed back", positionals: [{ name: "NAME" }, { name: "HOST" }], rest: "CMD [ARGS...]" },
    run: exec,
  },
  fault: {
    spec: {
      name: "hil lab fault",
      summary: "apply a fault to a running lab, or clear the faults of a host",
      positionals: [{ name: "NAME" }, { name: "FAULT" }, { name: "HOST" }, { name: "ARG1", optional: true }, { name: "ARG2", optional: true }],
      options: {
        to: { type: "string", value: "ADDR", help: "drop|reject: destination address" },
        from: { type: "string", value: "ADDR", help: "drop|reject: source address" },
        port: { type: "string", value: "N", help: "drop|reject: destination port", check: (v) => (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 65535 ? undefined : "a port 1-65535") },
        proto: { type: "string", value: "LIST", help: "drop|reject: protocols", choices: ["tcp", "udp"], list: true },
        reject: { type: "boolean", help: "dns-unreachable: refuse instead of dropping" },
      },
      notes: ["faults:", ...FAULT_USAGE.map((u) => `  ${u}`)],
    },
    run: fault,
  },
  capture: {
    spec: {
      name: "hil lab capture",
      summary: "capture on a lab host's interface; the pcap is kept after the lab is down",
      positionals: [{ name: "NAME" }, { name: "HOST" }, { name: "IFACE" }],
      options: {
        seconds: { type: "string", value: "N", help: "how long to capture (Ctrl-C stops early)", default: "10", check: positive("a whole number of seconds above 0") },
        filter: { type: "string", value: "BPF", help: "a tcpdump capture filter" },
        out: { type: "string", value: "FILE.pcap", help: "where to write (default reports/captures/NAME-HOST-IFACE-<time>.pcap)" },
      },
    },
    run: capture,
  },
  ls: { spec: { name: "hil lab ls", summary: "list the labs of this host, their state and owner", options: { json: { type: "boolean", help: "print as JSON" } } }, run: (a) => ls(a.flag("json")) },
  down: {
    spec: { name: "hil lab down", summary: "take a lab down: namespaces, links, services, its run directory", positionals: [{ name: "NAME" }] },
    run: async (args) => {
      const name = args.positional("NAME")!;
      const result = await sweep(name);
      for (const r of result.removed) console.log(`removed ${r.name} (${r.prefix}): ${r.reason}`);
      for (const r of result.kept) console.error(`kept ${r.name} (${r.prefix}): ${r.reason}`);
      if (result.removed.length === 0 && result.kept.length === 0) console.error(`hil lab down: no lab named "${name}" (see hil lab ls)`);
      return result.removed.length > 0 && result.kept.length === 0 ? 0 : 1;
    },
  },
  sweep: {
    spec: { name: "hil lab sweep", summary: "remove what dead runs left behind; say what was removed and what was kept, and why", options: { json: { type: "boolean", help: "print as JSON" } } },
    run: async (args) => {
      const result = await sweep();
      if (args.flag("json")) {
        console.log(JSON.stringify(result, null, 2));
        return 0;
      }
      for (const r of result.removed) console.log(`removed ${r.name} (${r.prefix}): ${r.reason}`);
      for (const r of result.kept) console.log(`kept ${r.name} (${r.prefix}): ${r.reason}`);
      console.log(`${result.removed.length} removed, ${result.kept.length} kept`);
      return 0;
    },
  },
};

export function main(argv: string[]): Promise<number> {
  return runGroup("hil lab", summary, SUBCOMMANDS, argv);
}

async function up(args: Args): Promise<number> {
  const spec = args.positional("PRESET|FILE.yaml")!;
  const services = args.list("services")!;
  if (services.length > 1 && services.some((s) => s === "all" || s === "none")) {
    return refuse(SUBCOMMANDS.up!.spec, `expected --services to be all, none or a comma list of ${orList(SERVICE_KINDS)}, got '${args.string("services")}'`);
  }
  const kinds = services[0] === "all" ? true : services[0] === "none" ? false : (services as ServiceKind[]);
  const name = args.string("name");
  const cable = args.string("cable");
  const cabling = cable ? Object.fromEntries(cablePairs(cable)!) : undefined;
  const backend = args.string("backend") as ServiceBackend | undefined;
  const lab = await Lab.up(spec, { detached: true, services: kinds, ...(name ? { name } : {}), ...(cabling ? { cabling } : {}), ...(backend ? { backend } : {}) });
  const info = { name: lab.name, prefix: lab.prefix, dir: lab.dir, namespaces: Object.fromEntries(lab.hosts.map((h) => [h, lab.ns(h)])), ms: Math.round(lab.timings.total ?? 0) };
  if (args.flag("json")) console.log(JSON.stringify(info, null, 2));
  else console.log(`lab ${info.name} (${info.prefix}) up in ${info.ms} ms; hosts: ${lab.hosts.join(", ")}\n  hil lab exec ${info.name} dut -- ip addr\n  hil lab down ${info.name}`);
  // Detached: the services run in their own sessions; leave them and exit now.
  setImmediate(() => process.exit(0));
  return 0;
}

async function exec(args: Args): Promise<number> {
  const lab = await Lab.attach(args.positional("NAME")!);
  const child = spawn("ip", ["netns", "exec", lab.ns(args.positional("HOST")!), ...args.rest], { stdio: "inherit" });
  return new Promise((resolve) => child.once("exit", (code, signal) => resolve(code ?? (signal ? 128 : 1))));
}

async function fault(args: Args): Promise<number> {
  const passed = [args.positional("HOST")!, args.positional("ARG1"), args.positional("ARG2")].filter((a): a is string => a !== undefined);
  for (const o of ["to", "from", "port", "proto"]) {
    const v = args.string(o);
    if (v !== undefined) passed.push(`--${o}`, v);
  }
  if (args.flag("reject")) passed.push("--reject");
  console.log(await applyFaultVerb(await Lab.attach(args.positional("NAME")!), args.positional("FAULT")!, passed));
  return 0;
}

async function capture(args: Args): Promise<number> {
  const [name, host, iface] = [args.positional("NAME")!, args.positional("HOST")!, args.positional("IFACE")!];
  const { startCapture, summarize } = await import("../../capture/index.ts");
  const lab = await Lab.attach(name);
  const file = args.string("out") ?? resolve("reports", "captures", `${name}-${host}-${iface}-${new Date().toISOString().replace(/[:.]/g, "-")}.pcap`);
  await mkdir(join(file, ".."), { recursive: true });
  const filter = args.string("filter");
  const cap = await startCapture({ ns: lab.ns(host), iface, file, deadline: Deadline.in(10_000, "tcpdump listening"), ...(filter ? { filter } : {}) });
  const seconds = Number(args.string("seconds"));
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
