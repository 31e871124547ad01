// The twin as an independent box ("twin-as-hardware"): the reference appliance started by path (never imported) in the
// host namespace, its network in a namespace of its own whose ports are veth pairs: `lan0`/`wan0` inside, the other ends
// left in the host namespace under NIC-like names, down and without addresses, as the unplugged NICs of a lab host. Its
// console is a stable tty link, its power the control socket (inventory power commands). It outlives the command that
// started it; its run directory has a manifest (owner: the box process), so `hil twin stop NAME` and, once the box
// process is gone, any sweep (`hil lab sweep`) remove everything it made.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { closeSync, existsSync, openSync, readFileSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { Deadline, pollUntil } from "../../netns/util/deadline.ts";
import { newPrefix, runDir } from "../../netns/util/owner.ts";
import { run } from "../../netns/util/sh.ts";
import { listManifests, writeManifest, type Manifest } from "../../netns/lab/manifest.ts";
import { identify, sameProcess } from "../../netns/lab/proc.ts";
import { teardownRun } from "../../netns/lab/teardown.ts";
import { controlRequest } from "./control.ts";
import { DutError } from "./errors.ts";
import { freshSerial, twinCommand } from "./twin.ts";

/** The manifest's `topology` of a box run (tells boxes from labs). */
export const BOX_TOPOLOGY = "twin-as-hardware";
/** Where a box's tty link lives: `/dev` (where udev puts stable serial links, and what an inventory `tty` accepts). */
export const TTY_DIR = process.env.HIL_BOX_TTY_DIR ?? "/dev";

/** Options of `hil twin --as-hardware NAME`. */
export interface BoxOptions {
  readonly name: string;
  readonly model?: "current" | "legacy";
  readonly serial?: string;
  readonly timeScale?: number;
  /** Pace the console output at the line rate (the real 9600 baud scaled by the time scale). */
  readonly pace?: boolean;
  /** The CA the box trusts (its own configuration; the platform by its fixed URL). */
  readonly platformCa?: string;
  /** Budget for the start (the box's console link and control socket). */
  readonly startMs?: number;
}

/** The box's console line and timings, as it describes itself (control command `describe`). */
export interface BoxDescription {
  readonly model: "current" | "legacy";
  readonly serial: string;
  readonly mac: string;
  readonly timeScale: number;
  readonly console: { profile: string; baud: number; dataBits: number; parity: string; stopBits: number };
  readonly timings: { bootMs: number; messageMs: number; checkMs: number; keyMs: number };
  /** The fraction of real time its boots, checks and messages run at (its floors make them exceed timeScale). */
  readonly scales: { boot: number; check: number; message: number };
  readonly sources: Record<string, string>;
}

/** A running box, as its record (run dir `box.json`) keeps it. */
export interface BoxInfo {
  readonly name: string;
  readonly prefix: string;
  readonly ns: string;
  readonly tty: string;
  readonly lan: string;
  readonly wan: string;
  readonly control: string;
  readonly pid: number;
  readonly startedAt: string;
  readonly description: BoxDescription;
  /** The CA certificate the box trusts (its --platform-ca), when given. */
  readonly platformCa?: string;
}

const NAME = /^[a-z0-9][a-z0-9_-]{0,31}$/;

/** Validate a box name (it appears in interface, namespace and file names). */
export function checkBoxName(name: string): string {
  if (!NAME.test(name)) throw new DutError(`hil twin --as-hardware: expected NAME to be 1-32 of a-z, 0-9, '_', '-' (starting with a letter or digit), got ${JSON.stringify(name)}`);
  return name;
}

/**
 * The host-side NIC name of a box port: `hb-NAME-lan` when it fits the kernel's 15 characters, else the name's first
 * characters and a hash of the whole name (`hb-longn3f9a-lan`), so two boxes never share a NIC name by truncation.
 */
export function hostNic(name: string, port: "lan" | "wan"): string {
  const plain = `hb-${name}-${port}`;
  if (plain.length <= 15) return plain;
  const hash = createHash("sha256").update(name).digest("hex").slice(0, 4);
  return `hb-${name.slice(0, 4)}${hash}-${port}`;
}

/** A stable, locally administered MAC per box and port (the LAN's is the one the console shows). */
export function boxMac(name: string, port: "lan" | "wan"): string {
  const h = createHash("sha256").update(`${name}/${port}`).digest();
  return ["02", "51", ...[...h.subarray(0, 4)].map((b) => b.toString(16).padStart(2, "0"))].join(":");
}

