// Run directories without a lab manifest (`/run/hil/<prefix>` left by a `lab up` interrupted before its manifest was
// written, or by a test lab whose process died): removed only when provably ours and stale.
import { readdir, readFile, rm, stat } from "node:fs/promises";
import { basename, join } from "node:path";
import { RUN_ROOT, runDir } from "../util/owner.ts";
import { MANIFEST_FILE, STAGING } from "./manifest.ts";
import { nicRecordPath } from "./nics.ts";
import { identify } from "./proc.ts";

/** How long a manifest-less run directory must have been untouched before it counts as stale (ms). */
export const ORPHAN_STALE_MS = Number(process.env.HIL_ORPHAN_STALE_MS ?? 10_000);

/** A run prefix exactly as newPrefix() makes it (no host suffix). */
const PREFIX = /^hil[0-9a-f]{5}$/;
/** Files that name a live process: pid files, a manifest being written, a sweep lock. */
const PID_FILE = /(^|\.)pid$/;
const TMP_MANIFEST = new RegExp(`^\\.${MANIFEST_FILE.replace(".", "\\.")}\\.(\\d+)\\.tmp$`);
const SWEEP_LOCK = ".sweep-lock";
/** The record of host NICs moved into a lab (nics.ts). */
const NIC_RECORD = basename(nicRecordPath("/"));
/** How deep pid files are looked for (services keep theirs in `services/<host>-<kind>/`). */
const MAX_DEPTH = 4;

/** What was found under one directory. */
interface Scan {
  newestMs: number;
  pids: { file: string; pid: number }[];
  nicRecord: boolean;
}

/** Read an integer pid from a pid file or a sweep lock (JSON with `pid`). */
async function pidIn(file: string): Promise<number | undefined> {
  const text = (await readFile(file, "utf8").catch(() => "")).trim();
  const n = /^\d+$/.test(text) ? Number(text) : Number((() => {
    try {
      return (JSON.parse(text) as { pid?: unknown }).pid;
    } catch {
      return undefined;
    }
  })());
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

async function scan(dir: string, depth: number, into: Scan): Promise<void> {
  const st = await stat(dir).catch(() => undefined);
  if (!st) return;
  into.newestMs = Math.max(into.newestMs, st.mtimeMs);
  if (depth > MAX_DEPTH) return;
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) {
      await scan(path, depth + 1, into);
      continue;
    }
    const s = await stat(path).catch(() => undefined);
    if (s) into.newestMs = Math.max(into.newestMs, s.mtimeMs);
    const tmp = TMP_MANIFEST.exec(e.name);
    if (tmp) into.pids.push({ file: path, pid: Number(tmp[1]) });
    else if (PID_FILE.test(e.name) || e.name === SWEEP_LOCK) {
      const pid = await pidIn(path);
      if (pid) into.pids.push({ file: path, pid });
    }
    if (e.name === NIC_RECORD) {
      const moves = await readFile(path, "utf8").then((t) => JSON.parse(t) as unknown, () => ["unreadable"]);
      if (!Array.isArray(moves) || moves.length) into.nicRecord = true;
    }
  }
}

/** Run prefixes under the run root whose directory holds no lab manifest. */
export async function listOrphans(): Promise<string[]> {
  const entries = await readdir(RUN_ROOT).catch(() => [] as string[]);
  const out: string[] = [];
  for (const e of entries) {
    if (!PREFIX.test(e)) continue;
    const manifest = await stat(join(runDir(e), MANIFEST_FILE)).catch(() => undefined);
    const dir = await stat(runDir(e)).catch(() => undefined);
    if (!manifest && dir?.isDirectory()) out.push(e);
  }
  return out;
}

/**
 * May the manifest-less run directory of `prefix` be removed? Only when it is provably ours and stale: named exactly
 * like a run prefix, no manifest, no namespace `<prefix>-*`, no pid file / manifest being written / sweep lock naming
 * a live process, no record of host NICs moved in, and nothing in it touched for `staleMs`.
 */
export async function orphanVerdict(prefix: string, staleMs = ORPHAN_STALE_MS, now = Date.now()): Promise<{ remove: boolean; reason: string }> {
  if (!PREFIX.test(prefix)) return { remove: false, reason: `not a run prefix (hil + 5 hex digits): ${prefix}` };
  const dir = runDir(prefix);
  if (await stat(join(dir, MANIFEST_FILE)).catch(() => undefined)) return { remove: false, reason: "has a manifest (judged as a lab run)" };
  const namespaces = (await readdir("/run/netns").catch(() => [] as string[])).filter((n) => n.startsWith(`${prefix}-`));
  if (namespaces.length) return { remove: false, reason: `no manifest, but namespaces exist (${namespaces.join(", ")}): a live run without a manifest` };
  const found: Scan = { newestMs: 0, pids: [], nicRecord: false };
  await scan(dir, 0, found);
  if (found.newestMs === 0) return { remove: false, reason: "already gone" };
  for (const p of found.pids) {
    if (await identify(p.pid)) return { remove: false, reason: `no manifest, but ${p.file} names live process ${p.pid}` };
  }
  if (found.nicRecord) return { remove: false, reason: "no manifest, but it records host NICs moved into a lab: give them back first" };
  const age = now - found.newestMs;
  if (age < staleMs) return { remove: false, reason: `no manifest, touched ${Math.round(age)} ms ago (stale after ${staleMs} ms): may be a lab still coming up` };
  return { remove: true, reason: `no manifest, no namespace, no live process, untouched for ${Math.round(age / 1000)} s` };
}

/** A run directory caught being created (manifest.ts STAGING): whether it was removed, and why. */
export interface StagingVerdict {
  prefix: string;
  pid: number;
  removed: boolean;
  reason: string;
}

/** Remove the staging directories whose creating process is gone (only run `target`'s, when given). Its pid is in its
 *  name, so no staleness wait is needed; a live (or recycled) pid keeps it. */
export async function sweepStaging(target?: string): Promise<StagingVerdict[]> {
  const out: StagingVerdict[] = [];
  for (const e of await readdir(RUN_ROOT).catch(() => [] as string[])) {
    const m = STAGING.exec(e);
    if (!m) continue;
    const [prefix, pid] = [m[1]!, Number(m[2])];
    if (target !== undefined && target !== prefix) continue;
    if (await identify(pid)) {
      out.push({ prefix, pid, removed: false, reason: `run directory being created by live process ${pid}` });
      continue;
    }
    await rm(join(RUN_ROOT, e), { recursive: true, force: true });
    out.push({ prefix, pid, removed: true, reason: `run directory left half-created by process ${pid}, which is gone` });
  }
  return out;
}
