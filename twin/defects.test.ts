// Every defect of the catalogue changes what it claims (against the oracle's expectation). Compatible
// defects share one twin; drop-keys and up-no-cancel get their own.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mainMenu, nextNetmask, portLinks } from "../fixtures/manual/index.ts";
import { KEYS } from "./testing/client.ts";
import { DEFECT_NAMES } from "./defects.ts";
import { screens } from "./ui/oracle.ts";
import { downTo, home, menuLabels, select, session, text, typeField, typeIpv4, type Session } from "./testing/session.ts";

const SHARED = DEFECT_NAMES.filter((d) => d !== "drop-keys" && d !== "up-no-cancel");

describe("defects sharing one twin", { timeout: 300_000 }, () => {
  let t: Session;
  const stored = () => JSON.parse(readFileSync(join(t.twin.state, "config.json"), "utf8"));
  beforeAll(async () => {
    t = await session(SHARED.flatMap((d) => ["--defect", d]));
  }, 120_000);
  afterAll(async () => t?.close());

  it("boot-order: the filesystem check shows before 'starting up'", async () => {
    await t.twin.control_("power cut");
    await t.c.waitFor((s) => s.rows.every((r) => r.trim() === ""), "dark after the power cut");
    const from = t.c.history.length;
    await t.twin.control_("power on");
    await t.c.waitFor((s) => /no IPv4 address/.test(text(s)), "boot", 60_000);
    const seen = t.c.history.slice(from).filter(Boolean);
    expect(seen.slice(0, 4)).not.toEqual(screens.boot);
    expect(seen.indexOf("Filesystem check in progress...")).toBeLessThan(seen.indexOf("Qualys Scanner is starting up..."));
  });

  it("wrong-indicators: menus never show the DOWN indicator", async () => {
    const s = await t.c.press("enter");
    expect(text(s)).toBe("SETUP NETWORK");
    expect(s.nav).toBe("E..^.");
  });

  it("netmask-order, prompt-typo, domain-forbidden-char: static LAN deviates", async () => {
    await t.c.press("enter");
    await t.c.press("enter");
    await t.c.press("enter");
    await typeIpv4(t.c, "010.001.002.003");
    const s = await t.c.press("down");
    expect(text(s)).not.toBe(`LAN NETMASK ${nextNetmask("255.255.255.000", "down")}`);
    expect(text(s)).toBe(`LAN NETMASK ${nextNetmask("255.255.255.000", "up")}`);
    expect((await t.c.press("enter")).lcd[0].trim()).toBe("LAN GATEWY");
    await typeIpv4(t.c, "010.001.002.001");
    for (let i = 0; i < 4; i++) await t.c.press("enter");
    expect(text(await typeField(t.c, "A-B"))).toBe("REALLY SET LAN STATIC NETWORK?");
    await t.c.press("enter");
    await home(t.c);
    expect(stored().lanStatic.domain).toBe("A-B");
  });

  it("no-rename, no-zero-pad: ENABLE STATIC IP ON LAN stays; stored addresses lose their zeros", async () => {
    await t.c.press("enter");
    const s = await t.c.press("enter");
    expect(text(s)).toBe("ENABLE STATIC IP ON LAN");
    await t.c.press("enter");
    expect(text(await t.c.press("enter"))).toBe("LAN IP ADDR 10.1.2.3");
    let x = await t.c.screen();
    for (let i = 0; i < 10 && text(x) !== "REALLY SET LAN STATIC NETWORK?"; i++) x = await t.c.press("enter");
    expect(text(await t.c.press("up"))).toBe("SETUP NETWORK");
  });

  it("vlan-range, dhcp-with-vlan: VLAN 4095 is stored and the DHCP option stays", async () => {
    await t.c.press("enter");
    await downTo(t.c, "ENABLE VLAN ON LAN");
    await t.c.press("enter");
    for (const d of "4095") await t.c.press(d);
    // Accepted: no refusal, the appliance goes on to contact the platform.
    expect(text(await t.c.press("enter"))).toBe("CONTACTING QUALYS");
    await home(t.c);
    await t.c.press("enter");
    await t.c.press("enter");
    const labels = await menuLabels(t.c);
    expect(labels).toContain("CHANGE VLAN ON LAN");
    expect(labels.some((l) => /DHCP ON LAN/.test(l))).toBe(true);
  });

  it("proxy-user-limit: PROXY USER takes more than 32 characters", async () => {
    await downTo(t.c, "ENABLE PROXY");
    await t.c.press("enter");
    await t.c.press("enter");
    await typeField(t.c, "P");
    await t.c.press("enter");
    const user = "abcdefghijklmnopqrstuvwxyz0123456789";
    for (const ch of user) await t.c.press(ch);
    await t.c.press("enter");
    await t.c.press("enter");
    await t.c.press("enter");
    await t.c.waitFor((s) => text(s) === "ENABLING PROXY SUPPORT", "ENABLING PROXY SUPPORT");
    await home(t.c);
    expect(stored().proxy.user.length).toBeGreaterThan(32);
  });

  it("port-ring-reversed: Right goes backwards through the port links", async () => {
    await t.c.press("enter");
    await t.c.press("enter");
    await downTo(t.c, "ETHERNET PORT SETTINGS");
    await t.c.press("enter");
    expect(text(await t.c.press("right"))).toBe(`LAN PORT LINK ${portLinks.at(-1)}`);
    await t.c.press("up");
    await t.c.press("up");
  });

  it("reset-keeps-proxy: REALLY RESET ALL SETTINGS? keeps the proxy", async () => {
    await t.c.press("enter");
    await downTo(t.c, "RESET NETWORK SETTINGS");
    await t.c.press("enter");
    await t.c.press("enter");
    await home(t.c);
    expect(stored().proxy).not.toBeNull();
    expect(stored().lan).toBe("dhcp");
  });

  it("vlan-not-persisted: a VLAN set before a reboot is gone after it", async () => {
    await select(t.c, "ENABLE VLAN ON LAN");
    for (const d of "0101") await t.c.press(d);
    await t.c.press("enter");
    await home(t.c);
    await t.c.press("enter");
    await downTo(t.c, "SYSTEM REBOOT");
    await t.c.press("enter");
    await t.c.press("enter");
    await t.c.waitLcd("Welcome to Qualys", 60_000);
    await home(t.c, 60_000);
    await t.c.press("enter");
    await t.c.press("enter");
    expect(await menuLabels(t.c)).toContain("ENABLE VLAN ON LAN");
    await t.c.press("up");
  });

  it("no-unplug-message: SYSTEM SHUTDOWN goes dark without \"It's now safe to unplug the box\"", async () => {
    await downTo(t.c, "SYSTEM SHUTDOWN");
    await t.c.press("enter");
    const from = t.c.history.length;
    await t.c.press("enter");
    await t.c.waitFor((s) => s.rows.every((r) => r.trim() === ""), "dark");
    expect(t.c.history.slice(from)).not.toContain("It's now safe to unplug the box");
  });
});