/** The manifest name of box `name` (as `hil lab ls` shows it). */
export const recordName = (name: string) => `box-${name}`;

/** Records of running (or dead, not yet swept) boxes, optionally only `name`'s. */
async function records(name?: string): Promise<Manifest[]> {
  return (await listManifests()).filter((m) => m.topology === BOX_TOPOLOGY && (name === undefined || m.name === recordName(name)));
}

async function readInfo(m: Manifest): Promise<BoxInfo | undefined> {
  const text = await readFile(join(runDir(m.prefix), "box.json"), "utf8").catch(() => undefined);
  return text ? (JSON.parse(text) as BoxInfo) : undefined;
}

/** One row of `hil twin list`. */
export interface BoxRow {
  readonly name: string;
  readonly prefix: string;
  readonly alive: boolean;
  readonly pid: number;
  readonly tty: string;
  readonly lan: string;
  readonly wan: string;
  readonly since: string;
}

/** Boxes with a record on this host (dead ones until swept). */
export async function listBoxes(): Promise<BoxRow[]> {
  const rows = await Promise.all(
    (await records()).map(async (m) => {
      const info = await readInfo(m);
      return {
        name: info?.name ?? m.name.replace(/^box-/, ""), prefix: m.prefix, alive: await sameProcess(m.owner), pid: m.owner.pid,
        tty: info?.tty ?? "?", lan: info?.lan ?? "?", wan: info?.wan ?? "?", since: info?.startedAt ?? m.createdAt,
      };
    }),
  );
  return rows.sort((a, b) => a.name.localeCompare(b.name));
}

/** The box called `name` (alive), or an error naming the boxes there are. */
export async function findBox(name: string): Promise<BoxInfo> {
  for (const m of await records(name)) {
    const info = await readInfo(m);
    if (info && (await sameProcess(m.owner))) return info;
  }
  const known = (await listBoxes()).map((b) => `${b.name}${b.alive ? "" : " (dead)"}`);
  throw new DutError(`No running box named ${JSON.stringify(name)} (boxes: ${known.join(", ") || "none"})`);
}

/** Press a box's power: `on`, `off` (the power button: clean shutdown) or `cut` (the plug), by its control socket. */
export async function powerBox(name: string, action: "on" | "off" | "cut"): Promise<void> {
  const info = await findBox(name);
  const reply = await controlRequest(info.control, `power ${action}`);
  if (reply !== "ok") throw new DutError(`Box ${name}: power ${action}: the box answered ${JSON.stringify(reply)}`);
}

/** Stop box `name` and remove everything it made (process, namespace, host NICs, tty link, run directory). */
export async function stopBox(name: string): Promise<{ removed: string[] }> {
  const found = await records(checkBoxName(name));
  if (found.length === 0) throw new DutError(`No box named ${JSON.stringify(name)} to stop (boxes: ${(await listBoxes()).map((b) => b.name).join(", ") || "none"})`);
  for (const m of found) await removeBox(m);
  return { removed: found.map((m) => m.prefix) };
}

/** Undo one box record: its host NICs first (deleting one end of a veth deletes both, at once), then the run. */
async function removeBox(m: Manifest): Promise<void> {
  const info = await readInfo(m);
  await teardownRun(m);
  for (const nic of info ? [info.lan, info.wan] : []) await run("ip", ["link", "del", "dev", nic], { allowFailure: true });
}

function spawnDetached(argv: string[], log: string, cwd: string): Promise<number> {
  const fd = openSync(log, "a");
  const child = spawn(argv[0]!, argv.slice(1), { cwd, detached: true, stdio: ["ignore", fd, fd] });
  closeSync(fd);
  return new Promise((resolve, reject) => {
    child.once("spawn", () => {
      child.unref();
      resolve(child.pid!);
    });
    child.once("error", reject);
  });
}

