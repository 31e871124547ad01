// `hil dut`: check an inventory, give back NICs a crashed run left in a lab, list the twin's defects.
import { giveBackAll, loadInventory } from "../../dut/index.ts";
import { twinDefects } from "../../dut/twin.ts";

export const summary = "DUT helpers: check-inventory FILE | give-back RUNDIR | defects";

const USAGE = "usage: hil dut check-inventory FILE | hil dut give-back RUNDIR | hil dut defects";

export async function main(argv: string[]): Promise<number> {
  const [sub, arg] = argv;
  try {
    switch (sub) {
      case "check-inventory": {
        if (!arg) break;
        const inv = await loadInventory(arg);
        for (const a of inv.appliances) console.log(`${a.name}: ${a.model} ${a.serial} tty ${a.tty} lan ${a.lan}${a.wan ? ` wan ${a.wan}` : ""} power ${a.power === "none" ? "none" : "command"}`);
        return 0;
      }
      case "give-back": {
        if (!arg) break;
        const moved = await giveBackAll(arg);
        for (const m of moved) console.log(`gave back ${m.nic} (was ${m.inside} in ${m.ns})`);
        if (moved.length === 0) console.log(`nothing recorded in ${arg} to give back`);
        return 0;
      }
      case "defects":
        for (const d of await twinDefects()) console.log(d);
        return 0;
    }
  } catch (error) {
    console.error(`hil dut ${sub}: ${(error as Error).message}`);
    return 1;
  }
  console.error(USAGE);
  return 2;
}
