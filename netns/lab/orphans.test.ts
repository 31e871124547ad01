// Manifest-less run directories: the sweeper removes one only when provably ours and stale (prefix format, no
// namespace, no live process named in it, no moved NICs, untouched for a while); everything else is kept.
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { newPrefix, runDir } from "../util/owner.ts";
import { run } from "../util/sh.ts";
import { orphanVerdict } from "./orphans.ts";
import { NO_MANIFEST, sweep } from "./sweep.ts";
import { deadPid } from "./testkit/procs.ts";

const made: string[] = [];
const namespaces: string[] = [];

afterAll(async () => {
  for (const ns of namespaces) await run("ip", ["netns", "del", ns], { allowFailure: true });
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

/** A run directory of a fresh prefix holding `files` (path -> content). */
function runDirWith(files: Record<string, string>, name = newPrefix()): { prefix: string; dir: string } {
  const dir = runDir(name);
  made.push(dir);
  mkdirSync(dir, { recursive: true });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return { prefix: name, dir };
}

/** Make everything under `dir` look `seconds` old (children first: writing them touches their parent). */
function age(dir: string, seconds: number): void {
  const when = new Date(Date.now() - seconds * 1000);
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      utimesSync(p, when, when);
    }
    utimesSync(d, when, when);
  };
  walk(dir);
}

describe("sweeping manifest-less run directories", { timeout: 60_000 }, () => {
  it("removes a stale one left by an interrupted lab up (a manifest write cut short, a dead service's pid file)", async () => {
    const dead = deadPid();
    const { prefix, dir } = runDirWith({ [`.manifest.json.${dead}.tmp`]: "{", "services/lanrtr-dnsmasq/dnsmasq.pid": `${dead}\n` });
    age(dir, 60);
    const result = await sweep();
    expect(result.removed).toContainEqual({ prefix, name: NO_MANIFEST, reason: expect.stringMatching(/^no manifest, no namespace, no live process, untouched for \d+ s$/) });
    expect(existsSync(dir)).toBe(false);
  });

  it("removes one asked for by prefix, and only that one", async () => {
    const a = runDirWith({});
    const b = runDirWith({});
    age(a.dir, 60);
    age(b.dir, 60);
    const result = await sweep(a.prefix);
    expect(result.removed.map((r) => r.prefix)).toEqual([a.prefix]);
    expect(existsSync(a.dir)).toBe(false);
    expect(existsSync(b.dir)).toBe(true);
  });

  it("keeps a fresh one: a lab may be coming up", async () => {
    const { prefix, dir } = runDirWith({ "config.json": "{}" });
    const result = await sweep(prefix);
    expect(result.kept).toEqual([{ prefix, name: NO_MANIFEST, reason: expect.stringMatching(/^no manifest, touched \d+ ms ago \(stale after \d+ ms\): may be a lab still coming up$/) }]);
    expect(existsSync(dir)).toBe(true);
  });

  it("keeps an old one whose pid file, manifest in progress or sweep lock names a live process", async () => {
    for (const files of <Record<string, string>[]>[
      { "services/cloud-platform/platform.pid": `${process.pid}\n` },
      { [`.manifest.json.${process.pid}.tmp`]: "{" },
      { ".sweep-lock": JSON.stringify({ pid: process.pid, startTime: "1", cmdline: "x" }) },
    ]) {
      const { prefix, dir } = runDirWith(files);
      age(dir, 60);
      const v = await orphanVerdict(prefix);
      expect(v).toEqual({ remove: false, reason: expect.stringContaining(`names live process ${process.pid}`) });
      expect((await sweep(prefix)).removed).toEqual([]);
      expect(existsSync(dir)).toBe(true);
    }
  });

  it("keeps an old one while a namespace of its prefix exists (a test lab keeps no manifest)", async () => {
    const { prefix, dir } = runDirWith({});
    await run("ip", ["netns", "add", `${prefix}-a`]);
    namespaces.push(`${prefix}-a`);
    age(dir, 60);
    expect(await orphanVerdict(prefix)).toEqual({ remove: false, reason: `no manifest, but namespaces exist (${prefix}-a): a live run without a manifest` });
    expect((await sweep()).removed.map((r) => r.prefix)).not.toContain(prefix);
    expect(existsSync(dir)).toBe(true);
  });

  it("keeps an old one that records host NICs moved into a lab", async () => {
    const { prefix, dir } = runDirWith({ "nics.json": JSON.stringify([{ host: "enp3s0", inside: "lan0", ns: `x` }]) });
    age(dir, 60);
    expect((await orphanVerdict(prefix)).reason).toBe("no manifest, but it records host NICs moved into a lab: give them back first");
    const empty = runDirWith({ "nics.json": "[]" });
    age(empty.dir, 60);
    expect((await orphanVerdict(empty.prefix)).remove).toBe(true);
  });

  it("never touches a directory not named exactly like a run prefix", async () => {
    const odd = [`${newPrefix()}0`, `${newPrefix()}-x`, `hilzz${process.pid}`].map((n) => runDirWith({}, n));
    for (const o of odd) age(o.dir, 60);
    const result = await sweep();
    for (const o of odd) {
      expect([...result.removed, ...result.kept].map((r) => r.prefix)).not.toContain(o.prefix);
      expect(statSync(o.dir).isDirectory()).toBe(true);
      expect((await orphanVerdict(o.prefix)).remove).toBe(false);
    }
  });
});
