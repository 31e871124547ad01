// The console contract: nothing before the first ENTER, the full interface (title, LCD box, indicators,
// LEDs, MAC) after it, boot messages in the manual's order, and the honest result of a missing carrier without a lab (LAN has no IPv4 address).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { screens } from "./ui/oracle.ts";
import { ConsoleClient } from "./testing/client.ts";
import { TwinProcess } from "./testing/twin-process.ts";
import { home, text } from "./testing/session.ts";

describe("console contract", { timeout: 120_000 }, () => {
  let twin: TwinProcess;
  let c: ConsoleClient;
  beforeAll(async () => {
    twin = await TwinProcess.start(["--time-scale", "0.05", "--no-pace", "--mac", "00:50:56:0a:0b:0c"]);
    c = await ConsoleClient.open(twin.console);
  }, 120_000);
  afterAll(async () => {
    await c?.close();
    await twin?.dispose();
  });

  it("draws nothing until the first ENTER, then the whole interface with the MAC", async () => {
    await c.write("\x1b[A");
    // A non-ENTER key on a fresh connection is not answered: no byte arrives before ENTER.
    const before = c.received;
    await c.press("enter");
    expect(before).toBe(0);
    const s = await c.screen();
    expect(s.rows[0]).toMatch(/^Qualys Scanner Appliance/);
    expect(s.rows[2]!.slice(2, 24)).toBe("+--------------------+");
    expect(s.rows[3]![2]).toBe("|");
    expect(s.rows[3]![23]).toBe("|");
    expect(s.rows[5]!.slice(2, 24)).toBe("+--------------------+");
    expect(s.leds).toBe("S1[ ] S2[ ] S3[ ]");
    expect(s.mac).toBe("MAC 00:50:56:0a:0b:0c");
    expect(s.cursor.visible).toBe(false);
  });

  it("shows the boot messages in the manual's order, then the connection phase, then the check's result", async () => {
    await home(c);
    // Power cycle while the terminal stays attached (the cable survives): the new boot is drawn at once.
    expect(await twin.control_("power cut")).toBe("ok");
    await c.waitFor((s) => text(s) === "", "dark screen after the power cut");
    const from = c.history.length;
    expect(await twin.control_("power on")).toBe("ok");
    await c.waitFor((s) => /no IPv4 address/.test(text(s)), "boot to the home screen", 60_000);
    const seen = c.history.slice(from).filter(Boolean);
    expect(seen).toEqual([...screens.boot, ...dedupe(screens.contacting), "LAN has no IPv4 address"]);
    expect((await c.screen()).nav).toBe("E....");
  });

  it("opens the main menu with ENTER and shows the indicators of a menu", async () => {
    const s = await c.press("enter");
    expect(text(s)).toBe("SETUP NETWORK");
    expect(s.nav).toBe("E..^v");
  });

  it("a new connection shows nothing until its own first ENTER, which is not a menu key", async () => {
    await c.close();
    c = await ConsoleClient.open(twin.console);
    const s = await c.press("enter");
    // Still at SETUP NETWORK: the first ENTER only drew the interface.
    expect(text(s)).toBe("SETUP NETWORK");
    expect(s.mac).toBe("MAC 00:50:56:0a:0b:0c");
  });

  it("EXIT THIS MENU returns to the home screen", async () => {
    let s = await c.screen();
    for (let i = 0; i < 5 && text(s) !== "EXIT THIS MENU"; i++) s = await c.press("down");
    await c.press("enter");
    await home(c);
    expect(text(await c.screen())).toBe("LAN has no IPv4 address");
  });
});

/** Consecutive duplicates collapse on screen (the same text twice in a row is one screen). */
function dedupe(list: readonly string[]): string[] {
  return list.filter((t, i) => t !== list[i - 1]);
}
