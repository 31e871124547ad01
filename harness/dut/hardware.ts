// Hardware backend: an appliance from the inventory; its host NICs are moved into the lab's dut
// namespace as lan0/wan0 and given back on dispose; power by the inventory's commands.
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { run } from "../../netns/util/sh.ts";
import { noPowerControl, powerFailed } from "./errors.ts";
import { applianceNamed, loadInventory, type Appliance } from "./inventory.ts";
import { giveBack, moveNic, type NicMove } from "../../netns/lab/nics.ts";
import type { Dut, LabLike, PowerControl } from "./types.ts";

/** An appliance on a real tty. */
export class HardwareDut implements Dut {
  readonly kind = "hardware";
  readonly versions = Object.freeze({});
  readonly power: PowerControl;
  private disposed: Promise<void> | null = null;

  private constructor(readonly appliance: Appliance, readonly file: string, readonly dir: string, private readonly moves: NicMove[]) {
    this.power = powerOf(appliance, file);
  }

  get name(): string {
    return this.appliance.name;
  }
  get model() {
    return this.appliance.model;
  }
  get console(): string {
    return this.appliance.tty;
  }
  /** The inventory's screen profile (line overrides applied). */
  get profile() {
    return this.appliance.profile;
  }
  /** The platform it trusts (inventory `platform`; default: the lab's emulator with the persistent lab CA). */
  get platform() {
    return this.appliance.platform;
  }
  /** The inventory's timings (a real appliance's defaults where it gives none). */
  get timings() {
    return this.appliance.timings;
  }
  /** The serial number the inventory lists. */
  get serial(): string {
    return this.appliance.serial;
  }

  /** NICs moved into the lab. */
  get nics(): readonly NicMove[] {
    return this.moves;
  }

  /** Attach appliance `name` of inventory `file`; with a lab, move its NICs into the lab's dut namespace. */
  static async attach(file: string, name: string, lab?: LabLike, dir?: string): Promise<HardwareDut> {
    const appliance = applianceNamed(await loadInventory(file), name);
    const runDir = dir ?? lab?.dir ?? join("/run/hil", `hw-${name}`);
    await mkdir(runDir, { recursive: true });
    const moves: NicMove[] = [];
    if (lab) {
      const ns = lab.ns("dut");
      try {
        moves.push(await moveNic(runDir, appliance.lan, ns, "lan0"));
        if (appliance.wan) moves.push(await moveNic(runDir, appliance.wan, ns, "wan0"));
      } catch (error) {
        for (const m of moves.reverse()) await giveBack(m).catch(() => undefined);
        throw error;
      }
    }
    return new HardwareDut(appliance, file, runDir, moves);
  }

  /** Give the NICs back to the host (idempotent). */
  dispose(): Promise<void> {
    this.disposed ??= (async () => {
      for (const m of [...this.moves].reverse()) await giveBack(m);
    })();
    return this.disposed;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose();
  }
}

/** Power control from the inventory entry. A PDU can only cut: `cut` defaults to the `off` command. */
function powerOf(a: Appliance, file: string): PowerControl {
  if (a.power === "none") {
    const refuse = (action: string) => () => Promise.reject(noPowerControl(a.name, file, action));
    return { on: refuse("on"), off: refuse("off"), cut: refuse("cut") };
  }
  const cmd = a.power.command;
  const exec = (action: string, line: string) => async () => {
    const r = await run("sh", ["-c", line], { allowFailure: true, timeoutMs: 30_000 });
    if (r.exitCode !== 0) throw powerFailed(a.name, action, `'${line}' exited ${r.exitCode}: ${r.stderr.trim()}`);
  };
  return { on: exec("on", cmd.on), off: exec("off", cmd.off), cut: exec("cut", cmd.cut) };
}
