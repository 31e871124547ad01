// `hil doctor`: checks the tools and kernel features the project uses; exit 1 when something required is missing.
import { formatCheck, runChecks } from "../../doctor/checks.ts";

export const summary = "check every external tool and kernel feature the project uses";

export async function main(argv: string[]): Promise<number> {
  const json = argv.includes("--json");
  const results = await runChecks();
  if (json) console.log(JSON.stringify(results, null, 2));
  else for (const r of results) console.log(formatCheck(r));
  const failed = results.filter((r) => r.required && r.status === "missing");
  if (!json) console.log(failed.length ? `\n${failed.length} required check(s) failed` : "\nall required checks passed");
  return failed.length ? 1 : 0;
}
