// A scenario's rig: the lab (when asked), the DUT (HIL_DUT, twin by default) leased and attached, its console
// (the DUT's own screen profile and line settings) and UI driver (the DUT's timings), a capture at the lab end of
// the appliance's LAN cable, and the strategy that brings the appliance to the scenario's start state.
// Closed LIFO, with every piece of evidence kept and attached. A pool keeps one session across a file's scenarios.
import { findCableEnd } from "../netns/lab/cable-end.ts";
import { loadTopology } from "../netns/topology/load.ts";
import { accountDirFor, labOptionsFor } from "../harness/platform/trust.ts";
import { activationIn } from "../harness/platform/account.ts";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { Console } from "../harness/console/console.ts";
import { Capture } from "../harness/capture/index.ts";
import { attachDut, parseSelector, type Dut, type DutSelector } from "../harness/dut/index.ts";
import { leaseFitting, poolMembers } from "../harness/dut/pool.ts";
import { applianceNamed, loadInventory, type Appliance } from "../harness/dut/inventory.ts";
import { Lease, leaseWaitMs } from "../harness/dut/lease.ts";
import { Portal } from "../harness/platform/portal.ts";
import { allureSteps, attachEvidence, onDut, reportedToPlatform } from "../harness/report/allure.ts";
import { evidenceDirName } from "../harness/report/evidence.ts";
import { project, WaitLog, type ScenarioProjection, type WaitKind } from "../harness/report/projection.ts";
import { resolveStart, StartStrategy, Ui, type StartSpec, type TransitionReport } from "../harness/ui/index.ts";
import { Lab, type LabOptions } from "../netns/lab/lab.ts";
import type { TopologyInput } from "../netns/topology/schema.ts";
import { Deadline } from "../netns/util/deadline.ts";
import { fileAppliance, projectionBasis, selectedDut, startOf } from "./budget.ts";
import { needsOf } from "./needs.ts";
import type { SessionSpec } from "./spec.ts";

/** What one scenario asks for (scenarios/spec.ts). */
export type { SessionSpec } from "./spec.ts";

/** An attached appliance with everything a scenario uses. */
export interface Session {
  readonly dut: Dut;
  readonly con: Console;
  readonly ui: Ui;
  readonly lab: Lab | undefined;
  /** This session's evidence directory (transcripts, screens, pcap). */
  readonly evidence: string;
  /** Brings the appliance to a start state (the rig used it before the scenario, if a start applied). */
  readonly strategy: StartStrategy;
  /** What the rig did to reach the scenario's start (null: a fresh twin already was there). */
  readonly started: TransitionReport | null;
  /** When the start state was reached (ms since the epoch): what the wire carried before it belongs to the start
   *  transition (or an earlier scenario on this appliance), not to the scenario. */
  readonly startedAt: number;
}

const EVIDENCE_ROOT = resolve(process.env.HIL_EVIDENCE_DIR ?? "reports/evidence");

/** True when the suite runs against the twin (HIL_DUT unset or "twin"). */
export function onTwin(): boolean {
  return parseSelector().kind === "twin";
}

/** Where the UI driver's waits go: the current scenario's log (a pooled session serves several scenarios). */
class WaitSink extends WaitLog {
  target: WaitLog = new WaitLog();
  override add(kind: WaitKind, what: string, realMs: number): void {
    this.target.add(kind, what, realMs);
  }
}

/** One open session and how to close it. */
interface Opened {
  readonly key: string;
  readonly session: Session;
  readonly sink: WaitSink;
  readonly undo: Array<() => Promise<unknown>>;
  readonly files: string[];
}

/** Keeps one session open across the scenarios of a file while their specs are alike (the twin path's reuse). */
export class SessionPool {
  current: Opened | null = null;

  /** Close the pooled session (LIFO) and attach its evidence. */
  async close(): Promise<void> {
    const o = this.current;
    this.current = null;
    if (o) await closeOpened(o);
  }
}

