// The UI driver against a real twin: strategy, menu selection, a flow with typed and ring entry, cancel, and
// the remembered strategy failure.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Console } from "../console/console.ts";
import { twinProfile } from "../console/profiles/twin.ts";
import { TwinDut } from "../dut/twin.ts";
import { Ui } from "./driver.ts";
import { StrategyError } from "./errors.ts";
import { cancel, runFlow } from "./flow.ts";
import { enterValue } from "./fields.ts";

let dut: TwinDut;
let con: Console;
let ui: Ui;
beforeAll(async () => {
  dut = await TwinDut.start({ name: "ui" });
  con = await Console.open({ name: "ui", path: dut.console, profile: twinProfile, keyTimeoutMs: 8_000 });
  ui = new Ui(con, { bootMs: 20_000, messageMs: 5_000, power: dut.power });
});
afterAll(async () => {
  await con?.close();
  await dut?.dispose();
});

describe("UI driver on the twin", () => {
  it("reaches the home screen and the main menu from a fresh console", async () => {
    expect((await ui.reach("home")).kind).toBe("error");
    expect(await ui.reach("setup")).toEqual({ kind: "menu", menu: "main", item: "SETUP NETWORK" });
    expect((await ui.reach("home")).kind).toBe("error");
  });

  it("runs the static IP flow with typed digits and the netmask ring, and sees the rename", async () => {
    const r = await runFlow(ui, "static-lan", { "LAN IP ADDR": "10.77.1.50", "LAN NETMASK": "255.255.254.0", "LAN GATEWAY": "10.77.1.1", "LAN DNS1": "10.77.1.1", "DOMAIN NAME": "LAB.TEST" });
    expect(r.state.kind).toBe("error");
    expect(ui.belief.lan).toBe("static");
    const s = await ui.select(["SETUP NETWORK", "CHANGE STATIC IP ON LAN"]);
    expect(s.kind).toBe("prompt");
    await cancel(ui);
    expect(ui.state()).toEqual({ kind: "menu", menu: "main", item: "SETUP NETWORK" });
  });

  it("enters values by the rings too", async () => {
    const r = await runFlow(ui, "change-static-lan", { "LAN IP ADDR": "10.77.1.61", "LAN NETMASK": "/25" }, { mode: "ring", stopAt: "LAN GATEWAY" });
    expect(r.state).toMatchObject({ kind: "field", prompt: "LAN GATEWAY", value: expect.stringContaining("010.077.001.001") });
    await ui.reach("setup");
  });

  it("enters text by the character ring (Up only), the password masked on screen", async () => {
    const r = await runFlow(ui, "proxy-enable", { "PROXY HOST": "A1.B", "PROXY PORT": "80", "PROXY USER": "u_1", "PROXY PASSW": "p-Q" }, { mode: "ring", stopAt: "REALLY ENABLE PROXY?" });
    expect(r.state).toMatchObject({ kind: "prompt", text: "REALLY ENABLE PROXY?" });
    await cancel(ui);
    expect(ui.state()).toEqual({ kind: "menu", menu: "main", item: "SETUP NETWORK" });
    expect(ui.con.callLog().map((e) => JSON.stringify(e)).join("\n")).not.toMatch(/p-Q/);
  });

  it("remembers a failed strategy step and fails later calls at once", async () => {
    await dut.power.cut();
    const noPower = new Ui(con, { bootMs: 2_000, messageMs: 1_000 });
    await con.waitFor((l) => l.text === "");
    await expect(noPower.reach("setup")).rejects.toThrow(StrategyError);
    const last = JSON.stringify(con.callLog().at(-1));
    await expect(noPower.reach("home")).rejects.toThrow(/an earlier step failed/);
    // Failing at once: nothing was sent or seen since (the call log's last entry is the same).
    expect(JSON.stringify(con.callLog().at(-1))).toBe(last);
    await dut.power.on();
    expect((await ui.reach("home")).kind).toBe("error");
  });

  it("names the dead end when a field refuses its value, and remembers it", async () => {
    const r = await runFlow(ui, "vlan-enable", {}, { stopAt: "VLAN 0-4094" });
    if (r.stoppedAt?.kind !== "field") throw new Error("VLAN step is a field");
    await enterValue(ui, r.stoppedAt, "4095");
    await expect(ui.reach("setup")).rejects.toThrow('the field "VLAN 0-4094" refuses its value "4095"');
    await expect(ui.reach("home")).rejects.toThrow(/an earlier step failed .*refuses its value/);
    ui.reset();
    await enterValue(ui, r.stoppedAt, "0");
    expect((await ui.reach("setup")).kind).toBe("menu");
  });
});
