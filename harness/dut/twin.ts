// Twin backend: starts the reference appliance (twin/main.ts) as a separate process, in the lab's `dut`
// namespace when a lab is given, with its console PTY and state in the run directory; stops it by pid.
import { HOST_FLOORS } from "./floors.ts";
import { spawn, type ChildProcess } from "node:child_process";
import { randomInt } from "node:crypto";
import { existsSync, mkdirSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { Deadline, pollUntil } from "../../netns/util/deadline.ts";
import { bundled } from "../../netns/util/bundle.ts";
import { invalidMessage, validate } from "../../netns/util/validate.ts";
import { onInterrupt } from "../../netns/lab/interrupt.ts";
import { SoloRun } from "../../netns/lab/solo.ts";
import { OWNER_ENV } from "../../netns/services/process.ts";
import { twinProfile } from "../console/profiles/twin.ts";
import type { ScreenProfile } from "../console/profile.ts";
import { controlRequest } from "./control.ts";
import { HARDWARE_TIMINGS } from "./inventory.ts";
import { DutError, powerFailed, twinStartFailed } from "./errors.ts";
import { uniformScales, type Dut, type DutTimings, type LabLike, type Model, type PowerControl, type WaitScales } from "./types.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
/** The twin's entry point, started by path (harness never imports twin/). */
export const TWIN_MAIN = join(ROOT, "twin/main.ts");

/** How the twin runs: node on its prebuilt bundle (default; loads in a fraction of tsx's time), or tsx on the sources
 *  (HIL_TWIN_RUNNER=tsx, or when no bundle can be built). */
export async function twinCommand(): Promise<string[]> {
  const bundle = process.env.HIL_TWIN_RUNNER === "tsx" ? undefined : await bundled(ROOT, TWIN_MAIN);
  return bundle ? [process.execPath, bundle] : [process.execPath, "--import", "tsx", TWIN_MAIN];
}

const optionsSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9_.-]+$/).default("twin"),
    dir: z.string().min(1).optional(),
    timeScale: z.number().positive().max(1000).default(0.01),
    pace: z.boolean().default(false),
    defects: z.array(z.string().regex(/^[a-z0-9-]+$/)).default([]),
    model: z.enum(["current", "legacy"]).default("current"),
    platformUrl: z.string().url().optional(),
    mac: z.string().regex(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/).optional(),
    /** Serial number the twin reports to the platform (default: a fresh one over 29000 per start). */
    serial: z.string().regex(/^[A-Za-z0-9-]{1,32}$/, "1-32 of A-Za-z0-9-").optional(),
    startMs: z.number().positive().default(30_000),
  })
  .strict();

/** Options of a twin DUT (validated once; `lab` is passed beside them). */
export type TwinDutOptions = z.input<typeof optionsSchema>;

/** Real-time floors of the twin's waits, whatever its time scale: each of its screens stays at least 400 ms
 *  (twin/ui/firmware.ts readableMs; 7 boot and contact messages), its curl waits at least 1.5 s, its DNS 400 ms,
 *  its SLAAC wait at least 10 s; a loaded 2-core host adds scheduling. */
export const TWIN_FLOORS: DutTimings = HOST_FLOORS;

/** The twin's timings at `timeScale`: a real appliance's durations scaled (at 0.01 a 180 s boot budget is 1.8 s),
 *  never below the twin's real-time floors. */
export function twinTimings(timeScale: number): DutTimings {
  const t = (k: keyof DutTimings) => Math.max(TWIN_FLOORS[k], Math.round(HARDWARE_TIMINGS[k] * timeScale));
  return Object.freeze({ bootMs: t("bootMs"), messageMs: t("messageMs"), checkMs: t("checkMs"), keyMs: t("keyMs") });
}

/** A running twin appliance. */
export class TwinDut implements Dut {
  readonly kind = "twin";
  private reported: { readonly software?: string; readonly signatures?: string } = Object.freeze({});
  private described: WaitScales | undefined;
  readonly power: PowerControl;
  /** The twin draws the screen contract of harness/console/profiles/twin.ts. */
  readonly profile: ScreenProfile = twinProfile;
  readonly timings: DutTimings;
  private exitCode: number | null = null;
  private disposed: Promise<void> | null = null;
  /** Ctrl-C or SIGTERM of this process stops the twin (and its cable helper) before the process goes. */
  private readonly releaseInterrupt: () => void;