/** The pool the file's scenarios share (set by section() with reuse; none: a session per scenario). */
export let activePool: SessionPool | undefined;
export function usePool(pool: SessionPool | undefined): void {
  activePool = pool;
}
/** Every scenario's projection of this file, in the order they ran. */
export const fileProjections: ScenarioProjection[] = [];

/** True when `start` asks nothing beyond the factory settings (a boot allowed, never activated or either): what a
 *  just-started twin is (every twin is a new appliance). */
export function isFactoryBoot(start: StartSpec): boolean {
  const { boot: _boot, activated, ...config } = resolveStart(start);
  const { boot: _b, activated: _a, ...factory } = resolveStart({});
  return activated !== true && JSON.stringify(config) === JSON.stringify(factory);
}

/** Which session a spec needs: everything but the start (a start is reached on any session). */
function poolKey(spec: SessionSpec): string {
  const { start: _start, ...rest } = spec;
  return JSON.stringify(rest, Object.keys(rest).sort());
}

/** Opens sessions for one test and closes them all (LIFO) at its end, attaching the evidence. */
export class Rig {
  private readonly opened: Opened[] = [];
  private count = 0;
  private readonly logs: Array<{ log: WaitLog; spec: SessionSpec; dut?: Dut }> = [];

  constructor(private readonly testName: string, private readonly pool?: SessionPool) {}

  /** Open (or, with a pool, reuse) a session, then bring the appliance to the spec's start state. */
  async open(spec: SessionSpec = {}): Promise<Session> {
    const log = new WaitLog();
    const entry: { log: WaitLog; spec: SessionSpec; dut?: Dut } = { log, spec };
    this.logs.push(entry);
    const key = poolKey(spec);
    let fresh = false;
    let o = this.pool?.current?.key === key ? this.pool.current : null;
    if (!o) {
      if (this.pool?.current) await this.pool.close();
      o = await this.openNew(spec, key);
      fresh = o.session.dut.kind === "twin";
      if (this.pool) this.pool.current = o;
      else this.opened.push(o);
    }
    o.sink.target = log;
    const s = o.session;
    entry.dut = s.dut;
    // A fresh twin is at the factory settings and booting (its state dir is new): a start that asks no more needs no
    // work. A reused twin or a hardware appliance is read from its screens and brought to the start.
    const start = startOf(spec);
    const started = fresh && isFactoryBoot(start) ? null : await s.ui.steps.step("bring the appliance to the scenario's start state", (scope) => {
      scope.parameter("start", JSON.stringify(start));
      return s.strategy.transition(start);
    });
    // What was read from the screens and which flows reached the start: the evidence of how this scenario began.
    if (started) writeFileSync(join(s.evidence, `start-${safe(this.testName)}.json`), `${JSON.stringify(started, null, 1)}\n`);
    return { ...s, started, startedAt: Date.now() };
  }

  /** The session this rig opened (or reused) last, also when bringing it to its start failed: the verdict boundary
   *  reads its console after a failure. */
  lastSession(): Session | undefined {
    return (this.pool?.current ?? this.opened.at(-1))?.session;
  }

  /** Per scenario of this rig: its waits projected to a real appliance's timings, by what its DUT said of itself
   *  (the selected DUT's figures where no session opened). */
  projections(): ScenarioProjection[] {
    return this.logs.map(({ log, spec, dut }, i) => {
      const which = dut ?? selectedDut(spec);
      return project(`${this.testName}${i ? `-${i + 1}` : ""}`, log, projectionBasis(which), { name: which.name, model: dut?.model ?? spec.model ?? "current", kind: which.kind });
    });
  }

