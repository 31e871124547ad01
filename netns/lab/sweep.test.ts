// The sweeper and signals: a SIGKILLed owner's lab is swept by the next run; live runs of other processes are
// never touched; a recycled pid is never killed; SIGTERM during up leaves nothing.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { Deadline, pollUntil } from "../util/deadline.ts";
import { runDir } from "../util/owner.ts";
import { run } from "../util/sh.ts";
import { Lab } from "./lab.ts";
import { readManifest } from "./manifest.ts";
import { SoloRun } from "./solo.ts";
import { identify, sameProcess } from "./proc.ts";
import { sweep } from "./sweep.ts";
import { stopTracked } from "./teardown.ts";
import { leftovers, NOTHING } from "./testkit/leftovers.ts";

const OWNER = fileURLToPath(new URL("./testkit/owner.ts", import.meta.url));
const SOLO_OWNER = fileURLToPath(new URL("./testkit/solo-owner.ts", import.meta.url));
const REPO = fileURLToPath(new URL("../../", import.meta.url));
// node itself runs the owner (not the tsx wrapper, which would be a different pid from the lab's owner).
const spawnOwner = (args: string[]) => spawn(process.execPath, ["--import", "tsx", OWNER, ...args], { cwd: REPO, stdio: ["ignore", "pipe", "pipe"] });
const children: ChildProcess[] = [];

interface Started {
  child: ChildProcess;
  info: { prefix: string; name: string; pids: number[]; namespaces: string[] };
}

/** Start a lab owner in its own process and wait for its JSON line. */
async function owner(args: string[]): Promise<Started> {
  const child = spawnOwner(args);
  children.push(child);
  let out = "";
  let err = "";
  child.stdout!.on("data", (d) => (out += String(d)));
  child.stderr!.on("data", (d) => (err += String(d)));
  const info = await pollUntil(() => (out.includes("\n") ? JSON.parse(out.split("\n")[0]!) : undefined), Deadline.in(40_000, "lab owner up"), {
    describeLast: () => `stdout ${JSON.stringify(out)}, stderr ${JSON.stringify(err.slice(-500))}`,
  });
  return { child, info };
}

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once("exit", () => resolve())));

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
});

