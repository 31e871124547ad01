// `hil certify`: the main job. Runs the certification suite (the manual's sections under scenarios/) against a DUT
// and writes the record; `hil certify verify DIR` rechecks a record's digests.
import { readdir, stat } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { refuse, runCommand, type Args, type CommandSpec } from "../args.ts";
import { sectionFiles, select, type ScenarioRow, type Selection } from "../certify/select.ts";
import { parseShard, shardSelection, type Shard } from "../certify/shard.ts";
import { verifyCommand } from "../certify/verify.ts";


const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

const spec: CommandSpec = {
  name: "hil certify",
  summary: "Runs the manual's scenarios against a DUT and writes the certification record, JUnit XML and the HTML report.",
  options: {
    dut: { type: "string", value: "SELECTOR", help: "the device under test: twin, NAME or FILE.yaml:NAME (an appliance of an inventory), or a pool FILE.yaml:A,B or FILE.yaml:* (each section file leases a free member of its model)", default: "twin" },
    out: { type: "string", value: "DIR", help: "where the report goes (replaced; refused when DIR holds anything but an earlier report)", default: "reports/certify" },
    filter: { type: "string", value: "NAME", help: "run one scenario (its id or behaviour) or one manual section (its title), or several as a comma list" },
    shard: { type: "string", value: "I/N", help: "run only shard I of N of the selected section files (vitest's --shard; one per lab host, then `hil report merge` joins the N reports)", check: (v) => (typeof parseShard(v) === "string" ? "i/n with whole numbers 1 <= i <= n (e.g. 2/3)" : undefined) },
    reruns: { type: "string", value: "N", help: "run a scenario again up to N times (0-3) while it ends inconclusive (a line fault, a lab fault, an appliance that stopped answering; never a deviation); each attempt is kept in the record", default: "1", check: (v) => (/^[0-3]$/.test(v) ? undefined : "a whole number 0 to 3") },
    list: { type: "boolean", help: "list the scenarios (id, manual section, behaviour) and exit" },
    plan: { type: "boolean", help: "print the projected duration at real hardware timings (from the last run's waits in --out) and exit; runs nothing" },
  },
  notes: ["also:", "  hil certify verify DIR   recheck every digest of the record in DIR (evidence, JUnit, the record itself)"],
};

/** What an earlier report directory may hold; anything else in --out makes certify refuse to delete it. */
const REPORT_ENTRIES = new Set(["allure-results", "evidence", "html", "certification.json", "certification.md", "junit.xml", "vitest.log", "projection"]);

/** Why `out` must not be deleted (undefined: it is absent, empty, or an earlier report). */
export async function notAReport(out: string): Promise<string | undefined> {
  const info = await stat(out).catch(() => undefined);
  if (!info) return undefined;
  if (!info.isDirectory()) return `${out} is a file, not a report directory`;
  const foreign = (await readdir(out)).filter((e) => !REPORT_ENTRIES.has(e));
  return foreign.length ? `${out} holds ${foreign.slice(0, 3).map((e) => `'${e}'`).join(", ")}${foreign.length > 3 ? ` and ${foreign.length - 3} more` : ""}, which no report has: not deleting it` : undefined;
}

/** The scenarios of this checkout and the section file of each. */
async function selection(filter: string | undefined): Promise<Selection | { error: string }> {
  const { SCENARIOS } = await import("../../../scenarios/catalogue.ts");
  return select(filter, SCENARIOS, await sectionFiles(join(root, "scenarios"), root));
}

/** Shard `shard` of `chosen`: its files and scenarios; an error when there are fewer files than shards. */
async function sharded(chosen: Selection, shard: Shard): Promise<Selection | { error: string }> {
  if (shard.count > chosen.files.length) return { error: `expected --shard's N to be at most the ${chosen.files.length} section file(s) selected (vitest shards by file), got '${shard.index}/${shard.count}'` };
  const { SCENARIOS } = await import("../../../scenarios/catalogue.ts");
  return shardSelection(root, chosen, shard, SCENARIOS as readonly ScenarioRow[], await sectionFiles(join(root, "scenarios"), root));
}

