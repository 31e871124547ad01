// Declares the tests of one manual section from the catalogue, each labelled with the section it verifies, each
// with a timeout derived from the selected DUT's timings; a hardware appliance is leased for the whole file (with a
// pool whose no one member serves all the file's scenarios, for each scenario: fileLease), and a scenario no selected
// appliance can serve is skipped with the reason.
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll } from "vitest";
import type { Section } from "../fixtures/manual/index.ts";
import { applianceNamed, loadInventory, loadInventorySync, parseSelector } from "../harness/dut/index.ts";
import { Lease, leaseWaitMs } from "../harness/dut/lease.ts";
import type { Appliance } from "../harness/dut/inventory.ts";
import { leaseFitting, needsText, poolMembers, unfit, unionOf, type Needs } from "../harness/dut/pool.ts";
import { emulatorSkipReason } from "../harness/platform/trust.ts";
import { projectionTable } from "../harness/report/projection.ts";
import { skipReason, verifies } from "../harness/report/allure.ts";
import { RecoveryFailed, StartUnavailable } from "../harness/ui/index.ts";
import { brokenAppliance, brokenSkipReason, markBroken } from "../harness/dut/broken.ts";
import { scenariosOf, SCENARIOS } from "./catalogue.ts";
import { fileAppliance, scenarioTimeoutMs, selectedDut, setFileAppliance } from "./budget.ts";
import { describe, test } from "./fixtures.ts";
import { needsOf } from "./needs.ts";
import { fileProjections, onTwin, runBudgetMs, SessionPool, setRunBudget, usePool } from "./rig.ts";
import type { Scenario } from "./scenario.ts";
import type { Rig } from "./rig.ts";
import { judged } from "../harness/verdict/boundary.ts";
import { noteRerun, rerunnable, rerunsAllowed } from "../harness/verdict/rerun.ts";
import { observedOf } from "../harness/verdict/observed.ts";

setRunBudget(() => SCENARIOS.reduce((a, sc) => a + scenarioTimeoutMs(sc.spec), 0));

/** Why the selected hardware can serve no scenario with `spec`'s needs (its model, the tags its lab asks for:
 *  scenarios/needs.ts), or null when it can (always on the twin: it runs either model, any lab). A named appliance
 *  is the selected one; with a pool, the member this file leased, or (the file holds no lease: its scenarios' needs
 *  fit no one member) any member, each scenario's session leasing one that fits. The reason names each member and
 *  what it lacks. */
export async function needsSkip(sc: Pick<Scenario, "spec">): Promise<string | null> {
  const sel = parseSelector();
  if (sel.kind === "twin") return null;
  const needs = needsOf(sc.spec);
  const leased = fileAppliance();
  if (leased || !sel.pool) {
    const reason = unfit(leased ?? applianceNamed(await loadInventory(sel.file), sel.name), needs);
    return reason && `needs ${needsText(needs)}: ${reason}`;
  }
  const members = poolMembers(await loadInventory(sel.file), sel.pool);
  if (members.some((a) => unfit(a, needs) === null)) return null;
  return `needs ${needsText(needs)}, which no appliance of the pool is: ${members.map((a) => unfit(a, needs)).join("; ")}`;
}

/** Why a lab scenario cannot run on an appliance that talks to the real platform upstream (inventory
 *  `platform.mode: upstream`): every lab scenario reads or drives the lab's platform emulator (its portal: the
 *  activation record, scans, settings; its faults), which an upstream lab does not have. Null: it can run. */
export async function upstreamSkip(sc: Pick<Scenario, "spec">): Promise<string | null> {
  const sel = parseSelector();
  if (sel.kind === "twin" || !sc.spec?.lab) return null;
  const appliance = fileAppliance() ?? applianceNamed(await loadInventory(sel.file), sel.name);
  return emulatorSkipReason(appliance.name, appliance.platform);
}