describe("defect up-no-cancel", { timeout: 300_000 }, () => {
  let t: Session;
  beforeAll(async () => {
    t = await session(["--defect", "up-no-cancel"]);
  }, 120_000);
  afterAll(async () => t?.close());

  it("Up on CFG LAN STATIC NETWORK PARAMS? does not cancel", async () => {
    const s = await select(t.c, "ENABLE STATIC IP ON LAN");
    expect(s.nav).toBe("E....");
    const before = t.c.received;
    await t.c.write("\x1b[A");
    await t.c.press("enter");
    expect(t.c.received).toBeGreaterThan(before);
    expect((await t.c.screen()).lcd[0].trim()).toBe("LAN IP ADDR");
  });
});

describe("defect drop-keys", { timeout: 300_000 }, () => {
  let t: Session;
  beforeAll(async () => {
    t = await session(["--defect", "drop-keys"]);
  }, 120_000);
  afterAll(async () => t?.close());

  it("loses a key sent one at a time (every 8th)", async () => {
    await t.c.press("enter");
    let at = 0;
    let lost = 0;
    for (let i = 0; i < 12; i++) {
      const next = mainMenu[(at + 1) % mainMenu.length]!.label;
      await t.c.write(KEYS.down);
      try {
        await t.c.waitFor((s) => text(s) === next, next, 1_500);
        at++;
      } catch {
        lost++;
      }
    }
    expect(lost).toBeGreaterThan(0);
    // Nothing overflowed: the keys were lost by the firmware, not by a full input buffer.
    expect(JSON.parse(await t.twin.control_("status")).lostBytes).toBe(0);
  });
});

describe("defect mac-shown-wrong", { timeout: 120_000 }, () => {
  it("the console's MAC line is not the appliance's MAC (--mac), the one its LAN port sends from", async () => {
    const t = await session(["--mac", "00:50:56:0a:0b:0c", "--defect", "mac-shown-wrong"]);
    try {
      expect((await t.c.screen()).mac).toBe("MAC 00:50:56:0a:0b:0d");
    } finally {
      await t.close();
    }
  });
});