  private constructor(
    readonly name: string,
    readonly model: Model,
    readonly dir: string,
    readonly console: string,
    readonly control: string,
    readonly pid: number,
    readonly serial: string,
    readonly timeScale: number,
    private readonly child: ChildProcess,
    private readonly ownsDir: boolean,
    /** The run this twin was given when started without a lab (its sweeper record); closed on dispose. */
    private readonly solo: SoloRun | undefined,
  ) {
    this.timings = twinTimings(timeScale);
    this.releaseInterrupt = onInterrupt(() => this.dispose());
    child.once("exit", (code, signal) => (this.exitCode = code ?? (signal ? 128 : -1)));
    const send = async (action: "on" | "off" | "cut") => {
      const reply = await controlRequest(control, `power ${action}`).catch((e: Error) => {
        throw powerFailed(name, action, e.message, e);
      });
      if (reply !== "ok") throw powerFailed(name, action, `the twin answered ${JSON.stringify(reply)}`);
    };
    this.power = { on: () => send("on"), off: () => send("off"), cut: () => send("cut") };
  }

  /** Start a twin (in `lab`'s dut namespace when given) and wait until its console link exists. */
  static async start(input: TwinDutOptions = {}, lab?: LabLike): Promise<TwinDut> {
    const o = validate(optionsSchema, input, "TwinDut.start options", (i) => new DutError(invalidMessage(i)));
    const ownsDir = !o.dir;
    // Without a lab, a run of its own under the run root: `hil lab sweep` removes the twin and its cable helper
    // (its process group) once this process is gone, even after SIGKILL.
    // Until the TwinDut exists (it registers its own), an interrupt removes what exists so far, and the start stops.
    let early: ChildProcess | undefined;
    let solo: SoloRun | undefined;
    let interrupted = false;
    const releaseEarly = onInterrupt(async () => {
      interrupted = true;
      if (early?.pid) signalGroup(early.pid, "SIGKILL");
      await solo?.close();
    });
    solo = !o.dir && !lab ? await SoloRun.create(`twin-${o.name}`).catch((e: unknown) => (releaseEarly(), Promise.reject(e))) : undefined;
    if (interrupted) {
      await solo?.close();
      releaseEarly();
      throw new DutError(`twin ${o.name}: start interrupted`);
    }
    const dir = o.dir ?? (lab ? join(lab.dir, `dut-${o.name}`) : solo!.dir);
    mkdirSync(dir, { recursive: true });
    const consolePath = join(dir, "console");
    const control = join(dir, "control.sock");
    const args = ["--console", consolePath, "--state", join(dir, "state"), "--control", control, "--time-scale", String(o.timeScale), "--model", o.model];
    if (!o.pace) args.push("--no-pace");
    for (const d of o.defects) args.push("--defect", d);
    if (o.platformUrl) args.push("--platform-url", o.platformUrl);
    // The lab's platform emulator (when its services run): URL and CA the twin trusts.
    const endpoint = lab?.platform?.endpointFile;
    if (endpoint && !o.platformUrl && existsSync(endpoint)) args.push("--platform-endpoint", endpoint);
    if (o.mac) args.push("--mac", o.mac);
    const serial = o.serial ?? freshSerial();
    args.push("--serial", serial);
    // It ends with this process: a twin spawned but not yet recorded when this process is killed leaves nothing.
    args.push("--owner", String(process.pid));
    const ns = lab?.ns("dut");
    if (ns) args.push("--netns", ns);
    const node = [...(await twinCommand()), ...args];
    const argv = ns ? ["ip", "netns", "exec", ns, ...node] : node;
    const logPath = join(dir, "twin.log");
    const log = openSync(logPath, "a");
    // Its own process group: stopping it also stops the cable helper it spawned.
    // The run's owner mark: a sweeper finds the twin (and its cable helper) by it even before it is recorded.
    const owner = solo?.prefix ?? lab?.prefix;
    const env = owner ? { ...process.env, [OWNER_ENV]: owner } : process.env;
    const child = (early = spawn(argv[0]!, argv.slice(1), { cwd: ROOT, detached: true, stdio: ["ignore", log, log], env }));
    closeSync(log);
    child.once("error", () => void solo?.close());
    const output = () => (existsSync(logPath) ? readFileSync(logPath, "utf8") : "");
    const pid = await new Promise<number>((res, rej) => {
      child.once("spawn", () => res(child.pid!));
      child.once("error", (e) => rej(twinStartFailed(o.name, `cannot run ${argv[0]}: ${e.message}`, "", e)));
    }).finally(() => releaseEarly());
    writeFileSync(join(dir, "twin.pid"), `${pid}\n`);
    const dut = new TwinDut(o.name, o.model, dir, consolePath, control, pid, serial, o.timeScale, child, ownsDir, solo);
    try {
      await solo?.track(`twin-${o.name}`, pid, join(dir, "twin.pid"), true);
      if (lab?.track) await lab.track(`twin-${o.name}`, pid, { pidFile: join(dir, "twin.pid"), group: true, stop: false });
      const deadline = Deadline.in(o.startMs, "the twin's console link");
      await pollUntil(() => {
        if (dut.exitCode !== null) return "exited";
        return existsSync(consolePath) && existsSync(control) ? "ready" : undefined;
      }, deadline, { describeLast: () => `no ${existsSync(consolePath) ? "control socket" : "console link"} yet` }).then((r) => {
        if (r === "exited") throw new DutError(`the process exited with ${dut.exitCode}`);
      });
    } catch (error) {
      const said = output();
      await dut.dispose();
      throw twinStartFailed(o.name, (error as Error).message, said, error);
    }
    await Promise.all([dut.readVersions().catch(() => undefined), dut.readScales().catch(() => undefined)]);
    return dut;
  }

