// Steps in the report: a scenario run under vitest leaves, in its allure result, one step per UI action (the key
// pressed, the screen it reached attached inside) and one per check (expected and shown, the screen), failed when the
// check failed. Outside a test nothing is reported (noSteps).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { noSteps } from "./steps.ts";

interface Step {
  name: string;
  status?: string;
  parameters?: { name: string; value: string }[];
  attachments?: { name: string; source: string }[];
  steps?: Step[];
}
interface Result extends Step {
  status: string;
}

const root = resolve(import.meta.dirname, "../..");
const dir = mkdtempSync(join(tmpdir(), "hil-steps-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const all = (steps: readonly Step[] = []): Step[] => steps.flatMap((s) => [s, ...all(s.steps)]);
/** The screen attached inside `step` (allure wraps an attachment in a step of its own name). */
const screenOf = (step: Step): string | undefined => {
  const a = all(step.steps).find((s) => s.name === "screen")?.attachments?.find((x) => x.name === "screen");
  return a ? readFileSync(join(dir, "results", a.source), "utf8") : undefined;
};
const param = (step: Step, name: string) => step.parameters?.find((p) => p.name === name)?.value;

describe("UI actions and checks as allure steps", { timeout: 240_000 }, () => {
  it("a passing scenario and a defect run: key steps with their screens, checks with expected and shown", async () => {
    const run = await execa(join(root, "node_modules/.bin/vitest"), ["run", "scenarios/navigating-the-appliance-ui.test.ts", "scenarios/defects.part", "-t", "main menu and SETUP NETWORK items in order|main-menu fails with --defect wrong-indicators"], {
      cwd: root, reject: false, all: true,
      env: { HIL_DUT: "twin", HIL_ALLURE_RESULTS: join(dir, "results"), HIL_EVIDENCE_DIR: join(dir, "evidence"), HIL_PROJECTION_DIR: join(dir, "projection") },
    });
    expect(run.exitCode, run.all).toBe(0);
    const results = readdirSync(join(dir, "results")).filter((f) => f.endsWith("-result.json")).map((f) => JSON.parse(readFileSync(join(dir, "results", f), "utf8")) as Result);
    const passing = results.find((r) => r.name.startsWith("main menu and SETUP NETWORK items"));
    expect(passing?.status).toBe("passed");
    const steps = all(passing!.steps);

    // An action: the key in its name, a step inside a strategy step, the screen it reached attached.
    const reach = steps.find((s) => s.name === "reach the main menu at SETUP NETWORK");
    const enter = all(reach?.steps).find((s) => /^press ENTER: /.test(s.name));
    expect(enter, steps.map((s) => s.name).join("\n")).toBeDefined();
    expect(enter!.status).toBe("passed");
    expect(screenOf(enter!)).toMatch(/SETUP NETWORK[\s\S]*\n--\nLCD \[SETUP NETWORK\s*\|/);
    const down = steps.find((s) => s.name === "press DOWN: DOWN in main")!;
    expect(screenOf(down)).toMatch(/^LCD \[SYSTEM REBOOT\s*\|/m);

    // A check: expected and shown as parameters, the screen at the check, passed.
    const check = steps.find((s) => s.name === "check main menu items")!;
    expect(check.status).toBe("passed");
    expect(param(check, "expected")).toBe(JSON.stringify(["SETUP NETWORK", "SYSTEM REBOOT", "SYSTEM SHUTDOWN", "EXIT THIS MENU"]));
    expect(param(check, "shown")).toBe(param(check, "expected"));
    expect(screenOf(check)).toMatch(/^LCD \[/m);

    // The defect run: the indicator check that caught it is a failed step with what was shown.
    const defect = results.find((r) => r.name === "main-menu fails with --defect wrong-indicators");
    expect(defect?.status).toBe("passed"); // the proof passes because the scenario failed
    const failed = all(defect!.steps).filter((s) => s.name.startsWith("check ") && s.status === "failed");
    expect(failed.length, all(defect!.steps).map((s) => `${s.name} ${s.status}`).join("\n")).toBe(1);
    expect(failed[0]!.name).toMatch(/^check indicators at "/);
    expect(param(failed[0]!, "expected")).toBe("ENTER and DOWN indicators lit");
    expect(param(failed[0]!, "shown")).not.toBe("enter=true down=true");
  });

  it("reports nothing outside a test: noSteps runs the body and passes its value and error through", async () => {
    expect(await noSteps.step("x", async (scope) => (scope.parameter("a", "b"), scope.screen("s"), 42))).toBe(42);
    await expect(noSteps.step("x", async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(() => noSteps.check("x", { expected: "a", shown: "b", ok: false })).not.toThrow();
  });
});
