// Proof that every failure reads as one of the typed outcomes (harness/verdict), provoked for real: a twin defect, a
// console line that garbles a word, drops bytes or a key, a frozen twin, a lab service that cannot start, a wrong
// HIL_DUT. Each asserts the message a user reads. Runs against the twin only (it needs twin defects and a relay).
import { afterAll, beforeAll } from "vitest";
import { ConsoleRelay, type LineFaults } from "../harness/console/testkit/relay.ts";
import { Outcome } from "../harness/verdict/outcome.ts";
import { scenarioTimeoutMs } from "./budget.ts";
import { SCENARIOS } from "./catalogue.ts";
import { describe, expect, onTwin, test } from "./fixtures.ts";
import type { Rig } from "./rig.ts";
import { attemptsTimeoutMs, runAttempts, runScenario } from "./section.ts";
import { rerunsAllowed } from "../harness/verdict/rerun.ts";
import { setupProblem } from "../harness/verdict/setup.ts";
import type { Scenario } from "./scenario.ts";
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import type { TopologyInput } from "../netns/topology/schema.ts";

const scenario = (id: string): Scenario => {
  const sc = SCENARIOS.find((x) => x.id === id);
  if (!sc) throw new Error(`verdicts.test: no scenario ${id} in the catalogue`);
  return sc;
};

/** Run `sc` with `spec` changes through the verdict boundary; the outcome it fails with. */
async function outcomeOf(rig: Rig, sc: Scenario, change: Partial<NonNullable<Scenario["spec"]>>): Promise<Outcome> {
  const run = { ...sc, spec: { ...sc.spec, ...change } };
  const error = await runScenario(rig, run, scenarioTimeoutMs(run.spec)).then(() => null, (e: unknown) => e);
  expect(error, `${sc.id} passed although it should have failed`).toBeInstanceOf(Outcome);
  console.log(`${sc.id}: ${(error as Outcome).message}`);
  return error as Outcome;
}

/** A console line with `faults` between the rig and the twin. */
const through = (faults: LineFaults) => async (path: string) => ConsoleRelay.start(path, faults);

const DNS = scenario("dns-unreachable");
const STANDARD = parse(readFileSync(new URL("../fixtures/labs/standard.yaml", import.meta.url), "utf8")) as TopologyInput;
const MENU = scenario("main-menu");

/** `sc` with the twin frozen (SIGSTOP, by its pid) once it shows its home screen; `frozen` gets the pid to resume. */
const freezing = (sc: Scenario, frozen: number[]): Scenario => ({
  ...sc,
  run: async (s) => {
    await s.ui.reach("home");
    const pid = (s.dut as unknown as { pid: number }).pid;
    process.kill(pid, "SIGSTOP");
    frozen.push(pid);
    return sc.run(s);
  },
});

