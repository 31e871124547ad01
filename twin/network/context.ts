// What every network module of the twin needs: where it runs (namespace), where it keeps its files, how fast time
// runs, which network defects are on, and the platform it talks to. Built once, frozen.
import { statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { z } from "zod";
import { run, runIn, type RunOptions, type RunResult } from "../../netns/util/sh.ts";
import { NET_DEFECT_NAMES, type NetDefectName } from "../defects.ts";
import { invalidMessage, validate } from "../../netns/util/validate.ts";
import { badInput, NetInputError } from "./messages.ts";

/** The platform as the appliance knows it: its URL and the CA to trust (endpoint.json of the emulator). */
export interface PlatformTarget {
  readonly url: string;
  readonly caCert: string | null;
}

/** Inputs of the network modules (validated by `netContext`). */
export interface NetContext {
  /** Network namespace of the appliance (undefined: the current one). */
  readonly ns: string | undefined;
  /** True when this process runs in that namespace (started with `ip netns exec`, as every twin is): commands and
   *  reads of /sys then need no `ip netns exec` of their own. */
  readonly inside: boolean;
  /** The twin's state directory: leases, hook script, resolver list. */
  readonly stateDir: string;
  /** Time scale: 0.01 makes a 30 s timeout 0.3 s. */
  readonly timeScale: number;
  readonly model: "current" | "legacy";
  readonly mac: string;
  /** Serial number sent to the platform with the MAC. */
  readonly serial: string;
  readonly platform: PlatformTarget | null;
  readonly defects: ReadonlySet<NetDefectName>;
}

const schema = z
  .object({
    ns: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, "a network namespace name").optional(),
    stateDir: z.string().min(1, "a state directory"),
    timeScale: z.number().positive("a number > 0").max(1000).default(1),
    model: z.enum(["current", "legacy"]).default("current"),
    mac: z.string().regex(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/, "a MAC address like 02:51:aa:bb:cc:dd"),
    serial: z.string().regex(/^[A-Za-z0-9-]{1,32}$/, "1-32 of A-Za-z0-9-").default("30512"),
    platform: z.object({ url: z.url({ protocol: /^https?$/ }), caCert: z.string().min(1).nullable().default(null) }).strict().nullable().default(null),
    defects: z.array(z.enum(NET_DEFECT_NAMES as unknown as [NetDefectName, ...NetDefectName[]])).default([]),
  })
  .strict();

/** Validate the network context once, at the boundary; the message names the field, what was expected and what was found. */
export function netContext(input: z.input<typeof schema>): NetContext {
  const o = validate(schema, input, "network context", (i) => new NetInputError(invalidMessage(i)));
  // serial-misreported: the platform is told the model's default serial, not the one on the appliance's label.
  const serial = o.defects.includes("serial-misreported") ? "30512" : o.serial;
  return Object.freeze({ ...o, serial, ns: o.ns, inside: o.ns !== undefined && inNamespace(o.ns), platform: o.platform ? Object.freeze(o.platform) : null, defects: new Set(o.defects) });
}

/** The platform endpoint written by the emulator (`endpoint.json`: url, caCert, ...). */
export async function loadEndpoint(file: string): Promise<PlatformTarget> {
  const text = await readFile(file, "utf8").catch((e: Error) => {
    throw badInput(`platform endpoint ${file}`, "", "a readable endpoint.json", e.message);
  });
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw badInput(`platform endpoint ${file}`, "", "JSON", text.slice(0, 60));
  }
  const r = validate(z.object({ url: z.string().url(), caCert: z.string().min(1) }).loose(), data, `platform endpoint ${file}`, (i) => new NetInputError(invalidMessage(i)));
  return Object.freeze({ url: r.url, caCert: r.caCert });
}

/** True when this process's network namespace is the one named `ns` (/run/netns/<ns>). */
export function inNamespace(ns: string): boolean {
  try {
    const named = statSync(`/run/netns/${ns}`);
    const own = statSync("/proc/self/ns/net");
    return named.dev === own.dev && named.ino === own.ino;
  } catch {
    return false;
  }
}

/** Run `cmd` in the appliance's namespace; never throws on a non-zero exit. */
export function sh(ctx: NetContext, cmd: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  return runInNamespace(ctx.ns, ctx.inside, cmd, args, { allowFailure: true, timeoutMs: 60_000, ...opts });
}

/** Run `cmd` in namespace `ns` (undefined: this process's own); `inside`: this process already runs there. */
export function runInNamespace(ns: string | undefined, inside: boolean, cmd: string, args: readonly string[], opts: RunOptions): Promise<RunResult> {
  if (!ns || inside) return run(cmd, args, opts);
  if (cmd === "ip" || cmd === "tc") return run(cmd, ["-n", ns, ...args], opts); // cheaper than ip netns exec
  return runIn(ns, cmd, args, opts);
}

/** `argv` as a command line that runs it in the appliance's namespace (for a long-running helper). */
export function inNs(ctx: NetContext, argv: readonly string[]): string[] {
  return ctx.ns && !ctx.inside ? ["ip", "netns", "exec", ctx.ns, ...argv] : [...argv];
}

/** The text of a /sys file as the appliance's namespace shows it (null: it cannot be read), e.g. a port's carrier. */
export async function readSys(ctx: NetContext, path: string): Promise<string | null> {
  if (!ctx.ns || ctx.inside) return readFile(path, "utf8").then((t) => t.trim(), () => null);
  const r = await runIn(ctx.ns, "cat", [path], { allowFailure: true, timeoutMs: 60_000 });
  return r.exitCode === 0 ? r.stdout.trim() : null;
}

/** `ms` of appliance time in real milliseconds (at least `floor`). */
export function scaled(ctx: NetContext, ms: number, floor = 1): number {
  return Math.max(floor, Math.round(ms * ctx.timeScale));
}

/** True when network defect `name` is on. */
export const has = (ctx: NetContext, name: NetDefectName) => ctx.defects.has(name);