/** Start box `o.name`: namespace, veth ports, the twin process, its record; resolves once its console and power answer. */
export async function startBox(o: BoxOptions): Promise<BoxInfo> {
  const name = checkBoxName(o.name);
  for (const m of await records(name)) {
    if (await sameProcess(m.owner)) throw new DutError(`Box ${name} already runs (pid ${m.owner.pid}, run ${m.prefix}); stop it first: hil twin stop ${name}`);
    await removeBox(m); // a dead box's leftovers (its process was killed): its own record says what to remove
  }
  if (o.platformCa && !existsSync(o.platformCa)) throw new DutError(`hil twin --as-hardware ${name}: --platform-ca ${o.platformCa}: no such file`);
  const lan = hostNic(name, "lan");
  const wan = hostNic(name, "wan");
  for (const nic of [lan, wan]) {
    if ((await run("ip", ["link", "show", "dev", nic], { allowFailure: true })).exitCode === 0) {
      throw new DutError(`Box ${name}: the host already has an interface named ${nic} (not recorded by any box: remove it or choose another name)`);
    }
  }
  const tty = join(TTY_DIR, `hilbox-${name}`);
  if (existsSync(tty)) throw new DutError(`Box ${name}: ${tty} already exists (not recorded by any box)`);
  const prefix = newPrefix();
  const dir = runDir(prefix);
  const ns = `${prefix}-box`;
  const me = (await identify(process.pid))!;
  const manifest: Manifest = {
    version: 1, prefix, name: recordName(name), topology: BOX_TOPOLOGY, createdAt: new Date().toISOString(), owner: me, detached: false,
    state: "building", hosts: { box: ns }, namespaces: [ns], processes: [], shims: [], links: [tty],
  };
  await writeManifest(manifest);
  try {
    await run("ip", ["netns", "add", ns]);
    await run("ip", ["-n", ns, "link", "set", "lo", "up"]);
    await run("ip", ["link", "add", lan, "type", "veth", "peer", "name", "lan0", "address", boxMac(name, "lan"), "netns", ns]);
    await run("ip", ["link", "add", wan, "type", "veth", "peer", "name", "wan0", "address", boxMac(name, "wan"), "netns", ns]);
    const control = join(dir, "control.sock");
    const args = ["--console", tty, "--state", join(dir, "state"), "--control", control, "--netns", ns, "--off",
      "--time-scale", String(o.timeScale ?? 1), "--model", o.model ?? "current", "--serial", o.serial ?? freshSerial(), "--mac", boxMac(name, "lan")];
    if (!o.pace) args.push("--no-pace");
    if (o.platformCa) args.push("--platform-ca", o.platformCa);
    const log = join(dir, "twin.log");
    const argv = [...(await twinCommand()), ...args];
    const pid = await spawnDetached(argv, log, join(import.meta.dirname, "../.."));
    const pidFile = join(dir, "twin.pid");
    await writeFile(pidFile, `${pid}\n`);
    const who = await identify(pid);
    if (!who) throw new DutError(`the box process ${pid} exited at once`);
    // From here the box process owns the run: a sweep removes it once that process is gone.
    Object.assign(manifest, { owner: who, processes: [{ ...who, label: "twin-box", pidFile, group: true }] });
    await writeManifest(manifest);
    const deadline = Deadline.in(o.startMs ?? 30_000, `box ${name}'s console link ${tty} and control socket`);
    // A box process that ends before it is ready says why in its log (the catch below adds it): stop waiting then.
    const ready = await pollUntil(async () => {
      if (!(await sameProcess(who))) return "exited";
      return existsSync(tty) && existsSync(control) ? "ready" : undefined;
    }, deadline, { describeLast: () => `${existsSync(tty) ? "tty link present" : "no tty link yet"}, ${existsSync(control) ? "control socket present" : "no control socket yet"}` });
    if (ready === "exited") throw new DutError(`the box process ${pid} exited`);
    const description = JSON.parse(await controlRequest(control, "describe")) as BoxDescription;
    const info: BoxInfo = { name, prefix, ns, tty, lan, wan, control, pid, startedAt: new Date().toISOString(), description, ...(o.platformCa ? { platformCa: resolve(o.platformCa) } : {}) };
    await writeFile(join(dir, "box.json"), `${JSON.stringify(info, null, 2)}\n`);
    manifest.state = "up";
    await writeManifest(manifest);
    return info;
  } catch (error) {
    const said = existsSync(join(dir, "twin.log")) ? readFileSync(join(dir, "twin.log"), "utf8").trim().split("\n").slice(-8).join("\n") : "";
    await teardownRun(manifest).catch(() => undefined);
    for (const nic of [lan, wan]) await run("ip", ["link", "del", "dev", nic], { allowFailure: true });
    throw new DutError(`Box ${name} did not start: ${(error as Error).message}${said ? `\nbox output:\n${said}` : ""}`, { cause: error });
  }
}
