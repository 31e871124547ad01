// A scenario whose DUT hangs fails with the inner error (what was awaited, what the screen showed), never with
// vitest's bare "Test timed out": its test timeout is derived from the DUT's timings at collection time. A DUT that
// does not answer even after its power cycle is broken: its next scenario is skipped.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { Deadline, pollUntil } from "../netns/util/deadline.ts";
import { scenarioTimeoutMs, selectedDut } from "./budget.ts";

const ROOT = resolve(import.meta.dirname, "..");
const dir = mkdtempSync(join(tmpdir(), "hil-hang-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("derived test timeouts", () => {
  it("grow with the DUT's timings: a real appliance's boot is waited for, a twin's is short", () => {
    const saved = process.env.HIL_DUT;
    try {
      process.env.HIL_DUT = "twin";
      const twin = scenarioTimeoutMs({});
      const inv = join(dir, "slow.yaml");
      writeFileSync(inv, "version: 1\nappliances:\n  - name: slowbox\n    tty: /dev/ttyUSB9\n    lan: enp9s0\n    model: current\n    serial: QSA-9\n    power: none\n");
      process.env.HIL_DUT = `${inv}:slowbox`;
      const hw = scenarioTimeoutMs({ lab: "standard" });
      expect(selectedDut().timings.bootMs).toBe(180_000);
      expect(hw).toBeGreaterThan(3 * 180_000); // two boots in the body and one power cycle, each at its deadline
      expect(twin).toBeLessThan(hw / 3);
    } finally {
      if (saved === undefined) delete process.env.HIL_DUT;
      else process.env.HIL_DUT = saved;
    }
  });

  it("a scenario on a DUT that never answers fails with the strategy's cause, not vitest's timeout", async () => {
    const socat = spawn("socat", [`pty,raw,echo=0,link=${join(dir, "tty")}`, `pty,raw,echo=0,link=${join(dir, "far")}`], { stdio: "ignore" });
    try {
      await pollUntil(() => (existsSync(join(dir, "tty")) ? true : undefined), Deadline.in(10_000, "socat's PTY link"));
      const inv = join(dir, "lab.yaml");
      writeFileSync(inv, [
        "version: 1", "appliances:", "  - name: hangbox", `    tty: ${join(dir, "tty")}`, "    lan: hilhang0", "    model: current", "    serial: QSA-HANG",
        '    power: { command: { on: "true", off: "true" } }', "    timings: { bootMs: 3000, messageMs: 1000, checkMs: 2000, keyMs: 1000 }", "",
      ].join("\n"));
      const r = await execa("npx", ["vitest", "run", "--config", "scenarios/testkit/vitest.hang.config.ts", "--reporter", "json"], {
        cwd: ROOT, reject: false,
        env: { HIL_DUT: `${inv}:hangbox`, HIL_LEASE_DIR: join(dir, "lease"), HIL_EVIDENCE_DIR: join(dir, "evidence"), HIL_PROJECTION_DIR: join(dir, "projection"), HIL_ALLURE_RESULTS: join(dir, "allure") },
      });
      const report = JSON.parse(r.stdout.slice(r.stdout.indexOf("{")));
      expect(report.numFailedTests, r.stderr.slice(-2000)).toBe(1);
      const [first, again] = report.testResults[0].assertionResults as Array<{ status: string; failureMessages: string[]; duration: number }>;
      // It failed recovery (no answer after its power cycle): the appliance is broken, and the next scenario on it is
      // skipped at once with that cause (the reason is in the allure result: scenarios/recovery.test.ts checks it).
      expect(again!.status).toBe("skipped");
      expect(again!.duration ?? 0).toBeLessThan(1_000);
      const message = first!.failureMessages.join("\n");
      expect(message).not.toMatch(/timed out in/i);
      // The verdict: an appliance that never sent a byte stopped answering (no deviation of the firmware).
      expect(message).toMatch(/^(Error: )?UNRESPONSIVE: hangbox stopped answering: /);
      expect(message).toContain("hangbox: cannot bring the appliance to the main menu: it did not answer");
      expect(message).toContain("nor after a power cycle");
      expect(message).toContain("the appliance to boot"); // what was awaited
      expect(message).toContain("shown a dark screen"); // what the screen showed
    } finally {
      socat.kill("SIGTERM");
    }
  }, 120_000);
});