describe("sweeper", { timeout: 120_000 }, () => {
  it("sweeps clean a lab whose owner was SIGKILLed, services included", async () => {
    const { child, info } = await owner(["standard", "dnsmasq"]);
    expect(info.pids.length).toBe(1);
    child.kill("SIGKILL");
    await exited(child);
    // Still there: a SIGKILLed owner cannot clean up.
    expect((await leftovers(info.prefix, info.pids)).namespaces.length).toBe(5);
    const result = await sweep();
    // Another run's sweeper may have got there first (several test runs share the machine): either way it is gone.
    expect(result.kept.map((r) => r.prefix)).not.toContain(info.prefix);
    expect(await leftovers(info.prefix, info.pids)).toEqual(NOTHING);
  });

  it("kills what carries a dead run's owner mark though its manifest never recorded it, then removes the run", async () => {
    // A job SIGKILLed right after it spawned its twin: the twin, not yet recorded, goes on writing into the run
    // directory. The sweeper finds it by the run's mark (HIL_OWNER) and stops it before it removes the directory.
    const child = spawn(process.execPath, ["--import", "tsx", SOLO_OWNER], { cwd: REPO, stdio: ["ignore", "pipe", "pipe"] });
    children.push(child);
    let out = "";
    child.stdout!.on("data", (d) => (out += String(d)));
    const info = await pollUntil(() => (out.includes("\n") ? (JSON.parse(out.split("\n")[0]!) as { prefix: string; dir: string; writer: number }) : undefined), Deadline.in(40_000, "solo owner up"));
    const writer = await identify(info.writer);
    try {
      await pollUntil(() => (existsSync(join(info.dir, "state", "clock")) && existsSync(`/run/netns/${info.prefix}-late`) ? true : undefined), Deadline.in(10_000, "the untracked writer writing"));
      child.kill("SIGKILL");
      await exited(child);
      const result = await sweep(info.prefix);
      expect(result.kept).toEqual([]);
      expect(result.removed.map((r) => r.prefix)).toEqual([info.prefix]);
      expect(await sameProcess(writer!), `writer ${info.writer} still runs`).toBe(false);
      expect(existsSync(info.dir)).toBe(false);
      expect(await leftovers(info.prefix)).toEqual(NOTHING);
    } finally {
      if (writer && (await sameProcess(writer))) process.kill(-writer.pid, "SIGKILL");
      await run("ip", ["netns", "del", `${info.prefix}-late`], { allowFailure: true });
    }
  });

  it("a run asked for by name waits for another live sweeper holding it: names it if it keeps it, goes on once it is gone", async () => {
    const holder = spawn("sleep", ["30"], { stdio: "ignore" });
    children.push(holder);
    const held = await SoloRun.create("solo-locked");
    try {
      const lock = join(held.dir, ".sweep-lock");
      await writeFile(lock, JSON.stringify(await identify(holder.pid!)));
      // Held for longer than the sweep waits: kept, naming the holder and how long it waited.
      const waited = await sweep(held.prefix, { lockWaitMs: 300 });
      expect(waited.removed).toEqual([]);
      expect(waited.kept).toEqual([{ prefix: held.prefix, name: "solo-locked", reason: `being swept by another process (pid ${holder.pid}: sleep 30; waited 0.3 s)` }]);
      // The holder dies while the sweep waits: the sweep takes the lock over and removes the run.
      const sweeping = sweep(held.prefix);
      holder.kill("SIGKILL");
      const done = await sweeping;
      expect(done.kept).toEqual([]);
      expect(done.removed).toEqual([{ prefix: held.prefix, name: "solo-locked", reason: "owned by this process" }]);
      expect(existsSync(held.dir)).toBe(false);
    } finally {
      await held.close();
    }
  });

  it("never touches a live run of another process, nor this process's own", async () => {
    const { child, info } = await owner(["static", "none"]);
    await using mine = await Lab.up("static", { services: false });
    const result = await sweep();
    expect(result.removed.map((r) => r.prefix)).not.toContain(info.prefix);
    expect(result.removed.map((r) => r.prefix)).not.toContain(mine.prefix);
    expect(result.kept).toContainEqual({ prefix: info.prefix, name: "static", reason: `owner ${child.pid} is alive` });
    // Asked by name, a live run of another process is still refused.
    const named = await sweep(info.prefix);
    expect(named.kept).toEqual([{ prefix: info.prefix, name: "static", reason: `owned by live process ${child.pid} (not detached): refusing` }]);
    expect((await leftovers(info.prefix)).namespaces.length).toBe(4);
    child.kill("SIGTERM");
    await exited(child);
    // SIGTERM on a live (not detached) lab's owner: it tears its lab down before it exits.
    expect(await leftovers(info.prefix)).toEqual(NOTHING);
  });

  it("leaves a detached lab alone until it is asked for by name", async () => {
    const { child, info } = await owner(["static", "dnsmasq", "--detached", "--name", `det-${process.pid}`, "--exit"]);
    await exited(child);
    expect((await sweep()).removed.map((r) => r.prefix)).not.toContain(info.prefix);
    expect((await leftovers(info.prefix, info.pids)).pids).toEqual(info.pids); // dnsmasq outlives its owner
    const result = await sweep(`det-${process.pid}`);
    expect(result.removed.map((r) => r.prefix)).toEqual([info.prefix]);
    expect(await leftovers(info.prefix, info.pids)).toEqual(NOTHING);
  });

  it("does not kill a process whose pid was recycled (start time differs)", async () => {
    const sleeper = spawn("sleep", ["30"], { stdio: "ignore" });
    children.push(sleeper);
    const id = (await pollUntil(() => identify(sleeper.pid!), Deadline.in(2_000, "sleep started")))!;
    await stopTracked({ ...id, startTime: String(Number(id.startTime) - 1), label: "recycled", pidFile: "/nonexistent", group: false });
    expect(await identify(sleeper.pid!)).toBeDefined();
    await stopTracked({ ...id, cmdline: id.cmdline, label: "same", pidFile: "/nonexistent", group: false });
    expect(await identify(sleeper.pid!)).toBeUndefined();
  });
});

describe("signals during up", { timeout: 120_000 }, () => {
  it("SIGTERM while services start leaves nothing behind", async () => {
    const child = spawnOwner(["standard", "all"]);
    children.push(child);
    let err = "";
    child.stderr!.on("data", (d) => (err += String(d)));
    // Wait until the run is in its services phase (the platform takes a while to start), then interrupt it.
    const prefix = await pollUntil(
      async () => {
        const { readdir } = await import("node:fs/promises");
        for (const p of await readdir("/run/hil").catch(() => [] as string[])) {
          const m = await readManifest(p);
          if (m?.owner.pid === child.pid && existsSync(join(runDir(p), "services", "cloud-platform"))) return p;
        }
        return undefined;
      },
      Deadline.in(30_000, "owner's lab in its services phase"),
    );
    child.kill("SIGTERM");
    await exited(child);
    expect(child.signalCode ?? child.exitCode).toBe("SIGTERM");
    expect(err).not.toMatch(/Error/);
    expect(await leftovers(prefix)).toEqual(NOTHING);
  });
});
