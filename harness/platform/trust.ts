// Which platform a hardware appliance trusts: the lab's emulator signed by the persistent lab CA, or the real
// platform upstream. The inventory's `platform` key (schema here; harness/dut/inventory.ts embeds it), what a lab
// needs for it, which scenarios it rules out, and activation against the real platform.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { z } from "zod";
import { caFilesIn, DEFAULT_CA_DIR, type LabCaFiles } from "../../netns/services/platform/lab-ca.ts";
import { upstreamSchema, type UpstreamInput } from "../../netns/lab/upstream.ts";
import type { Deadline } from "../../netns/util/deadline.ts";
import { screens } from "../../fixtures/manual/index.ts";
import type { Lcd } from "../console/lcd.ts";

const absPath = z.string().regex(/^\//, "an absolute file path");

/** `platform: { mode: emulator, ca?: { cert, key } }`. */
export const emulatorSettingSchema = z.object({ mode: z.literal("emulator"), ca: z.object({ cert: absPath, key: absPath }).strict().optional() }).strict();
/** `platform: { mode: upstream, uplink, url, dns, activate?, address?, gateway? }`. */
export const upstreamSettingSchema = upstreamSchema
  .extend({
    mode: z.literal("upstream"),
    /** Shell command run with `{code}` replaced by the activation code read from the LCD. */
    activate: z.string().refine((s) => s.includes("{code}"), "a shell command containing {code}").optional(),
  })
  .strict();
/** The inventory's `platform` key (strict: unknown keys are errors). */
export const platformSettingSchema = z.discriminatedUnion("mode", [emulatorSettingSchema, upstreamSettingSchema]);

export type PlatformSetting = z.output<typeof platformSettingSchema>;

/** The CA an emulator-mode appliance trusts when the inventory names none (`hil ca init` makes it). */
export const DEFAULT_LAB_CA: LabCaFiles = caFilesIn(DEFAULT_CA_DIR);

/** What Lab.up needs for an appliance's platform setting; absent setting: the lab's default (a fresh CA, the twin's). */
export function labOptionsFor(setting: PlatformSetting | undefined): { platformCa?: LabCaFiles; upstream?: UpstreamInput } {
  if (!setting) return {};
  if (setting.mode === "emulator") return { platformCa: setting.ca ?? DEFAULT_LAB_CA };
  const { mode: _mode, activate: _activate, ...upstream } = setting;
  return { upstream };
}

/** Why a scenario that needs the emulator (its faults or portal) must skip for this appliance; null when it can run. */
export function emulatorSkipReason(appliance: string, setting: PlatformSetting | undefined): string | null {
  return setting?.mode === "upstream" ? `needs the platform emulator; appliance ${appliance} uses the upstream platform` : null;
}

/** Activation against the upstream platform failed or could not be done; the message says why and what to do. */
export class ActivationError extends Error {
  override readonly name = "ActivationError";
}

/** The activation code on the ACTIVATION CODE screen (line 2), or null when the LCD shows another screen. */
export function activationCodeOn(lcd: Lcd): string | null {
  if (lcd.lines[0].trim() !== screens.activationCode) return null;
  const code = lcd.lines[1].trim();
  return /^[A-Za-z0-9-]{4,64}$/.test(code) ? code : null;
}

/** Where the operator is asked (a terminal); injectable for tests. */
export interface OperatorIo {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  isTTY: boolean;
}

/** What `activateUpstream` needs. */
export interface ActivateOptions {
  appliance: string;
  setting: z.output<typeof upstreamSettingSchema>;
  code: string;
  deadline: Deadline;
  /** Default: this process's stdin/stdout. */
  io?: OperatorIo;
}

/**
 * Activate the appliance on the real platform: run the inventory's `activate` command with `{code}` replaced, or,
 * without one, ask the operator on the terminal and wait for ENTER. Returns how it was done (for the report).
 */
export async function activateUpstream(o: ActivateOptions): Promise<string> {
  if (!/^[A-Za-z0-9-]{4,64}$/.test(o.code)) throw new ActivationError(`Appliance ${o.appliance}: expected an activation code of letters, digits and '-', got ${JSON.stringify(o.code)}`);
  if (o.setting.activate) return runActivate(o.appliance, o.setting.activate.replaceAll("{code}", o.code), o.deadline);
  const io = o.io ?? { input: process.stdin, output: process.stdout, isTTY: Boolean(process.stdin.isTTY && process.stdout.isTTY) };
  if (!io.isTTY) {
    throw new ActivationError(
      `Appliance ${o.appliance} uses the upstream platform (${o.setting.url}) and its inventory entry has no platform.activate command; ` +
        `activate code ${o.code} there, or add activate: "your-command {code}", or run from a terminal to be asked`,
    );
  }
  io.output.write(`\nActivate appliance ${o.appliance} on ${o.setting.url} with activation code ${o.code}, then press ENTER here (waiting ${Math.round(o.deadline.remaining / 1000)} s) `);
  const rl = createInterface({ input: io.input, terminal: false });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new ActivationError(`Appliance ${o.appliance}: nobody confirmed the activation of code ${o.code} on ${o.setting.url} within ${Math.round(o.deadline.elapsed / 1000)} s`)), Math.max(0, o.deadline.remaining));
      rl.once("line", () => (clearTimeout(timer), resolve()));
      rl.once("close", () => (clearTimeout(timer), reject(new ActivationError(`Appliance ${o.appliance}: the terminal closed before the activation of code ${o.code} was confirmed`))));
    });
  } finally {
    rl.close();
  }
  return `operator confirmed activation of ${o.code}`;
}

/** Run the activation command in a shell against the deadline; its failure names the command, exit and output. */
function runActivate(appliance: string, command: string, deadline: Deadline): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn("sh", ["-c", command], { stdio: ["ignore", "pipe", "pipe"], detached: true });
    let out = "";
    child.stdout!.on("data", (d) => (out += String(d)));
    child.stderr!.on("data", (d) => (out += String(d)));
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // already gone
      }
      reject(new ActivationError(`Appliance ${appliance}: activation command \`${command}\` did not finish within ${Math.round(deadline.elapsed / 1000)} s; output: ${out.trim().slice(-500) || "(none)"}`));
    }, Math.max(0, deadline.remaining));
    child.once("error", (e) => (clearTimeout(timer), reject(new ActivationError(`Appliance ${appliance}: could not run activation command \`${command}\`: ${e.message}`))));
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(`ran \`${command}\``);
      else reject(new ActivationError(`Appliance ${appliance}: activation command \`${command}\` failed (exit ${code ?? signal}); output: ${out.trim().slice(-500) || "(none)"}`));
    });
  });
}
