// Declares the tests of one manual section from the catalogue, each labelled with the section it verifies, each
// with a timeout derived from the selected DUT's timings; a hardware appliance is leased for the whole file.
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll } from "vitest";
import type { Section } from "../fixtures/manual/index.ts";
import { applianceNamed, loadInventory, parseSelector } from "../harness/dut/index.ts";
import { Lease, leaseWaitMs } from "../harness/dut/lease.ts";
import { projectionTable } from "../harness/report/projection.ts";
import { verifies } from "../harness/report/allure.ts";
import { StartUnavailable } from "../harness/ui/index.ts";
import { scenariosOf, SCENARIOS } from "./catalogue.ts";
import { scenarioTimeoutMs, selectedDut } from "./budget.ts";
import { describe, test } from "./fixtures.ts";
import { fileProjections, runBudgetMs, SessionPool, setRunBudget, usePool } from "./rig.ts";
import type { Scenario } from "./scenario.ts";
import type { Rig } from "./rig.ts";
import { judged } from "../harness/verdict/boundary.ts";
import { observedOf } from "../harness/verdict/observed.ts";

setRunBudget(() => SCENARIOS.reduce((a, sc) => a + scenarioTimeoutMs(sc.spec), 0));

let hardwareModel: Promise<string | null> | undefined;

/** The model of the selected hardware appliance (from the inventory), or null for the twin (it runs either model). */
export function selectedHardwareModel(): Promise<string | null> {
  const sel = parseSelector();
  if (sel.kind === "twin") return Promise.resolve(null);
  return (hardwareModel ??= loadInventory(sel.file).then((inv) => applianceNamed(inv, sel.name).model));
}

/** How a section runs its scenarios. */
export interface SectionOptions {
  /** Reuse one session (lab, DUT, console) across consecutive scenarios with alike specs; each is brought to its
   *  start state from the screens. Default: a fresh session per scenario. */
  readonly reuse?: boolean;
  /** The scenarios to declare (default: the catalogue's for the section). */
  readonly scenarios?: readonly Scenario[];
}

/** One `describe` per section, one test per scenario; each starts from its stated start state on the DUT
 *  (HIL_DUT, twin by default). A hardware appliance of the other model skips the scenarios written for the other
 *  model (said in the report). */
export function section(title: Section, options: SectionOptions = {}): void {
  scenarioGroup(title, title, options.scenarios ?? scenariosOf(title), options);
}

/** A describe named `name` of scenarios of manual section `title` (section() for the catalogue's; proofs of the
 *  suite's own mechanisms use it directly, so that certification does not count them). */
export function scenarioGroup(name: string, title: Section, list: readonly Scenario[], options: SectionOptions = {}): void {
  describe(name, () => {
    fileLease();
    if (options.reuse) {
      const pool = new SessionPool();
      beforeAll(() => usePool(pool));
      afterAll(async () => {
        usePool(undefined);
        await pool.close();
      }, 120_000);
    }
    afterAll(() => reportProjections(name));
    for (const sc of list) scenarioTest(title, sc);
  });
}

/** One scenario as a test, its timeout derived from the DUT's timings and what it waits for. */
export function scenarioTest(title: Section, sc: Scenario): void {
  const timeoutMs = scenarioTimeoutMs(sc.spec);
  test(sc.behaviour, async ({ rig, skip }) => {
    const wanted = sc.spec?.model ?? "current";
    const model = await selectedHardwareModel();
    if (model !== null && model !== wanted) return skip(`needs a ${wanted} model appliance; the selected one is ${model}`);
    await verifies(title, sc.behaviour);
    const skipped = await runScenario(rig, sc, timeoutMs);
    if (skipped !== null) return skip(skipped);
  }, timeoutMs);
}

/** Open the scenario's session and run it. A failure is thrown as its typed outcome (harness/verdict), judged
 *  within `timeoutMs` (only a Deviation counts against the firmware). Returns the reason when the scenario must be
 *  skipped, else null. */
export async function runScenario(rig: Rig, sc: Scenario, timeoutMs: number): Promise<string | null> {
  const seen = () => {
    const s = rig.lastSession();
    return s ? observedOf(s.ui.name, s.con, s.dut.timings.keyMs) : null;
  };
  return judged(async () => {
    // A start this appliance cannot be brought to (a limit of the rig, e.g. a never-activated state on an appliance
    // activated long ago) skips the scenario with the reason: it is no deviation of the firmware.
    const opened = await rig.open(sc.spec).then((s) => ({ s }), (error: unknown) => {
      if (error instanceof StartUnavailable) return { skipped: error.reason };
      throw error;
    });
    if ("skipped" in opened) return opened.skipped;
    await sc.run(opened.s);
    return null;
  }, seen, { ms: timeoutMs, what: sc.behaviour }, selectedDut(sc.spec).timings.keyMs);
}

/** A hardware appliance is leased for the whole file: its scenarios share it, no other file or run touches it
 *  meanwhile. The wait is as long as the run's budget unless HIL_LEASE_WAIT says otherwise. */
function fileLease(): void {
  const sel = parseSelector();
  if (sel.kind !== "hardware") return;
  const waitMs = leaseWaitMs(runBudgetMs());
  let lease: Lease | undefined;
  beforeAll(async () => {
    lease = await Lease.take(selectedDut().name, { waitMs });
  }, waitMs + 10_000);
  afterAll(() => lease?.release());
}

/** Print (and keep under reports/projection/) the file's per-scenario waits projected to real appliance timings. */
function reportProjections(title: string): void {
  if (!fileProjections.length) return;
  const rows = fileProjections.splice(0);
  console.log(projectionTable(rows, `${title} on ${selectedDut().kind}`));
  const dir = resolve(process.env.HIL_PROJECTION_DIR ?? "reports/projection");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${title.replace(/[^A-Za-z0-9]+/g, "-")}.json`), `${JSON.stringify(rows, null, 1)}\n`);
}