async function certify(args: Args): Promise<number> {
  const dut = args.string("dut")!;
  const { applianceNamed, loadInventory, parseSelector } = await import("../../dut/index.ts");
  let selector: ReturnType<typeof parseSelector>;
  try {
    selector = parseSelector(dut);
  } catch (error) {
    return refuse(spec, `expected --dut to be twin, NAME, FILE.yaml:NAME or a pool FILE.yaml:NAME,NAME... / FILE.yaml:*, got '${dut}' (${(error as Error).message})`);
  }
  const whole = await selection(args.string("filter"));
  if ("error" in whole) return refuse(spec, whole.error);
  const shardValue = args.string("shard");
  const shard = shardValue === undefined ? undefined : (parseShard(shardValue) as Shard);
  const chosen = shard ? await sharded(whole, shard) : whole;
  if ("error" in chosen) return refuse(spec, chosen.error);
  if (args.flag("list")) {
    if (shard) console.log(`shard ${shard.index}/${shard.count}: ${chosen.files.join(", ")}`);
    for (const s of chosen.scenarios) console.log(`${s.id.padEnd(28)} [${s.section}] ${s.behaviour}`);
    console.log(`${chosen.scenarios.length} scenario(s)`);
    return 0;
  }
  const out = resolve(args.string("out")!);
  if (args.flag("plan")) return plan(out, chosen.scenarios.length);
  const why = await notAReport(out);
  if (why) return refuse(spec, `--out ${why}`);
  if (selector.kind === "hardware") {
    // A missing or busy console is named now, not as a hang in the first scenario.
    const { ttyProblem } = await import("../../dut/tty.ts");
    const { poolMembers } = await import("../../dut/pool.ts");
    const inventory = await loadInventory(selector.file);
    for (const appliance of selector.pool ? poolMembers(inventory, selector.pool) : [applianceNamed(inventory, selector.name)]) {
      const problem = await ttyProblem(appliance.name, appliance.tty);
      if (problem) {
        console.error(`hil certify: ${problem}`);
        return 1;
      }
    }
  }

  // A pool's files wait on its appliances, not on the CPU: a worker per appliance.
  let workers: number | undefined;
  if (selector.kind === "hardware" && selector.pool) {
    const { poolMembers } = await import("../../dut/pool.ts");
    workers = Math.max(2, poolMembers(await loadInventory(selector.file), selector.pool).length);
  }
  // Against the twin: vitest.config.ts's workers (four; a twin's scenario mostly waits: certify's vitest ran 128 s with
  // four, 91 s with six, same verdicts; HIL_WORKERS=6 for the faster run).
  const { runSuite } = await import("../certify/run.ts");
  const filter = args.string("filter");
  return runSuite({
    root,
    dut,
    out,
    selection: chosen,
    ...(filter !== undefined ? { filter } : {}),
    ...(shard ? { shard: { part: { ...shard, files: [...chosen.files], selection: whole.scenarios.map((s) => s.id) }, wholeFiles: whole.files } } : {}),
    ...(workers ? { workers } : {}),
    reruns: Number(args.string("reruns")),
  });
}

/** `--plan`: the projected duration on real hardware of the waits the last run in `out` measured (nothing runs). */
async function plan(out: string, selected: number): Promise<number> {
  const { projectionOf, twinBackendCaution } = await import("../../report/record.ts");
  const p = await projectionOf(join(out, "projection"));
  if (!p) {
    console.log(`hil certify --plan: no measured waits in ${join(out, "projection")}; run the suite once (any DUT, e.g. the twin) to measure them`);
    return 0;
  }
  const min = (ms: number) => `${(ms / 60_000).toFixed(1)} min`;
  for (const x of p.sections) console.log(`${x.section.padEnd(56)} ${String(x.scenarios).padStart(4)} scenario(s)  projected ${min(x.projectedMs).padStart(10)}`);
  const perScenario = p.projectedMs / Math.max(1, p.scenarios);
  console.log(`projected on real hardware timings: ${min(p.projectedMs)} for the ${p.scenarios} scenario(s) measured; ${min(perScenario * selected)} for the ${selected} selected (one after another)`);
  for (const m of p.models ?? []) console.log(`  model ${m.model}: ${min(m.projectedMs)} for its ${m.scenarios} scenario(s) on one appliance`);
  if (p.twinBackend) console.log(twinBackendCaution(p.twinBackend, p.scenarios));
  return 0;
}

export function main(argv: string[]): Promise<number> {
  if (argv[0] === "verify") return runCommand(verifyCommand.spec, argv.slice(1), verifyCommand.run);
  return runCommand(spec, argv, certify);
}
