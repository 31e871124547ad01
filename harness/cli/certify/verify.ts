// `hil certify verify DIR`: recheck a certification record's digests; exit 1 naming each changed or missing file.
import type { Subcommand } from "../args.ts";
import { verifyRecord } from "../../report/record.ts";

export const verifyCommand: Subcommand = {
  spec: {
    name: "hil certify verify",
    summary: "Rechecks the certification record in DIR: each evidence file and the JUnit XML against its sha256, the record against its digest, certification.md against the record.",
    positionals: [{ name: "DIR" }],
    options: { quiet: { type: "boolean", short: "q", help: "print only what failed and the verdict line" } },
  },
  run: async (args) => {
    const dir = args.positional("DIR")!;
    const checks = await verifyRecord(dir);
    for (const c of checks) if (!c.ok || !args.flag("quiet")) console.log(`${c.ok ? "ok     " : "FAILED "} ${c.what}: ${c.detail}`);
    const bad = checks.filter((c) => !c.ok).length;
    console.log(bad ? `hil certify verify: ${bad} of ${checks.length} check(s) failed: this record cannot be trusted` : `hil certify verify: all ${checks.length} check(s) passed`);
    return bad ? 1 : 0;
  },
};