  /** Software and signature versions the twin's firmware reported (empty until read, or while powered off). */
  get versions(): { readonly software?: string; readonly signatures?: string } {
    return this.reported;
  }

  /** Ask the twin for the versions it runs now (they change when the platform installs an update). */
  async readVersions(): Promise<{ readonly software?: string; readonly signatures?: string }> {
    const v = (await this.status()).versions;
    if (v) this.reported = Object.freeze({ software: v.software, signatures: v.signatures });
    return this.reported;
  }

  /** The fraction of real time each kind of its waits runs at: the time scale until the twin describes itself. */
  get scales(): WaitScales {
    return this.described ?? uniformScales(this.timeScale);
  }

  /** Ask the twin how its real-time floors scale its boots, checks and messages (control command `describe`). */
  async readScales(): Promise<WaitScales> {
    const d = JSON.parse(await controlRequest(this.control, "describe")) as { scales?: { boot: number; check: number; message: number } };
    if (d.scales) this.described = Object.freeze({ ...d.scales, other: this.timeScale });
    return this.scales;
  }

  /** True while the twin process runs. */
  get running(): boolean {
    return this.exitCode === null;
  }

  /** The twin's own view (power, LCD lines, lost input bytes): a diagnostic, not evidence. */
  async status(): Promise<{ power: string; lcd: string[]; lostBytes: number; versions?: { software: string; signatures: string } | null }> {
    return JSON.parse(await controlRequest(this.control, "status"));
  }

  /** Stop the twin (SIGTERM to its process group, SIGKILL if it lingers); removes a temp dir it made. */
  dispose(): Promise<void> {
    this.disposed ??= this.stop().finally(() => this.releaseInterrupt());
    return this.disposed;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose();
  }

  private async stop(): Promise<void> {
    if (this.exitCode === null) {
      const exited = new Promise<void>((r) => (this.exitCode !== null ? r() : this.child.once("exit", () => r())));
      signalGroup(this.pid, "SIGTERM");
      const t = setTimeout(() => signalGroup(this.pid, "SIGKILL"), 5_000);
      await exited;
      clearTimeout(t);
    }
    signalGroup(this.pid, "SIGKILL"); // stragglers of the group (a cable helper), if any
    if (this.solo) await this.solo.close();
    else if (this.ownsDir) rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A serial number over 29000 (so the portal allows 4094 VLANs), different for each twin started. */
export function freshSerial(): string {
  return String(randomInt(30_000, 100_000));
}

/** Signal the process group led by `pid` (ESRCH: already gone). */
function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is gone
  }
}

/** The twin's defect catalogue, asked of the twin program itself (`--list-defects`: one name a line). */
export async function twinDefects(): Promise<string[]> {
  const { execa } = await import("execa");
  const [cmd, ...pre] = await twinCommand();
  const r = await execa(cmd!, [...pre, "--list-defects"], { cwd: ROOT, reject: false });
  const names = r.stdout.split("\n").filter(Boolean);
  if (r.exitCode !== 0 || names.length === 0 || names.some((n) => !/^[a-z0-9-]+$/.test(n))) {
    throw new DutError(`cannot read the twin's defect catalogue: twin --list-defects exited ${r.exitCode} with ${names.length} line(s): ${(r.stderr.trim() || r.stdout.trim()).slice(0, 300)}`);
  }
  return names;
}
