// Each scenario's test timeout, derived from the selected DUT's timings and what the scenario waits for, so that
// every failure is an inner error naming what was awaited (never vitest's bare "Test timed out"). Known at
// collection time: HIL_DUT and the inventory are read synchronously.
import { charTimeMs, type ScreenProfile } from "../harness/console/profile.ts";
import { twinProfile } from "../harness/console/profiles/twin.ts";
import { applianceNamed, loadInventorySync, type Appliance } from "../harness/dut/inventory.ts";
import { poolMembers, unfit } from "../harness/dut/pool.ts";
import { parseSelector } from "../harness/dut/index.ts";
import { twinTimings } from "../harness/dut/twin.ts";
import { uniformScales, type DutTimings, type WaitScales } from "../harness/dut/types.ts";
import { resolveStart, START_DEFAULTS, type StartSpec } from "../harness/ui/start.ts";
import type { ProjectionBasis } from "../harness/report/projection.ts";
import { needsOf } from "./needs.ts";
import type { SessionSpec } from "./spec.ts";

/** The selected DUT as collection sees it: its kind, timings, profile and (hardware) name. */
export interface SelectedDut {
  readonly kind: "twin" | "hardware";
  readonly name: string;
  readonly timings: DutTimings;
  readonly profile: ScreenProfile;
  readonly timeScale: number;
  /** The fraction of real time each kind of its waits runs at (a twin's own figures are known once it runs: its
   *  time scale here). */
  readonly scales: WaitScales;
}

let leased: Appliance | undefined;
/** The pool member this test file leased (section.ts, or the rig outside a section); undefined: none yet. */
export function fileAppliance(): Appliance | undefined {
  return leased;
}
export function setFileAppliance(a: Appliance | undefined): void {
  leased = a;
}

/** The DUT HIL_DUT selects, for `spec` (a twin's timings depend on the scenario's time scale). With a pool, the
 *  member this file leased; before the lease (a test's timeout is fixed when it is declared), the slowest member
 *  that fits the scenario, so that the timeout holds on whichever the file gets. */
export function selectedDut(spec: SessionSpec = {}): SelectedDut {
  const sel = parseSelector();
  if (sel.kind === "twin") {
    const timeScale = spec.timeScale ?? 0.01;
    return { kind: "twin", name: "twin", timings: twinTimings(timeScale), profile: twinProfile, timeScale, scales: uniformScales(timeScale) };
  }
  const of = (a: Appliance): SelectedDut => ({ kind: "hardware", name: a.name, timings: a.timings, profile: a.profile, timeScale: a.timeScale, scales: a.scales });
  if (leased) return of(leased);
  const inventory = loadInventorySync(sel.file);
  if (!sel.pool) return of(applianceNamed(inventory, sel.name));
  const members = poolMembers(inventory, sel.pool);
  const fitting = members.filter((a) => unfit(a, needsOf(spec)) === null);
  const candidates = (fitting.length ? fitting : members).map(of);
  return candidates.reduce((slowest, d) => (scenarioTimeoutMs(spec, d) > scenarioTimeoutMs(spec, slowest) ? d : slowest));
}

/** The start a scenario states; unstated: the factory settings, and in a lab a connection check made in it (what
 *  the appliance shows must be seen in this lab, not from before it was cabled in): a flow's, a reset's, or a
 *  boot's where neither can give one. A scenario that checks a boot states `boot: "fresh"`. */
export function startOf(spec: SessionSpec): StartSpec {
  return { ...(spec.lab ? { boot: "check" as const } : {}), ...(spec.start ?? {}) };
}

/** What a scenario body may wait for beyond its start: boots (reboot, power cut), connection checks, messages,
 *  and keys (most echo in a redraw's time; one may take its whole key deadline before failing). */
export const BODY_WAITS = Object.freeze({ boots: 2, checks: 3, messages: 6, keys: 200 });
/** Lab.up's own deadline; a twin's start deadline; teardown and evidence. */
const LAB_UP_MS = 60_000;
const TWIN_START_MS = 30_000;
const TEARDOWN_MS = 30_000;

/** One key's echo on the DUT's line (a full redraw at its baud rate, plus its latency), at least 100 ms. */
export function keyEchoMs(profile: ScreenProfile): number {
  return Math.max(100, charTimeMs(profile.line) * profile.redraw.typicalBytes + profile.redraw.latencyMs);
}

/** Connection checks a start may cost: a reset, then one flow per setting that differs from the factory's. */
export function startChecks(start: StartSpec | undefined): number {
  if (!start) return 1;
  const s = resolveStart(start);
  const d = START_DEFAULTS;
  // Activated: the activation's poll, and a new check where the appliance shows an error from before this lab.
  return 1 + [s.mode !== d.mode, typeof s.lan === "object", s.vlan > 0, s.proxy !== "none", s.wan !== "none", s.activated === true, s.activated === true].filter(Boolean).length;
}

/** The test timeout of a scenario with `spec` on `dut`, ms: the sum of every wait it may make, each at its deadline. */
export function scenarioTimeoutMs(spec: SessionSpec = {}, dut: SelectedDut = selectedDut(spec), leaseWaitMs = 0): number {
  const t = dut.timings;
  const check = t.checkMs + 2 * t.messageMs;
  // +1 for a start's boot ("check" may need one where no flow or reset gives a check); +1: an appliance that does
  // not answer is power-cycled once.
  const boots = BODY_WAITS.boots + (startOf(spec).boot !== undefined && startOf(spec).boot !== "any" ? 1 : 0) + 1;
  const keys = BODY_WAITS.keys * keyEchoMs(dut.profile) + t.keyMs;
  const waits = boots * t.bootMs + (BODY_WAITS.checks + startChecks(startOf(spec))) * check + BODY_WAITS.messages * t.messageMs + keys;
  return Math.round((spec.lab ? LAB_UP_MS : 0) + (dut.kind === "twin" ? TWIN_START_MS : 0) + leaseWaitMs + waits + TEARDOWN_MS);
}

/** How the waits of a run on `dut` project to a real appliance: the fraction of real time each kind of wait ran at
 *  (what the DUT says of itself), per-kind caps (the manual: a boot "takes approximately two minutes", a reboot "up
 *  to 3 minutes"; a check gives curl 30 s; a message is taken to last 5 s, which the manual does not say), and the
 *  real line's key echo. */
export function projectionBasis(dut: { readonly scales: WaitScales; readonly profile: ScreenProfile }): ProjectionBasis {
  return { scales: dut.scales, capMs: { boot: 180_000, check: 60_000, message: 5_000 }, keyMs: keyEchoMs(dut.profile) };
}