describe.skipIf(!onTwin())("verdicts name what went wrong", () => {
  test("a twin defect is a Deviation quoting the manual's row", async ({ rig }) => {
    const o = await outcomeOf(rig, DNS, { defects: ["wrong-dns-error"] });
    expect(o.kind).toBe("deviation");
    expect(o.headline).toMatch(/^DEVIATION from the manual on twin at connection check with the LAN's DNS server dropping queries \(polled \d+\.\d s\): shown 'LAN DNS can't resolve QG URL' \(Troubleshooting, Appliance Network Errors\); expected 'LAN DNS server not reachable' \(Troubleshooting, Appliance Network Errors\)$/);
    expect(o.message).toContain(`\n  the manual (Troubleshooting, Appliance Network Errors): "LAN DNS server not reachable — Ensure LAN interface has network connectivity to its configured DNS servers."\n  readings until the deadline (1):\n`);
    expect(o.message).toMatch(/\n    0\.\d{3}s 'LAN DNS can't resolve QG URL'\n  last screens:\n/);
    expect(o.message).toMatch(/\n  call log \(last \d+\):\n/);
  }, scenarioTimeoutMs(DNS.spec));

  test("a word changed on the line is a screen the manual does not have, named with the nearest manual screen", async ({ rig }) => {
    const o = await outcomeOf(rig, DNS, { line: through({ rewrite: [{ from: "server not", to: "server    " }, { from: "reachable", to: "unreachable" }] }) });
    expect(o.kind).toBe("deviation");
    // The driver meets the screen at the end of the flow (it expects a home screen there: it knows no such screen).
    expect(o.headline).toBe("DEVIATION from the manual on twin at dhcp-lan outcome (connection-check): shown 'LAN DNS server unreachable', which is no screen of the manual; expected the home screen (name and IP, activation code or an error); the manual's nearest screen is 'LAN DNS server not reachable' (Troubleshooting, Appliance Network Errors)");
  }, scenarioTimeoutMs(DNS.spec));

  test("bytes lost on the console line are a LineFault with the bytes", async ({ rig }) => {
    const o = await outcomeOf(rig, MENU, { line: through({ dropEvery: { n: 29, after: 400 } }) });
    expect(o.kind).toBe("line-fault");
    // Which bytes a timing-dependent stream loses varies: text characters (the manual's text with some missing) or the
    // ESC of a control sequence (its rest drawn as text). Either is named as the line's doing, with the bytes seen.
    expect(o.headline).toMatch(/^LINE FAULT on twin's console \(not the firmware\): (bytes lost on the line: the screen reads '.+', which is the manual's '.+' with characters missing|garbled characters on the line: the screen reads ".+"|the screen reads '.+' on a line that lost bytes before \('.+' for the manual's '.+'\))$/);
    expect(o.message).toMatch(/\n  bytes: .*\\e\[/);
  }, scenarioTimeoutMs(MENU.spec));

  test("a key lost on the line is a LineFault: the same key sent again was answered", async ({ rig }) => {
    const o = await outcomeOf(rig, MENU, { line: through({ dropKey: 2 }) });
    expect(o.kind).toBe("line-fault");
    expect(o.headline).toMatch(/^LINE FAULT on twin's console \(not the firmware\): key ENTER: its echo never came within \d+ ms, and the same key sent again was answered: the first was lost on the line$/);
  }, scenarioTimeoutMs(MENU.spec));

  test("a frozen twin (SIGSTOP) is Unresponsive", async ({ rig }) => {
    const frozen: number[] = [];
    try {
      const o = await outcomeOf(rig, freezing(MENU, frozen), {});
      expect(o.kind).toBe("unresponsive");
        expect(o.headline).toMatch(/^UNRESPONSIVE: twin stopped answering: no output for \d+\.\d s while awaiting the effect of key ENTER \(sent again, and a harmless key after it: no answer\)$/);
    } finally {
      for (const pid of frozen) process.kill(pid, "SIGCONT");
    }
  }, scenarioTimeoutMs(MENU.spec));

  test("an attempt that ends in a line fault is run again on a fresh session, and the scenario's verdict is the rerun's", async ({ rig }) => {
    let lines = 0;
    // The first session's line loses a key; the second one's is clean.
    const sc = { ...MENU, spec: { ...MENU.spec, line: async (path: string) => ConsoleRelay.start(path, ++lines === 1 ? { dropKey: 2 } : {}) } };
    const said: string[] = [];
    expect(await runAttempts(rig, sc, scenarioTimeoutMs(sc.spec), 1, (l) => said.push(l))).toBeNull();
    expect(lines).toBe(2);
    expect(said.join("\n")).toMatch(/\[rerun\] .*: attempt 1 was inconclusive \(line-fault\); running it again on a fresh session\n  LINE FAULT on twin's console \(not the firmware\): key ENTER: /);
  }, attemptsTimeoutMs(scenarioTimeoutMs(MENU.spec), 1));

  test("a deviation is not run again, nor is an attempt beyond HIL_RERUNS", async ({ rig }) => {
    let lines = 0;
    const deviating = { ...DNS, spec: { ...DNS.spec, defects: ["wrong-dns-error"], line: async (path: string) => (lines++, ConsoleRelay.start(path, {})) } };
    const d = await runAttempts(rig, deviating, scenarioTimeoutMs(deviating.spec), 1).then(() => null, (e: unknown) => e);
    expect((d as Outcome).kind).toBe("deviation");
    expect(lines).toBe(1);
    lines = 0;
    const lossy = { ...MENU, spec: { ...MENU.spec, line: async (path: string) => (lines++, ConsoleRelay.start(path, { dropKey: 2 })) } };
    const l = await runAttempts(rig, lossy, scenarioTimeoutMs(lossy.spec), 0).then(() => null, (e: unknown) => e);
    expect((l as Outcome).kind).toBe("line-fault");
    expect(lines).toBe(1);
  }, scenarioTimeoutMs(DNS.spec) + scenarioTimeoutMs(MENU.spec));

  test("HIL_RERUNS is a whole number 0 to 3 (default 1), else the rig is refused before the first scenario", async () => {
    expect(rerunsAllowed({})).toBe(1);
    expect(rerunsAllowed({ HIL_RERUNS: "0" })).toBe(0);
    expect(rerunsAllowed({ HIL_RERUNS: "3" })).toBe(3);
    expect(() => rerunsAllowed({ HIL_RERUNS: "two" })).toThrow('HIL_RERUNS: expected a whole number 0 to 3 (how many times an inconclusive scenario is run again), found "two"');
    expect(() => rerunsAllowed({ HIL_RERUNS: "4" })).toThrow(/found "4"$/);
    expect((await setupProblem({ HIL_RERUNS: "-1" }))?.message).toMatch(/^SETUP ERROR \(the rig, not the firmware\): HIL_RERUNS: expected a whole number 0 to 3 /);
  });

  test("a lab service that cannot start is a LabFault", async ({ rig }) => {
    // The standard lab with lanrtr's syslog on port 53, which its dnsmasq already serves DNS on: valid as a topology,
    // but the second service cannot bind its port.
    const lab = { ...STANDARD, name: "standard-port-clash", hosts: { ...STANDARD.hosts, lanrtr: { ...STANDARD.hosts.lanrtr, services: { ...STANDARD.hosts.lanrtr!.services, syslog: { port: 53 } } } } } as TopologyInput;
    const o = await outcomeOf(rig, DNS, { lab });
    expect(o.kind).toBe("lab-fault");
    expect(o.headline).toMatch(/^LAB FAULT \(not the firmware\): the lab could not produce the condition: Could not start (dnsmasq|syslog) in namespace \S+-lanrtr: /);
  }, scenarioTimeoutMs(DNS.spec));
});
