// `hil report merge --out DIR IN...`: one report from the report directories of the shards of one certification run
// (`hil certify --shard i/n` on several lab hosts): one record, one JUnit XML, one HTML report.
import { rm } from "node:fs/promises";
import { dirname, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { refuse, runGroup, type Subcommand } from "../args.ts";
import { summaryOf } from "./index.ts";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

const merge: Subcommand = {
  spec: {
    name: "hil report merge",
    summary: "Merges the report directories of the shards of one run (hil certify --shard i/n, any hosts) into one report: record, JUnit XML, evidence, HTML. Exit 0 verified, 1 deviations, 3 inconclusive, 2 inputs refused.",
    positionals: [{ name: "IN", variadic: true }],
    options: { out: { type: "string", value: "DIR", help: "where the merged report goes (replaced; refused when DIR holds anything but an earlier report)", default: "reports/merged" } },
    notes: ["Refused: inputs whose record does not verify, of another --dut, --filter, suite commit, manual or firmware, a shard missing or given twice, a scenario judged twice."],
  },
  run: async (args) => {
    const out = resolve(args.string("out")!);
    const dirs = args.all("IN");
    const inside = dirs.find((d) => !relative(resolve(d), out).startsWith(".."));
    if (inside) return refuse(merge.spec, `expected --out to be outside the inputs, got '${out}', which is in the input '${inside}'`);
    const { notAReport } = await import("./certify.ts");
    const why = await notAReport(out);
    if (why) return refuse(merge.spec, `--out ${why}`);
    const { checkInputs, MergeRefused, writeMerged } = await import("../../report/merge.ts");
    let inputs: Awaited<ReturnType<typeof checkInputs>>;
    try {
      inputs = await checkInputs(dirs);
    } catch (error) {
      if (error instanceof MergeRefused) return refuse(merge.spec, error.message);
      throw error;
    }
    await rm(out, { recursive: true, force: true });
    let record: Awaited<ReturnType<typeof writeMerged>>;
    try {
      record = await writeMerged(inputs, { out });
    } catch (error) {
      if (error instanceof MergeRefused) return refuse(merge.spec, error.message);
      throw error;
    }
    const { renderHtml } = await import("../certify/html.ts");
    const { exitCodeOf, INCONCLUSIVE_EXIT, judgementLine } = await import("../../report/summary.ts");
    const failedHtml = await renderHtml(root, out, `Scanner Appliance certification (${record.selector}, ${inputs.length} report(s) merged)`);
    if (failedHtml) console.error(`[merge] allure report failed:\n${failedHtml}`);
    for (const i of record.merged!.inputs) console.log(`[merge] ${i.shard ? `shard ${i.shard}` : "unsharded"} from ${i.host.name}: ${i.scenarios} scenario(s) (${i.dir})`);
    console.log(`[merge] ${judgementLine(record.judgement)}; of ${record.scenarios.length} scenario(s) selected`);
    console.log(`[merge] record:  ${resolve(out, "certification.md")} (digest ${record.digest})`);
    if (record.junit) console.log(`[merge] junit:   ${resolve(out, "junit.xml")}`);
    console.log(`[merge] report:  ${resolve(out, "html", "index.html")}`);
    if (record.verdicts.length === 0) {
      console.error("[merge] the inputs hold no verdict: nothing was certified (inconclusive)");
      return INCONCLUSIVE_EXIT;
    }
    return exitCodeOf(record.judgement);
  },
};

export function main(argv: string[]): Promise<number> {
  return runGroup("hil report", summaryOf("report"), { merge }, argv);
}
