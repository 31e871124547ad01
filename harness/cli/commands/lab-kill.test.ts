// Interrupt safety of `hil lab up`, by killing the real CLI at many points of a build (a loop over delays, for
// SIGINT, SIGTERM and SIGKILL). After SIGINT/SIGTERM nothing half-built may remain (a lab that was up when the
// signal came is a finished detached lab: taken down by name). After SIGKILL, `sweep` of the run removes it all.
// Every run is found by its manifest's owner pid (the CLI's own pid), so only this test's runs are touched.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Deadline, pollUntil } from "../../../netns/util/deadline.ts";
import { listManifests, type Manifest } from "../../../netns/lab/manifest.ts";
import { sweep } from "../../../netns/lab/sweep.ts";
import { leftovers, NOTHING, type Leftovers } from "../../../netns/lab/testkit/leftovers.ts";

const LAUNCH = join(import.meta.dirname, "..", "launch.mjs");
/** Kill points: -1 = at once (before the build starts); otherwise ms after the run's manifest appears (the build has
 *  begun), spread over the build and past its end. */
const POINTS_MS = [-1, 0, 50, 150, 300, 600, 1_200, 2_500];
const SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGKILL"];
const names: string[] = [];

afterAll(async () => {
  for (const n of names) await sweep(n).catch(() => undefined);
});

/** The runs whose owner is `pid` (this test's CLI process). */
const runsOf = async (pid: number): Promise<Manifest[]> => (await listManifests()).filter((m) => m.owner.pid === pid);

interface Outcome {
  signal: NodeJS.Signals;
  delay: number;
  state: string;
  left: Leftovers;
  /** What the sweeper said of each run it was asked to remove (its reasons name a teardown that fell short). */
  swept: string[];
}

const up = (name: string) => spawn(process.execPath, [LAUNCH, "lab", "up", "static", "--name", name, "--services", "dnsmasq", "--json"], { stdio: ["ignore", "pipe", "pipe"] });

async function killAt(signal: NodeJS.Signals, delay: number, i: number): Promise<Outcome> {
  const name = `kl${process.pid}-${i}`;
  names.push(name);
  const child = up(name);
  let err = "";
  child.stderr.on("data", (d) => (err += String(d)));
  let gone = false;
  const exited = new Promise<void>((resolve) => child.once("exit", () => ((gone = true), resolve())));
  if (delay >= 0) {
    // The build has begun once the run's manifest is there (it is written before the first namespace).
    await pollUntil(async () => (gone || (await runsOf(child.pid!)).length ? true : undefined), Deadline.in(60_000, `the manifest of hil lab up (pid ${child.pid})`), {
      steps: [0, 5, 10, 20],
      describeLast: () => `stderr ${JSON.stringify(err.slice(-300))}`,
    });
  }
  const timer = setTimeout(() => child.kill(signal), Math.max(0, delay));
  await exited;
  clearTimeout(timer);
  const runs = await runsOf(child.pid!);
  const state = runs.map((m) => m.state).join(",") || "none";
  const pids = runs.flatMap((m) => m.processes.map((p) => p.pid));
  // A finished lab is detached by design; after SIGKILL, the run is the sweeper's to remove.
  const swept: string[] = [];
  if (signal === "SIGKILL" || runs.every((m) => m.state === "up")) {
    for (const m of runs) {
      const r = await sweep(m.prefix);
      swept.push(...r.removed.map((x) => `removed ${x.prefix}: ${x.reason}`), ...r.kept.map((x) => `kept ${x.prefix}: ${x.reason}`));
    }
  }
  const left = await Promise.all(runs.map((m) => leftovers(m.prefix, pids)));
  const merged = left.reduce<Leftovers>((a, b) => ({ namespaces: [...a.namespaces, ...b.namespaces], runDir: a.runDir || b.runDir, pids: [...a.pids, ...b.pids] }), NOTHING);
  // Gone from the manifests too (a manifest left behind is a leftover).
  const still = await pollUntil(async () => ((await runsOf(child.pid!)).length === 0 ? [] : undefined), Deadline.in(5_000, `no manifest of pid ${child.pid} left`), {
    describeLast: () => `state ${state}; stderr ${JSON.stringify(err.slice(-300))}`,
  }).catch((e: Error) => [e.message]);
  return { signal, delay, state, left: { ...merged, namespaces: [...merged.namespaces, ...still] }, swept };
}

describe("hil lab up killed at many points", { timeout: 900_000 }, () => {
  it("leaves nothing behind: zero leftovers for every signal and delay", async () => {
    const outcomes: Outcome[] = [];
    let i = 0;
    for (const signal of SIGNALS) for (const delay of POINTS_MS) outcomes.push(await killAt(signal, delay, i++));
    console.log(outcomes.map((o) => `${o.signal.padEnd(7)} ${o.delay < 0 ? "at once" : `${o.delay} ms into the build`}: manifest state ${o.state}; leftovers ${JSON.stringify(o.left)}`).join("\n"));
    const dirty = outcomes.filter((o) => o.left.namespaces.length || o.left.runDir || o.left.pids.length);
    expect(dirty).toEqual([]);
    // The loop must have hit the build itself (a SIGKILLed builder leaves its manifest in state building).
    expect(outcomes.filter((o) => o.signal === "SIGKILL" && o.state === "building").length).toBeGreaterThanOrEqual(2);
  });
});