  private async openNew(spec: SessionSpec, key: string): Promise<Opened> {
    const selector = parseSelector();
    const undo: Array<() => Promise<unknown>> = [];
    const files: string[] = [];
    const sink = new WaitSink();
    const evidence = join(EVIDENCE_ROOT, `${safe(this.testName)}${this.count++ ? `-${this.count}` : ""}`);
    rmSync(evidence, { recursive: true, force: true }); // a re-run replaces this test's evidence
    mkdirSync(evidence, { recursive: true });
    const opened = (session: Session): Opened => ({ key, session, sink, undo, files });
    try {
      // One appliance, one test at a time: the lease comes before anything touches the appliance.
      let appliance: Appliance | undefined;
      if (selector.kind === "hardware") {
        const taken = await leaseAppliance(selector, spec);
        undo.push(async () => taken.lease.release());
        appliance = taken.appliance;
      }
      const lab = spec.lab ? await labUp(spec.lab, { services: spec.services ?? true }, appliance) : undefined;
      if (lab) undo.push(() => lab.down());
      const dut = await attachDut(appliance && selector.kind === "hardware" ? { kind: "hardware", file: selector.file, name: appliance.name } : selector, lab, { name: "twin", defects: [...(spec.defects ?? [])], pace: spec.pace ?? false, timeScale: spec.timeScale ?? 0.01, model: spec.model ?? "current", ...(spec.serial ? { serial: spec.serial } : {}) });
      undo.push(() => dut.dispose());
      if (dut.model !== (spec.model ?? "current")) throw new Error(`rig: this scenario needs a ${spec.model ?? "current"} model appliance, but ${dut.name} is a ${dut.model} model (inventory field model)`);
      await onDut(dut.name, dut.versions, { kind: selector.kind, model: dut.model, ...(dut.serial ? { serial: dut.serial } : {}) });
      if (lab) {
        // The lab end of the appliance's cable: what a lab can see of real hardware too.
        const end = lab.cableEnd("lan0");
        const pcap = join(evidence, "dut-lan0.pcap");
        const cap = await Capture.start({ ns: end.ns, iface: end.iface, file: pcap, deadline: Deadline.in(10_000, `capture on ${end.host}:${end.iface} (the lab end of lan0)`) });
        undo.push(() => cap.stop());
        files.push(pcap);
      }
      const line = spec.line ? await spec.line(dut.console) : undefined;
      if (line) undo.push(() => line.close());
      const con = await Console.open({ name: dut.name, path: line?.path ?? dut.console, profile: dut.profile, transcript: { dir: evidence }, secrets: [...(spec.secrets ?? [])], keyTimeoutMs: dut.timings.keyMs });
      undo.push(() => con.close());
      files.push(join(evidence, `${dut.name}.cast`), join(evidence, `${dut.name}.screens.txt`));
      const t = dut.timings;
      const ui = new Ui(con, { bootMs: t.bootMs, messageMs: t.messageMs, checkMs: t.checkMs, power: dut.power, waits: sink, steps: allureSteps });
      const socket = lab?.portalSocket;
      const activate = socket ? async (code: string) => void (await new Portal(socket).activate(code, "hil")) : undefined;
      // A hardware appliance's platform account outlives the lab: what it records of the activation tells "activated
      // long ago" (a scenario needing a never-activated appliance is skipped) from a failure.
      const account = appliance && lab ? accountDirFor(appliance.name, appliance.platform) : null;
      const activationRecord = account ? async () => activationIn(account, appliance!.name, dut.serial) : undefined;
      const strategy = new StartStrategy(ui, { power: dut.power, ...(activate ? { activate } : {}), ...(activationRecord ? { activationRecord } : {}) });
      return opened({ dut, con, ui, lab, evidence, strategy, started: null, startedAt: Date.now() });
    } catch (error) {
      await closeOpened({ key, session: undefined as never, sink, undo, files }).catch(() => undefined);
      throw error;
    }
  }

  /** Close every session of this rig, the file's pooled one too (an attempt that ended inconclusive: the next one
   *  starts on a fresh session). */
  async retire(): Promise<void> {
    await this.pool?.close();
    await this.close();
  }

  /** Close everything this rig opened (LIFO; each step tolerates "already gone") and attach the evidence files.
   *  A pooled session stays open for the file's next scenario. */
  async close(): Promise<void> {
    const errors: unknown[] = [];
    for (const o of this.opened.splice(0).reverse()) await closeOpened(o).catch((e) => errors.push(...(e instanceof AggregateError ? e.errors : [e])));
    if (errors.length) throw new AggregateError(errors, `rig teardown: ${errors.length} step(s) failed`);
  }
}

