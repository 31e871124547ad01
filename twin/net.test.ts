// Proxy (host from the gateway, port, user limits and forbidden characters, masked password, insert/delete),
// Ethernet port rings with REALLY SET confirmations, reset to IPv6-only with static IPv6, and reset defaults.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { flow, portLinks, resetMenu, setupNetworkMenu, defaultMenuState } from "../fixtures/manual/index.ts";
import { downTo, home, menuLabels, select, session, text, typeField, type Session } from "./testing/session.ts";

const prompts = (id: Parameters<typeof flow>[0]) => flow(id).steps.map((s) => (s.kind === "field" ? s.prompt : s.text));

describe("proxy, ports, IPv6-only, reset", { timeout: 120_000 }, () => {
  let t: Session;
  beforeAll(async () => {
    t = await session();
  }, 120_000);
  afterAll(async () => t?.close());
  const stored = () => JSON.parse(readFileSync(join(t.twin.state, "config.json"), "utf8"));

  it("cancels CONFIG PROXY PARAMETERS with two Ups: ENABLE PROXY, then SETUP NETWORK", async () => {
    const s = await select(t.c, "ENABLE PROXY");
    expect(text(s)).toBe(prompts("proxy-enable")[0]);
    expect(text(await t.c.press("up"))).toBe("ENABLE PROXY");
    expect(text(await t.c.press("up"))).toBe("SETUP NETWORK");
  });

  it("enables a proxy: host, port, user (32 max, forbidden characters refused), masked password", async () => {
    await t.c.press("enter");
    await downTo(t.c, "ENABLE PROXY");
    await t.c.press("enter");
    let s = await t.c.press("enter");
    expect(s.lcd[0].trim()).toBe("PROXY HOST");
    // Insert/delete mode: Down shows the questions (no Delete Previous? on the first character).
    expect(text(await t.c.press("down"))).toBe("Insert Character?");
    expect(text(await t.c.press("down"))).toBe("Done editing?");
    expect(text(await t.c.press("up"))).toBe("PROXY HOST");
    expect(text(await t.c.press("q"))).toMatch(/NOT ALLOWED/);
    await t.c.waitLcd("PROXY HOST");
    s = await typeField(t.c, "PROXY.LAB");
    expect(text(s)).toBe("PROXY PORT 08080");
    s = await t.c.press("enter");
    expect(s.lcd[0].trim()).toBe("PROXY USER");
    expect(text(await t.c.press("!"))).toMatch(/NOT ALLOWED/);
    await t.c.waitLcd("PROXY USER");
    const long = "CORP\\a_very-long.user@name123456";
    expect(long.length).toBe(32);
    for (const ch of long) s = await t.c.press(ch);
    // The 16-character window scrolls left: it shows the last 16 of 32.
    expect(s.lcd[1].slice(0, 16)).toBe(long.slice(16, 32));
    // 32 characters at most: a 33rd replaces the last one instead of extending the entry.
    s = await t.c.press("X");
    expect(s.lcd[1].slice(0, 16)).toBe(`${long.slice(16, 31)}X`);
    s = await t.c.press("enter");
    expect(text(s)).toMatch(/^PROXY PASSW/);
    for (const ch of "s3cr3t") s = await t.c.press(ch);
    expect(s.lcd[1]).not.toMatch(/s3cr3t|s3cr/);
    expect(s.lcd[1].slice(0, 5)).toBe("*****");
    s = await t.c.press("enter");
    expect(text(s)).toBe("REALLY ENABLE PROXY?");
    await t.c.press("enter");
    await t.c.waitFor((x) => text(x) === "ENABLING PROXY SUPPORT", "ENABLING PROXY SUPPORT");
    await home(t.c);
    expect(stored().proxy).toEqual({ host: "PROXY.LAB", port: "08080", user: `${long.slice(0, 31)}X`, password: "s3cr3t" });
  });

  it("shows CHANGE PROXY PARAMS and DISABLE PROXY once enabled; the stored values pre-fill", async () => {
    await t.c.press("enter");
    await t.c.press("enter");
    const labels = await menuLabels(t.c);
    expect(labels).toEqual(setupNetworkMenu({ ...defaultMenuState.ipv4v6, proxy: true }).map((i) => i.label));
    await downTo(t.c, "CHANGE PROXY PARAMS");
    const s = await t.c.press("enter");
    expect(text(s)).toBe("PROXY HOST PROXY.LAB");
    for (let i = 0; i < 4; i++) await t.c.press("enter");
    expect(text(await t.c.screen())).toBe("REALLY ENABLE PROXY?");
    await t.c.press("up");
    expect(text(await t.c.press("up"))).toBe("SETUP NETWORK");
  });

  it("walks the LAN port link ring with Right and Left and confirms REALLY SET LAN TO <value>", async () => {
    await t.c.press("enter");
    await downTo(t.c, "ETHERNET PORT SETTINGS");
    let s = await t.c.press("enter");
    expect(text(s)).toBe(`LAN PORT LINK ${portLinks[0]}`);
    expect(s.nav).toBe("E<>^.");
    s = await t.c.press("right");
    s = await t.c.press("right");
    expect(text(s)).toBe(`LAN PORT LINK ${portLinks[2]}`);
    s = await t.c.press("left");
    expect(text(s)).toBe(`LAN PORT LINK ${portLinks[1]}`);
    s = await t.c.press("left");
    s = await t.c.press("left");
    expect(text(s)).toBe(`LAN PORT LINK ${portLinks.at(-1)}`);
    s = await t.c.press("enter");
    expect(text(s)).toBe(`REALLY SET LAN TO ${portLinks.at(-1)}`);
    s = await t.c.press("enter");
    expect(text(s)).toBe(`LAN PORT LINK ${portLinks.at(-1)}`);
    expect(stored().ports.lan).toBe(portLinks.at(-1));
    expect(text(await t.c.press("up"))).toBe("ETHERNET PORT SETTINGS");
    expect(text(await t.c.press("up"))).toBe("SETUP NETWORK");
  });

  it("resets to IPv6-only mode: IPv6 menu, factory defaults of that mode", async () => {
    await t.c.press("enter");
    await downTo(t.c, "RESET NETWORK SETTINGS");
    let s = await t.c.press("enter");
    expect(text(s)).toBe(resetMenu("ipv4v6")[0]!.label);
    s = await t.c.press("down");
    expect(text(s)).toBe("RESET TO IPv6 ONLY MODE?");
    await t.c.press("enter");
    await home(t.c);
    expect(stored()).toMatchObject({ mode: "ipv6only", lan: "auto6", proxy: null, vlan: 0, wan: "none", ports: { lan: "AUTO", wan: "AUTO" } });
    await t.c.press("enter");
    await t.c.press("enter");
    expect(await menuLabels(t.c)).toEqual(setupNetworkMenu(defaultMenuState.ipv6only).map((i) => i.label));
  });

  it("sets a static IPv6 address (compressed form stored) with the prefix-length ring", async () => {
    let s = await t.c.press("enter");
    expect(s.lcd[0].trim()).toBe(prompts("static-ipv6")[0]);
    s = await typeField(t.c, "2001:db8:0:0:0:0:0:10");
    expect(text(s)).toBe("IPv6 PREFLEN 64");
    s = await t.c.press("up");
    expect(text(s)).toBe("IPv6 PREFLEN 65");
    await t.c.press("down");
    s = await t.c.press("down");
    expect(text(s)).toBe("IPv6 PREFLEN 63");
    await t.c.press("up");
    s = await t.c.press("enter");
    expect(s.lcd[0].trim()).toBe("IPv6 GW");
    for (const ch of "2001:db8::") await t.c.press(ch);
    expect(text(await t.c.press("z"))).toMatch(/NOT ALLOWED/);
    await t.c.waitLcd("IPv6 GW | 2001:db8::");
    s = await typeField(t.c, "1");
    expect(s.lcd[0].trim()).toBe("IPv6 DNS1");
    s = await typeField(t.c, "2001:db8::53");
    expect(s.lcd[0].trim()).toBe("IPv6 DNS2");
    // The expanded form is accepted too (39 characters through the 16-character window); stored compressed.
    s = await typeField(t.c, "2001:0db8:0000:0000:0000:0000:0000:0054");
    expect(text(s)).toBe("REALLY SETUP STATIC LAN IPV6?");
    await t.c.press("enter");
    await home(t.c);
    expect(stored()).toMatchObject({ lan: "static6", ipv6: { addr: "2001:db8::10", preflen: "64", dns1: "2001:db8::53", dns2: "2001:db8::54" } });
  });

  it("REALLY RESET ALL SETTINGS? keeps the mode and restores its factory defaults", async () => {
    await t.c.press("enter");
    await t.c.press("enter");
    await downTo(t.c, "RESET NETWORK SETTINGS");
    await t.c.press("enter");
    expect(text(await t.c.press("down"))).toBe("RESET TO IPv4+v6 MODE?");
    await t.c.press("down");
    await t.c.press("enter");
    await home(t.c);
    expect(stored()).toMatchObject({ mode: "ipv6only", lan: "auto6", proxy: null, vlan: 0 });
  });

  it("RENEW AUTO IPv6 ON LAN?: read-only address and prefix, then Up on Manual DNS1 quits", async () => {
    const order = prompts("renew-auto-ipv6");
    await t.c.press("enter");
    await t.c.press("enter");
    await downTo(t.c, "RENEW AUTO IPv6 ON LAN?");
    let s = await t.c.press("enter");
    expect(s.lcd[0].trim()).toBe(order[0]);
    expect(s.cursor.visible).toBe(false);
    expect(text(await t.c.press("1"))).toMatch(/CANNOT BE CHANGED/);
    await t.c.waitLcd(order[0]!);
    for (const p of order.slice(1, 3)) {
      s = await t.c.press("enter");
      expect(s.lcd[0].trim()).toBe(p);
    }
    s = await t.c.press("enter");
    expect(s.lcd[0].trim()).toBe(order[3]);
    expect(text(await t.c.press("up"))).toBe("SETUP NETWORK");
  });
});
