// LAN flows against the oracle: static IP prompts in order, cancel with Up, the netmask ring both ways,
// the rename once configured, persistence across a reboot, VLAN range and DHCP/VLAN exclusivity.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { flow, nextNetmask, setupNetworkMenu, defaultMenuState } from "../fixtures/manual/index.ts";
import { downTo, home, menuLabels, select, session, text, typeField, typeIpv4, type Session } from "./testing/session.ts";

const prompts = (id: Parameters<typeof flow>[0]) => flow(id).steps.map((s) => (s.kind === "field" ? s.prompt : s.text));

describe("static IP on LAN, VLAN", { timeout: 120_000 }, () => {
  let t: Session;
  beforeAll(async () => {
    t = await session();
  }, 120_000);
  afterAll(async () => t?.close());

  it("lists the SETUP NETWORK options of the factory state, as the oracle orders them", async () => {
    await t.c.press("enter");
    await t.c.press("enter");
    expect(await menuLabels(t.c)).toEqual(setupNetworkMenu(defaultMenuState.ipv4v6).map((i) => i.label));
    // Up leaves the submenu for the main menu at SETUP NETWORK (oracle: menuKeys["setup-network"]).
    expect(text(await t.c.press("up"))).toBe("SETUP NETWORK");
    await downTo(t.c, "EXIT THIS MENU");
    await t.c.press("enter");
    await home(t.c);
  });

  it("cancels CFG LAN STATIC NETWORK PARAMS? with one Up, back to SETUP NETWORK", async () => {
    const s = await select(t.c, "ENABLE STATIC IP ON LAN");
    expect(text(s)).toBe(prompts("static-lan")[0]);
    expect(text(await t.c.press("up"))).toBe("SETUP NETWORK");
  });

  it("walks the netmask ring both ways from 255.255.255.000", async () => {
    await t.c.press("enter");
    await downTo(t.c, "ENABLE STATIC IP ON LAN");
    await t.c.press("enter");
    await t.c.press("enter");
    await typeIpv4(t.c, "010.001.002.003");
    let mask = "255.255.255.000";
    expect(text(await t.c.screen())).toBe(`LAN NETMASK ${mask}`);
    for (let i = 0; i < 3; i++) {
      mask = nextNetmask(mask, "down");
      expect(text(await t.c.press("down"))).toBe(`LAN NETMASK ${mask}`);
    }
    for (let i = 0; i < 5; i++) {
      mask = nextNetmask(mask, "up");
      const s = await t.c.press("up");
      expect(text(s)).toBe(`LAN NETMASK ${mask}`);
      expect(s.cursor.visible).toBe(false);
    }
    expect(mask).toBe("255.255.255.192");
  });

  it("asks the static IP prompts in the oracle's order and rejects an invalid octet", async () => {
    const order = prompts("static-lan");
    let s = await t.c.press("enter");
    expect(s.lcd[0].trim()).toBe(order[3]);
    // 300 is not an octet: refused on screen, then back to the field; nothing stored.
    for (const d of "300") await t.c.press(d);
    s = await t.c.press("enter");
    expect(text(s)).toMatch(/INVALID IP ADDRESS/);
    s = await t.c.waitLcd(/^LAN GATEWAY \| 300/);
    // The field keeps the entry and the cursor (on the 4th digit): back to the first digit, retype.
    for (let i = 0; i < 3; i++) await t.c.press("left");
    s = await typeIpv4(t.c, "010.001.002.001");
    expect(s.lcd[0].trim()).toBe(order[4]);
    s = await typeIpv4(t.c, "010.001.002.053");
    for (const p of order.slice(5, 8)) {
      expect(s.lcd[0].trim()).toBe(p);
      s = await t.c.press("enter");
    }
    expect(s.lcd[0].trim()).toBe(order[8]);
    s = await typeField(t.c, "LAB.EXAMPLE");
    expect(text(s)).toBe(order[9]);
    await t.c.press("enter");
    await home(t.c);
  });

  it("renames the option to CHANGE STATIC IP ON LAN and pre-fills the stored values", async () => {
    await t.c.press("enter");
    await t.c.press("enter");
    const labels = await menuLabels(t.c);
    expect(labels[0]).toBe("CHANGE STATIC IP ON LAN");
    expect(labels).toContain("ENABLE DHCP ON LAN");
    await downTo(t.c, "CHANGE STATIC IP ON LAN");
    await t.c.press("enter");
    const s = await t.c.press("enter");
    expect(text(s)).toBe("LAN IP ADDR 010.001.002.003");
    expect(s.cursor.visible).toBe(true);
    expect(s.cursor.row).toBe(5);
  });

  it("stores the configuration in the state dir and keeps it across a reboot", async () => {
    // Up scrolls digits in a field; only the confirmation cancels: ENTER through the stored values, then Up.
    let s = await t.c.screen();
    for (let i = 0; i < 10 && text(s) !== "REALLY SET LAN STATIC NETWORK?"; i++) s = await t.c.press("enter");
    expect(text(await t.c.press("up"))).toBe("SETUP NETWORK");
    await downTo(t.c, "EXIT THIS MENU");
    await t.c.press("enter");
    const stored = JSON.parse(readFileSync(join(t.twin.state, "config.json"), "utf8"));
    expect(stored.lan).toBe("static");
    expect(stored.lanStatic).toMatchObject({ ip: "010.001.002.003", netmask: "255.255.255.192", gateway: "010.001.002.001", domain: "LAB.EXAMPLE" });
    await home(t.c);
    await t.c.press("enter");
    await downTo(t.c, "SYSTEM REBOOT");
    expect(text(await t.c.press("enter"))).toBe("REALLY REBOOT SYSTEM?");
    expect(text(await t.c.press("enter"))).toBe("REBOOTING SYSTEM");
    await t.c.waitLcd("Welcome to Qualys");
    await home(t.c);
    await t.c.press("enter");
    await t.c.press("enter");
    expect(text(await t.c.screen())).toBe("CHANGE STATIC IP ON LAN");
  });

  it("refuses VLAN 4095, applies 0100 and hides the DHCP option while a VLAN is set", async () => {
    await downTo(t.c, "ENABLE VLAN ON LAN");
    let s = await t.c.press("enter");
    expect(text(s)).toBe("VLAN 0-4094 0000");
    for (const d of "409") await t.c.press(d);
    s = await t.c.press("5");
    expect(text(s)).toBe("VLAN 0-4094 4095");
    expect(text(await t.c.press("enter"))).toMatch(/VLAN MUST BE 0000-4094/);
    await t.c.waitLcd("VLAN 0-4094 | 4095");
    for (let i = 0; i < 3; i++) await t.c.press("left");
    for (const d of "0100") await t.c.press(d);
    // Digits wrap: Down from 0 is 9, Up brings it back.
    s = await t.c.press("down");
    expect(text(s)).toBe("VLAN 0-4094 0109");
    await t.c.press("up");
    await t.c.press("enter");
    await home(t.c);
    await t.c.press("enter");
    await t.c.press("enter");
    const labels = await menuLabels(t.c);
    expect(labels).toContain("CHANGE VLAN ON LAN");
    expect(labels.some((l) => /DHCP ON LAN/.test(l))).toBe(false);
    await downTo(t.c, "CHANGE VLAN ON LAN");
    s = await t.c.press("enter");
    expect(text(s)).toBe("VLAN 0-4094 0100");
    for (const d of "000") await t.c.press(d);
    expect(text(await t.c.screen())).toBe("VLAN 0-4094 0000");
    await t.c.press("enter");
    await home(t.c);
    await t.c.press("enter");
    await t.c.press("enter");
    expect(await menuLabels(t.c)).toContain("ENABLE DHCP ON LAN");
  });

  it("ENABLE DHCP ON LAN: Up cancels once; ENTER switches back to DHCP, the option reads RENEW and the VLAN option disappears", async () => {
    await downTo(t.c, "ENABLE DHCP ON LAN");
    expect(text(await t.c.press("enter"))).toBe(prompts("dhcp-lan")[0]);
    expect(text(await t.c.press("up"))).toBe("SETUP NETWORK");
    await t.c.press("enter");
    await downTo(t.c, "ENABLE DHCP ON LAN");
    await t.c.press("enter");
    await t.c.press("enter");
    await home(t.c);
    expect(JSON.parse(readFileSync(join(t.twin.state, "config.json"), "utf8")).lan).toBe("dhcp-menu");
    await t.c.press("enter");
    await t.c.press("enter");
    const labels = await menuLabels(t.c);
    expect(labels[0]).toBe("ENABLE STATIC IP ON LAN");
    expect(labels).toContain("RENEW DHCP ON LAN");
    // One option may be enabled: ENABLE VLAN ON LAN disappears once DHCP is enabled from the menu.
    expect(labels).not.toContain("ENABLE VLAN ON LAN");
    await downTo(t.c, "RENEW DHCP ON LAN");
    expect(text(await t.c.press("enter"))).toBe(prompts("renew-dhcp-lan")[0]);
    await t.c.press("enter");
    await home(t.c);
  });
});
