// What a scenario waited for on the appliance (boots, checks, messages, key echoes), and the duration it would
// take at a real appliance's timings. Fed by the UI driver's waits; summed per scenario and per run.
import type { WaitScales } from "../dut/types.ts";

/** What kind of appliance time a wait was. */
export type WaitKind = "boot" | "check" | "message" | "key" | "other";

/** One wait of the UI driver: what it awaited and how long it took in real milliseconds. */
export interface WaitRecord {
  readonly kind: WaitKind;
  readonly what: string;
  readonly realMs: number;
}

/** How to turn this run's waits into a real appliance's: the fraction of real time each kind of wait ran at (all 1
 *  for hardware), and per kind the most a real appliance takes for one such wait. */
export interface ProjectionBasis {
  readonly scales: WaitScales;
  readonly capMs: Readonly<Record<Exclude<WaitKind, "other" | "key">, number>>;
  /** One key's echo on the real line (the profile's redraw at its baud rate). */
  readonly keyMs: number;
}

/** One scenario's waits, with totals per kind. */
export class WaitLog {
  readonly waits: WaitRecord[] = [];
  private readonly t0 = performance.now();

  /** Record one wait. */
  add(kind: WaitKind, what: string, realMs: number): void {
    this.waits.push({ kind, what, realMs: Math.round(realMs) });
  }

  /** Real milliseconds since the log was opened (the scenario's wall time so far). */
  get wallMs(): number {
    return performance.now() - this.t0;
  }
}

/** One scenario's figures: wall time, appliance time waited per kind, and its projection at real timings. */
export interface ScenarioProjection {
  readonly scenario: string;
  readonly wallMs: number;
  readonly waitedMs: Readonly<Record<WaitKind, number>>;
  readonly counts: Readonly<Record<WaitKind, number>>;
  readonly projectedMs: number;
  /** The appliance that ran it (its name and model): a lab's appliances run their scenarios side by side, so a
   *  suite's duration on hardware is counted per appliance. */
  readonly dut?: ProjectionDut;
}

/** Which appliance a projection is of. */
export interface ProjectionDut {
  readonly name: string;
  readonly model: string;
  /** How it was reached: the twin backend boots a fresh twin for every scenario, the hardware path starts from the
   *  appliance's known state; a projection from the first counts a boot per scenario that hardware would not do. */
  readonly kind?: "twin" | "hardware";
}

const KINDS: readonly WaitKind[] = ["boot", "check", "message", "key", "other"];

/** Project a scenario's log: the time it spent outside appliance waits stays as it was; each wait becomes the
 *  appliance time it stood for (real / its kind's scale, at most the kind's cap); each key a real line's echo. */
export function project(scenario: string, log: WaitLog, basis: ProjectionBasis, dut?: ProjectionDut): ScenarioProjection {
  const waitedMs = Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<WaitKind, number>;
  const counts = Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<WaitKind, number>;
  let projected = 0;
  for (const w of log.waits) {
    waitedMs[w.kind] += w.realMs;
    counts[w.kind]++;
    if (w.kind === "key") projected += basis.keyMs;
    else if (w.kind === "other") projected += w.realMs / basis.scales.other;
    else projected += Math.min(w.realMs / basis.scales[w.kind], basis.capMs[w.kind]);
  }
  const wallMs = log.wallMs;
  const waited = KINDS.reduce((a, k) => a + waitedMs[k], 0);
  return Object.freeze({ scenario, wallMs: Math.round(wallMs), waitedMs, counts, projectedMs: Math.round(Math.max(0, wallMs - waited) + projected), ...(dut ? { dut: { name: dut.name, model: dut.model, ...(dut.kind ? { kind: dut.kind } : {}) } } : {}) });
}

/** Format figures as one table: per scenario wall and projected time, and the totals. */
export function projectionTable(rows: readonly ScenarioProjection[], title: string): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const lines = rows.map((r) => `  ${r.scenario.padEnd(48).slice(0, 48)} wall ${s(r.wallMs).padStart(8)}  boots ${r.counts.boot} checks ${r.counts.check} messages ${r.counts.message} keys ${r.counts.key}  projected ${s(r.projectedMs).padStart(9)}`);
  const wall = rows.reduce((a, r) => a + r.wallMs, 0);
  const projected = rows.reduce((a, r) => a + r.projectedMs, 0);
  return [`${title}: ${rows.length} scenario(s), wall ${s(wall)}, projected at real appliance timings ${s(projected)} (${(projected / 60_000).toFixed(1)} min)`, ...lines].join("\n");
}
