// `hil doctor`: checks the tools and kernel features the project uses; exit 1 when something required is missing.
import { runCommand, type CommandSpec } from "../args.ts";
import { formatCheck, runChecks } from "../../doctor/checks.ts";
import { summaryOf } from "./index.ts";

const summary = summaryOf("doctor");

const spec: CommandSpec = {
  name: "hil doctor",
  summary,
  options: { json: { type: "boolean", help: "print the checks as JSON" } },
};

export function main(argv: string[]): Promise<number> {
  return runCommand(spec, argv, async (args) => {
    const json = args.flag("json");
    const results = await runChecks();
    if (json) console.log(JSON.stringify(results, null, 2));
    else for (const r of results) console.log(formatCheck(r));
    const failed = results.filter((r) => r.required && r.status === "missing");
    if (!json) console.log(failed.length ? `\n${failed.length} required check(s) failed` : "\nall required checks passed");
    return failed.length ? 1 : 0;
  });
}
