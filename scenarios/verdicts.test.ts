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
import { runScenario } from "./section.ts";
import type { Scenario } from "./scenario.ts";

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

describe.skipIf(!onTwin())("verdicts name what went wrong", () => {
  test("a twin defect is a Deviation quoting the manual's row", async ({ rig }) => {
    const o = await outcomeOf(rig, DNS, { defects: ["wrong-dns-error"] });
    expect(o.kind).toBe("deviation");
    expect(o.headline).toMatch(/^DEVIATION from the manual on twin at connection check with the LAN's DNS server dropping queries \(polled \d+\.\d s\): shown 'LAN DNS can't resolve QG URL' \(Troubleshooting, Appliance Network Errors\); expected 'LAN DNS server not reachable' \(Troubleshooting, Appliance Network Errors\)$/);
    expect(o.message).toContain(`\n  the manual (Troubleshooting, Appliance Network Errors): "LAN DNS server not reachable — Ensure LAN interface has network connectivity to its configured DNS servers."\n  readings until the deadline (1):\n    0.000s 'LAN DNS can't resolve QG URL'\n  last screens:\n`);
    expect(o.message).toMatch(/\n  call log \(last \d+\):\n/);
  }, scenarioTimeoutMs(DNS.spec));

  test("a word changed on the line is a screen the manual does not have, named with the nearest manual screen", async ({ rig }) => {
    const o = await outcomeOf(rig, DNS, { line: through({ rewrite: [{ from: "server not", to: "server    " }, { from: "reachable", to: "unreachable" }] }) });
    expect(o.kind).toBe("deviation");
    // The driver meets the screen at the end of the flow (it expects a home screen there: it knows no such screen).
    expect(o.headline).toBe("DEVIATION from the manual on twin at dhcp-lan outcome (connection-check): shown 'LAN DNS server unreachable', which is no screen of the manual; expected the home screen (name and IP, activation code or an error); the manual's nearest screen is 'LAN DNS server not reachable' (Troubleshooting, Appliance Network Errors)");
  }, scenarioTimeoutMs(DNS.spec));
});