/** How a section runs its scenarios. */
export interface SectionOptions {
  /** Reuse one session (lab, DUT, console) across consecutive scenarios with alike specs; each is brought to its
   *  start state from the screens. Default: a fresh session per scenario. */
  readonly reuse?: boolean;
  /** The scenarios to declare (default: the catalogue's for the section). */
  readonly scenarios?: readonly Scenario[];
  /** Part i of n of a large section (its scenarios cut into n consecutive runs of near-equal length), so that its
   *  files run in parallel on vitest's workers (and, on hardware, on the appliances of a pool). */
  readonly part?: readonly [number, number];
}

/** Part `i` of `n` (1-based) of `list`: consecutive scenarios, the parts differing in length by at most one. */
export function partOf<T>(list: readonly T[], i: number, n: number): T[] {
  if (!Number.isInteger(n) || n < 1 || !Number.isInteger(i) || i < 1 || i > n) throw new RangeError(`section part: expected 1 <= i <= n (integers), found ${i} of ${n}`);
  const from = Math.floor(((i - 1) * list.length) / n);
  return list.slice(from, Math.floor((i * list.length) / n));
}

/** One `describe` per section, one test per scenario; each starts from its stated start state on the DUT
 *  (HIL_DUT, twin by default). A scenario no selected appliance can serve (its model, its lab's WAN, VLAN or IPv6)
 *  is skipped with the reason (said in the report). */
export function section(title: Section, options: SectionOptions = {}): void {
  const all = options.scenarios ?? scenariosOf(title);
  const list = options.part ? partOf(all, options.part[0], options.part[1]) : all;
  // The describe keeps the section's title (test names, and so --filter's patterns, do not depend on the parts).
  scenarioGroup(title, title, list, options);
}

/** A describe named `name` of scenarios of manual section `title` (section() for the catalogue's; proofs of the
 *  suite's own mechanisms use it directly, so that certification does not count them). */
export function scenarioGroup(name: string, title: Section, list: readonly Scenario[], options: SectionOptions = {}): void {
  describe(name, () => {
    fileLease(list);
    if (options.reuse) {
      const pool = new SessionPool();
      beforeAll(() => usePool(pool));
      afterAll(async () => {
        usePool(undefined);
        await pool.close();
      }, 120_000);
    }
    afterAll(() => reportProjections(options.part ? `${name} part ${options.part[0]} of ${options.part[1]}` : name));
    // On the twin each scenario has its own twin and lab, and mostly waits (the twin's paced screens, its checks):
    // the file's scenarios run at once, up to vitest's maxConcurrency. An appliance (and a reused session) serves one
    // scenario at a time.
    const concurrent = onTwin() && !options.reuse;
    for (const sc of list) scenarioTest(title, sc, { concurrent });
  });
}

/** One scenario as a test, its timeout derived from the DUT's timings and what it waits for. */
export function scenarioTest(title: Section, sc: Scenario, options: { concurrent?: boolean } = {}): void {
  const timeoutMs = scenarioTimeoutMs(sc.spec);
  const reruns = rerunsAllowed();
  (options.concurrent ? test.concurrent : test)(sc.behaviour, async ({ rig, skip }) => {
    await verifies(title, sc.behaviour);
    // A skip keeps its reason in the result: the certification record lists it.
    const skipFor = async (reason: string) => {
      await skipReason(reason);
      return skip(reason);
    };
    const unserved = await needsSkip(sc);
    if (unserved) return skipFor(unserved);
    const upstream = await upstreamSkip(sc);
    if (upstream) return skipFor(upstream);
    // An appliance that failed recovery earlier (it did not answer, nor after a power cycle) is not tried again.
    const dut = selectedDut(sc.spec);
    const broken = dut.kind === "hardware" ? brokenAppliance(dut.name) : undefined;
    if (broken) return skipFor(brokenSkipReason(broken));
    const skipped = await runAttempts(rig, sc, timeoutMs, reruns);
    if (skipped !== null) return skipFor(skipped);
  }, attemptsTimeoutMs(timeoutMs, reruns));
}

/** Time to close an inconclusive attempt's session before the next one opens. */
const RETIRE_MS = 30_000;

/** The runner's timeout for a scenario of budget `timeoutMs` that may be run `reruns` more times. */
export function attemptsTimeoutMs(timeoutMs: number, reruns: number): number {
  return timeoutMs + reruns * (timeoutMs + RETIRE_MS);
}

