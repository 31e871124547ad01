// Hardware backend: an appliance from the inventory; power by its driver (commands, PDUDaemon, a box's socket). Its host NICs are cabled
// into a lab by the lab itself (`Lab.up(spec, { cabling: HardwareDut.cablingOf(...) })`), which gives them back.
import { mkdir } from "node:fs/promises";
import { SoloRun } from "../../netns/lab/solo.ts";
import { powerOf } from "./power.ts";
import { applianceNamed, loadInventory, type Appliance } from "./inventory.ts";
import type { Cabling } from "../../netns/lab/cabling.ts";
import type { Dut, LabLike, PowerControl } from "./types.ts";

/** An appliance on a real tty. */
export class HardwareDut implements Dut {
  readonly kind = "hardware";
  readonly versions = Object.freeze({});
  readonly power: PowerControl;
  private disposed: Promise<void> | null = null;

  private constructor(readonly appliance: Appliance, readonly file: string, readonly dir: string, private readonly solo?: SoloRun) {
    this.power = powerOf(appliance.name, appliance.power, file);
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
  /** The fraction of real time each kind of its waits runs at (inventory timings.timeScale and timings.scales). */
  get scales() {
    return this.appliance.scales;
  }
  /** The serial number the inventory lists. */
  get serial(): string {
    return this.appliance.serial;
  }

  /** The host NICs cabled to this appliance's ports, for `Lab.up(spec, { cabling })`. */
  get cabling(): Cabling {
    return cablingOfAppliance(this.appliance);
  }

  /** The cabling of appliance `name` of inventory `file` (its `lan`, and `wan` when it has one), for `Lab.up`. */
  static async cablingOf(file: string, name: string): Promise<Cabling> {
    return cablingOfAppliance(applianceNamed(await loadInventory(file), name));
  }

  /** Attach appliance `name` of inventory `file`. Its NICs are not touched here: a lab built with its cabling holds them. */
  static async attach(file: string, name: string, lab?: LabLike, dir?: string): Promise<HardwareDut> {
    const appliance = applianceNamed(await loadInventory(file), name);
    // No lab and no directory given: a run of its own (a sweeper record owned by this process), gone on dispose, or
    // removed by `hil lab sweep` once this process is gone; a lab's or a caller's directory stays.
    const solo = !dir && !lab ? await SoloRun.create(`hw-${name}`) : undefined;
    const runDir = dir ?? lab?.dir ?? solo!.dir;
    await mkdir(runDir, { recursive: true });
    return new HardwareDut(appliance, file, runDir, solo);
  }

  /** Nothing to release: the lab gives the NICs back (idempotent). */
  dispose(): Promise<void> {
    this.disposed ??= this.solo ? this.solo.close() : Promise.resolve();
    return this.disposed;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose();
  }
}

function cablingOfAppliance(a: Appliance): Cabling {
  return Object.freeze({ lan0: a.lan, ...(a.wan ? { wan0: a.wan } : {}) });
}
