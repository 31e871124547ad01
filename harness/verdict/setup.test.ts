// The rig is checked once before the first scenario: a wrong HIL_DUT, a missing inventory, an unknown appliance or a
// missing tty is a SetupError with one message, and the real vitest run stops before any scenario runs.
import { execa } from "execa";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { setupProblem } from "./setup.ts";

const dir = mkdtempSync(join(tmpdir(), "hil-setup-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const inventory = join(dir, "lab.yaml");
writeFileSync(inventory, `version: 1\nappliances:\n  - name: lab3-a\n    tty: /dev/ttyUSB-hil-none\n    lan: enp3s0\n    model: current\n    serial: QSA-1\n    power: none\n`);

describe("setup check", () => {
  it("passes the twin, and a pool whose members' ttys are there", async () => {
    expect(await setupProblem({ HIL_DUT: "twin" })).toBeNull();
    expect(await setupProblem({})).toBeNull();
    const pool = join(dir, "pool.yaml");
    const tty = join(dir, "tty-a"); // a character device node that no process holds open
    await execa("mknod", [tty, "c", "1", "3"]);
    writeFileSync(pool, `version: 1\nappliances:\n  - name: a\n    tty: ${tty}\n    lan: enp3s0\n    model: current\n    serial: QSA-1\n    power: none\n`);
    expect(await setupProblem({ HIL_DUT: `${pool}:*` })).toBeNull();
  });

  it.each([
    ["a malformed HIL_DUT", { HIL_DUT: "lab 3" }, 'SETUP ERROR (the rig, not the firmware): HIL_DUT="lab 3": expected twin, NAME, FILE:NAME (an appliance of the inventory), or a pool FILE:NAME,NAME... or FILE:*'],
    ["a missing inventory", { HIL_DUT: join(dir, "nosuch.yaml:lab3-a") }, `SETUP ERROR (the rig, not the firmware): HIL_DUT="${join(dir, "nosuch.yaml:lab3-a")}": Invalid inventory ${join(dir, "nosuch.yaml")} at (root): expected a readable YAML file, found ENOENT`],
    ["an appliance the inventory does not have", { HIL_DUT: `${inventory}:lab9` }, `SETUP ERROR (the rig, not the firmware): HIL_DUT="${inventory}:lab9": Inventory ${inventory} has no appliance named "lab9" (known: lab3-a)`],
    ["a missing tty", { HIL_DUT: `${inventory}:lab3-a` }, `SETUP ERROR (the rig, not the firmware): HIL_DUT="${inventory}:lab3-a": lab3-a: tty /dev/ttyUSB-hil-none does not exist (is the USB-RS232 adapter plugged in? inventory field tty)`],
    ["a pool member's missing tty", { HIL_DUT: `${inventory}:*` }, `SETUP ERROR (the rig, not the firmware): HIL_DUT="${inventory}:*": lab3-a: tty /dev/ttyUSB-hil-none does not exist (is the USB-RS232 adapter plugged in? inventory field tty)`],
  ])("names %s", async (_what, env, message) => {
    const problem = await setupProblem(env);
    expect(problem?.kind).toBe("setup-error");
    expect(problem?.message).toBe(message);
  });

  it("stops a real run of a scenario file before its first scenario, with the one message and exit code 1", async () => {
    const root = resolve(import.meta.dirname, "../..");
    const run = await execa(join(root, "node_modules/.bin/vitest"), ["run", "scenarios/known-state.test.ts"], {
      cwd: root,
      reject: false,
      all: true,
      env: { HIL_DUT: `${inventory}:lab3-a`, HIL_ALLURE_RESULTS: join(dir, "allure"), HIL_EVIDENCE_DIR: join(dir, "evidence"), NO_COLOR: "1", FORCE_COLOR: "0" },
      timeout: 120_000,
    });
    expect(run.exitCode).toBe(1);
    const lines = run.all.split("\n").filter((l) => l.trim() && !/^\s*RUN\s+v\d/.test(l));
    expect(lines).toEqual([`SETUP ERROR (the rig, not the firmware): HIL_DUT="${inventory}:lab3-a": lab3-a: tty /dev/ttyUSB-hil-none does not exist (is the USB-RS232 adapter plugged in? inventory field tty)`]);
  }, 150_000);
});
