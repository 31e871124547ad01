// `hil dut`: check an inventory, give back NICs a crashed run left in a lab, list the twin's defects.
import { runGroup, type Args, type Subcommand } from "../args.ts";
import { giveBackAll, loadInventory, vanishedNote } from "../../dut/index.ts";
import { twinDefects } from "../../dut/twin.ts";
import { ttyProblem } from "../../dut/tty.ts";
import { summaryOf } from "./index.ts";

const summary = summaryOf("dut");

/** Runs `body`; an error becomes "hil dut SUB: message" and exit 1. */
async function failing(sub: string, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    console.error(`hil dut ${sub}: ${(error as Error).message}`);
    return 1;
  }
}

const SUBCOMMANDS: Record<string, Subcommand> = {
  "check-inventory": {
    spec: { name: "hil dut check-inventory", summary: "validate an inventory file and check each appliance's tty (exists, is a character device, no other process holds it)", positionals: [{ name: "FILE" }] },
    run: (args: Args) =>
      failing("check-inventory", async () => {
        const inv = await loadInventory(args.positional("FILE")!);
        let bad = 0;
        for (const a of inv.appliances) {
          const problem = await ttyProblem(a.name, a.tty);
          if (problem) bad++;
          console.log(`${problem ? "FAIL" : "ok  "}  ${a.name}: ${a.model} ${a.serial} tty ${a.tty} lan ${a.lan}${a.wan ? ` wan ${a.wan}` : ""} power ${a.power === "none" ? "none" : Object.keys(a.power)[0]}${problem ? `\n      ${problem}` : ""}`);
        }
        if (bad) console.error(`hil dut check-inventory: ${bad} of ${inv.appliances.length} appliance(s) cannot be used now (see above)`);
        return bad ? 1 : 0;
      }),
  },
  "give-back": {
    spec: { name: "hil dut give-back", summary: "give back to the host the NICs a crashed run left in a lab", positionals: [{ name: "RUNDIR" }] },
    run: (args: Args) =>
      failing("give-back", async () => {
        const dir = args.positional("RUNDIR")!;
        const { returned, vanished } = await giveBackAll(dir);
        for (const m of returned) console.log(`gave back ${m.nic} (was ${m.inside} in ${m.ns})`);
        for (const m of vanished) console.log(vanishedNote(m));
        if (returned.length + vanished.length === 0) console.log(`nothing recorded in ${dir} to give back`);
        return 0;
      }),
  },
  defects: {
    spec: { name: "hil dut defects", summary: "list the defects the twin can be told to have (--defect NAME)" },
    run: () =>
      failing("defects", async () => {
        for (const d of await twinDefects()) console.log(d);
        return 0;
      }),
  },
};

export function main(argv: string[]): Promise<number> {
  return runGroup("hil dut", summary, SUBCOMMANDS, argv);
}
