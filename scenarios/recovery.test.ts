// Recovery of a hardware appliance that stops answering, proven on a twin-as-hardware box with faults caused from
// outside (scenarios/testkit/faults.ts): a silent console is power-cycled and the next scenario passes; a box frozen
// whole cannot be power-cycled, so it is marked broken and its remaining scenarios are skipped with the cause.
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { startBox, stopBox, type BoxInfo } from "../harness/dut/box.ts";
import { inventoryEntry, powerCommandLine } from "../harness/dut/box-inventory.ts";
import { newPrefix, runDir } from "../netns/util/owner.ts";
import { run } from "../netns/util/sh.ts";

const ROOT = resolve(import.meta.dirname, "..");
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
});

interface Result {
  title: string;
  status: "passed" | "failed" | "skipped" | "pending";
  failureMessages: string[];
}

/** Start a box, power it on, write its inventory entry (with `power` replaced when given); returns the run's files. */
async function boxed(power?: unknown): Promise<{ box: BoxInfo; dir: string; inv: string }> {
  const box = await startBox({ name: `r${newPrefix().slice(3)}`, timeScale: 0.02 });
  cleanups.push(() => stopBox(box.name));
  const dir = await mkdtemp(join(tmpdir(), "hil-recover-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const inv = join(dir, "lab.yaml");
  await writeFile(inv, stringify({ version: 1, appliances: [{ ...inventoryEntry(box), ...(power ? { power } : {}) }] }));
  const on = await run("sh", ["-c", powerCommandLine(box.control, "on")], { allowFailure: true });
  expect(on.exitCode, on.stderr).toBe(0);
  return { box, dir, inv };
}

/** Run the inner scenarios of `file` (scenarios/testkit/*.recover.ts) on the box; each scenario's result. */
async function inner(file: string, box: BoxInfo, dir: string, inv: string): Promise<{ results: Result[]; stderr: string; evidence: string }> {
  const evidence = join(dir, "evidence");
  const json = join(dir, "report.json");
  const r = await execa("npx", ["vitest", "run", "--config", "scenarios/testkit/vitest.recover.config.ts", file], {
    cwd: ROOT, reject: false,
    env: {
      HIL_DUT: `${inv}:${box.name}`, HIL_RECOVER_BOX: box.name, HIL_LEASE_DIR: join(dir, "lease"), HIL_EVIDENCE_DIR: evidence,
      HIL_PROJECTION_DIR: join(dir, "projection"), HIL_ALLURE_RESULTS: join(dir, "allure"), HIL_RECOVER_JSON: json,
      // One attempt per scenario: the proof is of what recovery does after a hang, not of a rerun (verdicts.test.ts).
      HIL_RERUNS: "0",
    },
  });
  const text = await readFile(json, "utf8").catch(() => null);
  if (text === null) throw new Error(`the inner vitest run wrote no report ${json} (exit ${r.exitCode}):\n${r.stderr.slice(-3000)}`);
  const report = JSON.parse(text);
  return { results: report.testResults.flatMap((f: { assertionResults: Result[] }) => f.assertionResults), stderr: r.stderr, evidence };
}

describe("recovery of a hardware appliance that stops answering", () => {
  it("a console gone silent: that scenario fails with its evidence, the appliance is power-cycled (by its twin control driver) and the next scenario passes", async () => {
    const { box, dir, inv } = await boxed();
    // The power driver here is the box's control socket (power: {twin: {control}}), as `hil twin` boxes can be listed.
    await writeFile(inv, stringify({ version: 1, appliances: [{ ...inventoryEntry(box), power: { twin: { control: box.control } } }] }));
    const { results, stderr, evidence } = await inner("scenarios/testkit/silent.recover.ts", box, dir, inv);
    const tail = results.map((x) => x.failureMessages.join("\n").slice(0, 1500)).join("\n---\n") + stderr.slice(-1000);
    expect(results.map((x) => [x.title, x.status]), tail).toEqual([
      ["the appliance goes silent in the middle of a scenario", "failed"],
      ["the next scenario runs on the recovered appliance", "passed"],
    ]);
    const hung = results[0]!.failureMessages.join("\n");
    expect(hung).toMatch(/UNRESPONSIVE: .* stopped answering/);
    expect(hung).toContain("SETUP NETWORK"); // what was awaited
    expect(hung).not.toMatch(/timed out in/i);
    // Its evidence was kept: the console transcript and screens of the scenario that hung.
    const dirs = await readdir(evidence);
    const screens = await Promise.all(dirs.map((d) => readFile(join(evidence, d, `${box.name}.screens.txt`), "utf8").catch(() => "")));
    expect(screens.filter(Boolean).length).toBeGreaterThanOrEqual(2);
    // The box was booted twice: the power-on before the run, and the recovery's cycle.
    const boots = (await readFile(join(runDir(box.prefix), "state", "boots.log"), "utf8")).trim().split("\n");
    expect(boots).toHaveLength(2);
    expect(boots[1]).toMatch(/ boot unclean$/); // a power cut, not a clean shutdown
  }, 300_000);

  it("a box frozen whole (SIGSTOP): its power cycle fails, it is marked broken, its remaining scenarios are skipped with the cause", async () => {
    const { box, dir, inv } = await boxed();
    cleanups.push(async () => process.kill(box.pid, "SIGCONT")); // before stopBox (LIFO): the lab tech unfreezes it
    const { results, stderr } = await inner("scenarios/testkit/freeze.recover.ts", box, dir, inv);
    const tail = results.map((x) => x.failureMessages.join("\n").slice(0, 1500)).join("\n---\n") + stderr.slice(-1000);
    expect(results.map((x) => [x.title, x.status]), tail).toEqual([
      ["the appliance freezes in the middle of a scenario", "failed"],
      ["the next scenario finds the appliance frozen", "failed"],
      ["a later scenario on the broken appliance", "skipped"],
      ["another later scenario on the broken appliance", "skipped"],
    ]);
    const cause = results[1]!.failureMessages.join("\n");
    expect(cause).toContain(`${box.name}: cannot bring the appliance to the main menu: it did not answer (`);
    expect(cause).toContain(`and its power cycle failed (DUT ${box.name}: power cut failed:`);
    // The skip reasons are in the allure results (the certification record lists them).
    const allure = await Promise.all((await readdir(join(dir, "allure"))).filter((f) => f.endsWith("-result.json")).map(async (f) => JSON.parse(await readFile(join(dir, "allure", f), "utf8"))));
    const skipped = allure.filter((a) => a.status === "skipped").map((a) => a.labels.find((l: { name: string }) => l.name === "skip_reason")?.value as string);
    expect(skipped).toHaveLength(2);
    for (const reason of skipped) expect(reason).toMatch(new RegExp(`^appliance ${box.name} is broken since \\S+: it did not answer \\(.*\\), and its power cycle failed \\(DUT ${box.name}: power cut failed:`));
  }, 300_000);
});
