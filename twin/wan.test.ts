// Proxy host from the gateway with insert/delete mode, DISABLE PROXY with its two-Up cancel, split network
// (DHCP and static IP on WAN, renames), WAN port link with a split network, and the older model's E-codes.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorById, flow, menuKeys, wanMenu, defaultMenuState } from "../fixtures/manual/index.ts";
import { downTo, home, menuLabels, select, session, text, typeField, typeIpv4, type Session } from "./testing/session.ts";

const prompts = (id: Parameters<typeof flow>[0]) => flow(id).steps.map((s) => (s.kind === "field" ? s.prompt : s.text));

describe("proxy editing, split network", { timeout: 300_000 }, () => {
  let t: Session;
  const stored = () => JSON.parse(readFileSync(join(t.twin.state, "config.json"), "utf8"));
  beforeAll(async () => {
    t = await session();
  }, 120_000);
  afterAll(async () => t?.close());

  it("PROXY HOST starts with the LAN gateway and is edited with Delete Previous? / Insert Character?", async () => {
    await select(t.c, "ENABLE STATIC IP ON LAN");
    await t.c.press("enter");
    await typeIpv4(t.c, "010.001.002.003");
    await t.c.press("enter");
    await typeIpv4(t.c, "010.001.002.001");
    for (let i = 0; i < 5; i++) await t.c.press("enter");
    await t.c.press("enter");
    await home(t.c);
    await select(t.c, "ENABLE PROXY");
    let s = await t.c.press("enter");
    expect(text(s)).toBe("PROXY HOST 10.1.2.1");
    await t.c.press("right");
    await t.c.press("right");
    expect(text(await t.c.press("down"))).toBe("Delete Previous? 10.1.2.1");
    s = await t.c.press("enter");
    expect(text(s)).toBe("PROXY HOST 1.1.2.1");
    expect(s.cursor).toMatchObject({ visible: true, row: 5, col: 5 });
    await t.c.press("down");
    expect(text(await t.c.press("down"))).toBe("Insert Character? 1.1.2.1");
    s = await t.c.press("enter");
    expect(text(s)).toBe("PROXY HOST 1 .1.2.1");
    s = await t.c.press("0");
    expect(text(s)).toBe("PROXY HOST 10.1.2.1");
    await t.c.press("down");
    await t.c.press("down");
    expect(text(await t.c.press("down"))).toBe("Done editing? 10.1.2.1");
    s = await t.c.press("enter");
    expect(text(s)).toBe("PROXY PORT 08080");
    for (let i = 0; i < 3; i++) await t.c.press("right");
    await t.c.press("left");
    await t.c.press("left");
    s = await typeField(t.c, "3128");
    expect(s.lcd[0].trim()).toBe("PROXY USER");
    await t.c.press("enter");
    await t.c.press("enter");
    await t.c.press("enter");
    await home(t.c);
    expect(stored().proxy).toMatchObject({ host: "10.1.2.1", port: "03128", user: "" });
  });

  it("DISABLE PROXY: two Ups cancel, ENTER disables", async () => {
    const s = await select(t.c, "DISABLE PROXY");
    expect(text(s)).toBe(prompts("proxy-disable")[0]);
    expect(text(await t.c.press("up"))).toBe("DISABLE PROXY");
    expect(text(await t.c.press("up"))).toBe("SETUP NETWORK");
    await t.c.press("enter");
    await downTo(t.c, "DISABLE PROXY");
    await t.c.press("enter");
    await t.c.press("enter");
    await home(t.c);
    expect(stored().proxy).toBeNull();
  });

  it("ENABLE DHCP ON WAN: two Ups cancel; once enabled it reads RENEW DHCP ON WAN", async () => {
    await select(t.c, "ENABLE WAN INTERFACE");
    expect(await menuLabels(t.c)).toEqual(wanMenu({ ...defaultMenuState.ipv4v6, lan: "static" }).map((i) => i.label));
    let s = await t.c.press("enter");
    expect(text(s)).toBe("REALLY ENABLE DHCP ON WAN?");
    expect(text(await t.c.press("up"))).toBe("ENABLE DHCP ON WAN");
    expect(text(await t.c.press("up"))).toBe("SETUP NETWORK");
    await t.c.press("enter");
    await downTo(t.c, "ENABLE WAN INTERFACE");
    await t.c.press("enter");
    await t.c.press("enter");
    await t.c.press("enter");
    await home(t.c);
    expect(stored().wan).toBe("dhcp");
    await select(t.c, "ENABLE WAN INTERFACE");
    s = await t.c.screen();
    expect(text(s)).toBe("RENEW DHCP ON WAN");
    expect(text(await t.c.press("up"))).toBe(menuKeys["wan-interface"].leaveTo!.item);
    if (menuKeys["wan-interface"].leaveTo!.menu === "main") await t.c.press("enter");
  });

  it("with a split network, ETHERNET PORT SETTINGS also offers WAN PORT LINK (REALLY SET WAN TO <value>)", async () => {
    await downTo(t.c, "ETHERNET PORT SETTINGS");
    let s = await t.c.press("enter");
    expect(s.nav).toBe("E<>^v");
    s = await t.c.press("down");
    expect(text(s)).toBe("WAN PORT LINK AUTO");
    s = await t.c.press("right");
    expect(text(s)).toBe("WAN PORT LINK 1GbaseT/Full");
    expect(text(await t.c.press("enter"))).toBe("REALLY SET WAN TO 1GbaseT/Full");
    expect(text(await t.c.press("enter"))).toBe("WAN PORT LINK 1GbaseT/Full");
    expect(stored().ports).toEqual({ lan: "AUTO", wan: "1GbaseT/Full" });
    await t.c.press("up");
    await t.c.press("up");
  });

  it("ENABLE STATIC IP ON WAN asks the oracle's prompts and is renamed CHANGE STATIC IP ON WAN", async () => {
    await t.c.press("enter");
    await downTo(t.c, "ENABLE WAN INTERFACE");
    await t.c.press("enter");
    await downTo(t.c, "ENABLE STATIC IP ON WAN");
    const order = prompts("wan-static");
    let s = await t.c.press("enter");
    expect(text(s)).toBe(order[0]);
    s = await t.c.press("enter");
    expect(s.lcd[0].trim()).toBe(order[1]);
    s = await typeIpv4(t.c, "192.168.050.002");
    expect(s.lcd[0].trim()).toBe(order[2]);
    s = await t.c.press("enter");
    expect(s.lcd[0].trim()).toBe(order[3]);
    s = await typeIpv4(t.c, "192.168.050.001");
    expect(s.lcd[0].trim()).toBe(order[4]);
    s = await typeIpv4(t.c, "192.168.050.053");
    expect(s.lcd[0].trim()).toBe(order[5]);
    s = await t.c.press("enter");
    expect(text(s)).toBe(order[6]);
    await t.c.press("enter");
    await home(t.c);
    expect(stored()).toMatchObject({ wan: "static", wanStatic: { ip: "192.168.050.002", gateway: "192.168.050.001", dns1: "192.168.050.053", dns2: "000.000.000.000" } });
    await select(t.c, "ENABLE WAN INTERFACE");
    expect(await menuLabels(t.c)).toEqual(["ENABLE DHCP ON WAN", "CHANGE STATIC IP ON WAN"]);
  });
});

describe("older appliance model", { timeout: 300_000 }, () => {
  let t: Session;
  beforeAll(async () => {
    t = await session(["--model", "legacy"]);
  }, 120_000);
  afterAll(async () => t?.close());

  it("shows the older model's E-code instead of the error text", async () => {
    const code = errorById("no-carrier-lan").legacy[0];
    expect(code).toMatch(/^E\d\d$/);
    expect(await t.c.lcd()).toBe(`ERROR ${code}`);
  });
});
