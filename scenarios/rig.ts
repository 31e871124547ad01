// A scenario's rig: the lab (when asked), the DUT (HIL_DUT, twin by default) with its console and UI driver,
// a capture on the DUT's LAN link; closed LIFO, with every piece of evidence kept and attached.
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { Console } from "../harness/console/console.ts";
import { twinProfile } from "../harness/console/profiles/twin.ts";
import { Capture } from "../harness/capture/index.ts";
import { attachDut, parseSelector, type Dut } from "../harness/dut/index.ts";
import { Portal } from "../harness/platform/portal.ts";
import { attachEvidence, onDut, reportedToPlatform } from "../harness/report/allure.ts";
import { evidenceDirName } from "../harness/report/evidence.ts";
import { Ui } from "../harness/ui/index.ts";
import { Lab } from "../netns/lab/lab.ts";
import type { TopologyInput } from "../netns/topology/schema.ts";
import { Deadline } from "../netns/util/deadline.ts";

/** What one scenario asks for. */
export interface SessionSpec {
  /** A lab preset (fixtures/labs) or a topology (a preset's variant) to build; none: the DUT alone. */
  readonly lab?: string | TopologyInput;
  /** Start the lab's services (default true). */
  readonly services?: boolean;
  /** Twin defects (twin only; a hardware DUT cannot be told to misbehave). */
  readonly defects?: readonly string[];
  /** Pace the twin's console at 9600 baud (default: unpaced, time scale 0.01). */
  readonly pace?: boolean;
  /** Twin time scale (default 0.01). Checks of short-lived messages use 0.05: at 0.01 a 20 ms message can
   *  arrive in the same read as the next screen and never be seen on its own. */
  readonly timeScale?: number;
  /** The appliance model the scenario is for (default current); the twin is started with it, hardware must be it. */
  readonly model?: "current" | "legacy";
  /** The twin's serial number (default: a fresh one over 29000 per twin); hardware has its own. */
  readonly serial?: string;
  /** Values scrubbed from transcripts as a last line of defence. */
  readonly secrets?: readonly string[];
}

/** An attached appliance with everything a scenario uses. */
export interface Session {
  readonly dut: Dut;
  readonly con: Console;
  readonly ui: Ui;
  readonly lab: Lab | undefined;
  /** This session's evidence directory (transcripts, screens, pcap). */
  readonly evidence: string;
}

const EVIDENCE_ROOT = resolve(process.env.HIL_EVIDENCE_DIR ?? "reports/evidence");

/** True when the suite runs against the twin (HIL_DUT unset or "twin"). */
export function onTwin(): boolean {
  return parseSelector().kind === "twin";
}

/** Opens sessions for one test and closes them all (LIFO) at its end, attaching the evidence. */
export class Rig {
  private readonly undo: Array<() => Promise<unknown>> = [];
  private readonly files: string[] = [];
  private count = 0;
  private readonly sessions: Session[] = [];

  constructor(private readonly testName: string) {}

  /** Build the lab (if asked), attach the DUT, open its console with transcripts, wrap the UI driver. */
  async open(spec: SessionSpec = {}): Promise<Session> {
    const selector = parseSelector();
    const evidence = join(EVIDENCE_ROOT, `${safe(this.testName)}${this.count++ ? `-${this.count}` : ""}`);
    rmSync(evidence, { recursive: true, force: true }); // a re-run replaces this test's evidence
    mkdirSync(evidence, { recursive: true });
    const lab = spec.lab ? await Lab.up(spec.lab, { services: spec.services ?? true }) : undefined;
    if (lab) this.undo.push(() => lab.down());
    const twin = selector.kind === "twin";
    const dut = await attachDut(selector, lab, { name: "twin", defects: [...(spec.defects ?? [])], pace: spec.pace ?? false, timeScale: spec.timeScale ?? 0.01, model: spec.model ?? "current", ...(spec.serial ? { serial: spec.serial } : {}) });
    this.undo.push(() => dut.dispose());
    if (dut.model !== (spec.model ?? "current")) throw new Error(`rig: this scenario needs a ${spec.model ?? "current"} model appliance, but ${dut.name} is a ${dut.model} model (inventory field model)`);
    await onDut(dut.name, dut.versions, { kind: selector.kind, model: dut.model, ...(dut.serial ? { serial: dut.serial } : {}) });
    if (lab) {
      const cap = await Capture.start({ ns: lab.ns("dut"), iface: "lan0", file: join(evidence, "dut-lan0.pcap"), deadline: Deadline.in(10_000, "capture on lan0") });
      this.undo.push(() => cap.stop());
      this.files.push(join(evidence, "dut-lan0.pcap"));
    }
    const con = await Console.open({ name: dut.name, path: dut.console, profile: twinProfile, transcript: { dir: evidence }, secrets: [...(spec.secrets ?? [])], keyTimeoutMs: twin ? 8_000 : 10_000 });
    this.undo.push(() => con.close());
    this.files.push(join(evidence, `${dut.name}.cast`), join(evidence, `${dut.name}.screens.txt`));
    const ui = new Ui(con, twin ? { bootMs: 20_000, messageMs: 5_000, power: dut.power } : { bootMs: 240_000, messageMs: 30_000, power: dut.power });
    const session = { dut, con, ui, lab, evidence };
    this.sessions.push(session);
    return session;
  }

  /** Close everything (LIFO; each step tolerates "already gone") and attach the evidence files. */
  async close(): Promise<void> {
    const errors: unknown[] = [];
    for (const s of this.sessions.splice(0)) await platformVersions(s).catch(() => undefined);
    for (const step of this.undo.splice(0).reverse()) await step().catch((e) => errors.push(e));
    // Named by the path under the evidence root: the certification record finds and hashes the file by it.
    for (const f of this.files) await attachEvidence(f, relative(EVIDENCE_ROOT, f)).catch(() => undefined);
    if (errors.length) throw new AggregateError(errors, `rig teardown: ${errors.length} step(s) failed`);
  }
}

/** The versions the lab's platform last saw this DUT report (found by its serial), recorded beside the DUT's own. */
async function platformVersions(s: Session): Promise<void> {
  const socket = s.lab?.path("services", "cloud-platform", "portal.sock");
  if (!socket || !existsSync(socket) || !s.dut.serial) return;
  const seen = (await new Portal(socket, 3_000).appliances()).find((a) => a.serial === s.dut.serial && a.versions);
  if (seen?.versions) await reportedToPlatform(seen.versions);
}

function safe(name: string): string {
  return evidenceDirName(name);
}