/** `runScenario`, run again (up to `reruns` times) on a fresh session while its outcome is inconclusive (a line
 *  fault, a lab fault, a silent appliance: harness/verdict/rerun.ts); each attempt keeps its evidence, and each one
 *  rerun is noted on the result. The last attempt's outcome is the scenario's. */
export async function runAttempts(rig: Rig, sc: Scenario, timeoutMs: number, reruns: number, say: (line: string) => void = (l) => console.error(l)): Promise<string | null> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await runScenario(rig, sc, timeoutMs);
    } catch (error) {
      // An appliance that failed recovery is broken: another attempt on it would only fail the same way.
      if (attempt > reruns || !rerunnable(error) || recoveryFailure(error)) throw error;
      say(await noteRerun(attempt, error, sc.behaviour));
      // The appliance, its console and its lab are given back (the attempt's evidence attached) before the next
      // attempt opens its own; when that fails, the attempt's outcome stands (a rerun on a half-closed rig proves
      // nothing).
      const retired = await rig.retire().then(() => null, (e: unknown) => e);
      if (retired) {
        say(`[rerun] ${sc.behaviour}: not run again: closing attempt ${attempt}'s session failed: ${(retired as Error).message}`);
        throw error;
      }
    }
  }
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
      // Recovery failed on a hardware appliance: this scenario fails with the cause, the appliance's remaining
      // scenarios are skipped with it (a twin is a new appliance per session: nothing to remember).
      const failed = recoveryFailure(error);
      if (failed && rig.lastSession()?.dut.kind === "hardware") markBroken(failed.device, failed.why);
      throw error;
    });
    if ("skipped" in opened) return opened.skipped;
    await sc.run(opened.s);
    return null;
  }, seen, { ms: timeoutMs, what: sc.behaviour }, selectedDut(sc.spec).timings.keyMs);
}

/** The RecoveryFailed in `error`'s cause chain (a later call of a broken strategy carries the first failure). */
function recoveryFailure(error: unknown): RecoveryFailed | undefined {
  for (let e = error; e instanceof Error; e = e.cause) if (e instanceof RecoveryFailed) return e;
  return undefined;
}

/** A hardware appliance is leased for the whole file: its scenarios share it, no other file or run touches it
 *  meanwhile. With a pool, the file takes the first free member that has what all its scenarios need together (the
 *  union of their needs: scenarios/needs.ts). When no member has it all (a file mixing models, or WAN and VLAN
 *  scenarios with no appliance cabled for both), the file holds no lease and each scenario's session leases a free
 *  member that fits that scenario (Rig.open): every scenario runs on an appliance that can serve it, and only one
 *  no member can serve is skipped, with each member's reason (needsSkip). The wait is as long as the run's budget
 *  unless HIL_LEASE_WAIT says otherwise. */
function fileLease(list: readonly Scenario[]): void {
  const sel = parseSelector();
  if (sel.kind !== "hardware") return;
  const waitMs = leaseWaitMs(runBudgetMs());
  let lease: Lease | undefined;
  beforeAll(async () => {
    if (!sel.pool) {
      lease = await Lease.take(selectedDut().name, { waitMs });
      return;
    }
    const members = poolMembers(loadInventorySync(sel.file), sel.pool);
    const needs = fileNeeds(list, members);
    if (!needs) return;
    const taken = await leaseFitting(members, needs, { waitMs });
    lease = taken.lease;
    setFileAppliance(taken.appliance);
  }, waitMs + 10_000);
  afterAll(() => {
    lease?.release();
    setFileAppliance(undefined);
  });
}

/** What a file leases one appliance for: the union of its scenarios' needs, when a member of the pool has it all;
 *  null: none has, each scenario's session leases its own (fileLease). */
export function fileNeeds(list: readonly Pick<Scenario, "spec">[], members: readonly Appliance[]): Needs | null {
  const union = unionOf(list.map((sc) => needsOf(sc.spec)));
  return union && members.some((a) => unfit(a, union) === null) ? union : null;
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