/** Close one session: its platform versions recorded, its steps undone LIFO, its evidence attached. */
async function closeOpened(o: Opened): Promise<void> {
  const errors: unknown[] = [];
  if (o.session) await platformVersions(o.session).catch(() => undefined);
  for (const step of o.undo.splice(0).reverse()) await step().catch((e) => errors.push(e));
  // Named by the path under the evidence root: the certification record finds and hashes the file by it.
  for (const f of o.files) await attachEvidence(f, relative(EVIDENCE_ROOT, f)).catch(() => undefined);
  if (errors.length) throw new AggregateError(errors, `rig teardown: ${errors.length} step(s) failed`);
}

/** The lease on the appliance this session runs on: the one HIL_DUT names, or with a pool the member this file
 *  leased (taken again here: nested takes in one process share the lock), or (outside a section, or a file whose
 *  scenarios together fit no one member) the first free member that fits the scenario's needs (scenarios/needs.ts). */
async function leaseAppliance(selector: Extract<DutSelector, { kind: "hardware" }>, spec: SessionSpec): Promise<{ appliance: Appliance; lease: Lease }> {
  const waitMs = leaseWaitMs(runBudgetMs());
  const inventory = await loadInventory(selector.file);
  if (!selector.pool) return { appliance: applianceNamed(inventory, selector.name), lease: await Lease.take(selector.name, { waitMs }) };
  const leased = fileAppliance();
  if (leased) return { appliance: leased, lease: await Lease.take(leased.name, { waitMs }) };
  return leaseFitting(poolMembers(inventory, selector.pool), needsOf(spec), { waitMs });
}

/** Lab.up for the selected DUT: a hardware appliance's NICs are the lab's cabling (they take the place of the lab
 *  ends of its dut links; netns/README.md "Cabling a hardware DUT"). */
async function labUp(spec: string | TopologyInput, options: LabOptions, appliance?: Appliance): Promise<Lab> {
  if (!appliance) return Lab.up(spec, options);
  // A lab without a WAN link leaves the appliance's WAN NIC where it is: in the host namespace, down (unplugged).
  const wanCabled = appliance.wan && findCableEnd(await loadTopology(spec), "wan0");
  const cabling = { lan0: appliance.lan, ...(wanCabled ? { wan0: appliance.wan } : {}) };
  // The platform it trusts: the lab's emulator signed by the persistent lab CA, or the real platform upstream.
  // The emulator keeps the appliance's account across labs (activation, ID, the portal's settings), as a real
  // platform does: one directory per appliance, used by one run at a time, since this lab is built only while the
  // run holds the appliance's lease (Rig.openNew takes it first; harness/dut/lease.ts). A twin's lab keeps a fresh,
  // throw-away account: every twin is a new appliance.
  const account = accountDirFor(appliance.name, appliance.platform);
  return Lab.up(spec, { ...options, cabling, ...labOptionsFor(appliance.platform), ...(account ? { platformAccount: account } : {}) });
}

let budget: number | undefined;
/** The run's budget: every catalogue scenario at its derived timeout on the selected DUT (how long a second run
 *  on this host waits for the appliance's lease when HIL_LEASE_WAIT is not set). */
export function runBudgetMs(): number {
  if (budget !== undefined) return budget;
  // Imported lazily: the catalogue imports the checks, which import this module.
  return (budget = runBudgetOf());
}
let runBudgetOf: () => number = () => 4 * 3_600_000;
/** Set by section.ts, which knows the catalogue (kept out of the rig to avoid an import circle). */
export function setRunBudget(of: () => number): void {
  runBudgetOf = of;
  budget = undefined;
}

/** The versions the lab's platform last saw this DUT report (found by its serial), recorded beside the DUT's own. */
async function platformVersions(s: Session): Promise<void> {
  const socket = s.lab?.portalSocket;
  if (!socket || !existsSync(socket) || !s.dut.serial) return;
  const seen = (await new Portal(socket, 3_000).appliances()).find((a) => a.serial === s.dut.serial && a.versions);
  if (seen?.versions) await reportedToPlatform(seen.versions);
}

function safe(name: string): string {
  return evidenceDirName(name);
}
