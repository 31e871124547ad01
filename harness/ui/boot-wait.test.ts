// A boot wait that runs on into the first connection check is recorded as two waits: the boot messages (boot time)
// and what follows them until the outcome (check time), so that each is projected at its own scale.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Console } from "../console/console.ts";
import { twinProfile } from "../console/profiles/twin.ts";
import { TwinDut } from "../dut/twin.ts";
import { WaitLog } from "../report/projection.ts";
import { Ui } from "./driver.ts";

let dut: TwinDut;
let con: Console;
beforeAll(async () => {
  dut = await TwinDut.start({ name: "boot-wait" });
  con = await Console.open({ name: "boot-wait", path: dut.console, profile: twinProfile, keyTimeoutMs: 8_000 });
  await con.wake(); // a fresh console shows nothing until ENTER
});
afterAll(async () => {
  await con?.close();
  await dut?.dispose();
});

describe("a boot wait", () => {
  it("is split where the last boot message gives way: boot before, check after", async () => {
    const waits = new WaitLog();
    const ui = new Ui(con, { bootMs: 30_000, messageMs: 5_000, checkMs: 20_000, power: dut.power, waits });
    await dut.power.cut();
    await con.waitFor((l) => l.text === "");
    await dut.power.on();
    const seen: string[] = [];
    const t0 = performance.now();
    const outcome = await ui.waitState("power on", "the outcome of the first connection check", (s) => (seen.push(s.kind), s.kind === "error" || s.kind === "home" || s.kind === "activation-code"), 30_000);
    const total = performance.now() - t0;
    expect(outcome.kind).toBe("error"); // a twin without a lab has no network: its check fails at once
    expect(seen).toContain("booting");
    expect(waits.waits.map((w) => [w.kind, w.what])).toEqual([
      ["boot", "the outcome of the first connection check: the boot messages"],
      ["check", "the outcome of the first connection check: after the boot messages"],
    ]);
    // The four boot messages each stay at least 400 ms on the twin; the two parts make up the whole wait.
    expect(waits.waits[0]!.realMs).toBeGreaterThanOrEqual(1_200);
    expect(Math.abs(waits.waits[0]!.realMs + waits.waits[1]!.realMs - total)).toBeLessThan(5);
  });

  it("that sees no boot message (the appliance was up already) stays one boot wait", async () => {
    const waits = new WaitLog();
    const ui = new Ui(con, { bootMs: 30_000, messageMs: 5_000, checkMs: 20_000, power: dut.power, waits });
    await ui.waitState("already up", "the outcome screen", (s) => s.kind === "error", 30_000);
    expect(waits.waits.map((w) => w.kind)).toEqual(["boot"]);
  });
});
