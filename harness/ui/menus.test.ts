// Menu planning: shortest paths by the oracle's key rules, and the path to each flow's menu item.
import { describe, expect, it } from "vitest";
import { defaultMenuState } from "../../fixtures/manual/index.ts";
import { pathToFlow, planMoves } from "./menus.ts";

const v4 = defaultMenuState.ipv4v6;

describe("menu planning", () => {
  it("uses Up in the main menu ring when it is shorter", () => {
    expect(planMoves("main", v4, "SETUP NETWORK", "EXIT THIS MENU")).toEqual([{ key: "UP", expect: "EXIT THIS MENU" }]);
    expect(planMoves("main", v4, "SETUP NETWORK", "SYSTEM REBOOT")).toEqual([{ key: "DOWN", expect: "SYSTEM REBOOT" }]);
  });

  it("uses only Down in SETUP NETWORK (Up leaves it), wrapping", () => {
    const moves = planMoves("setup-network", v4, "ETHERNET PORT SETTINGS", "ENABLE VLAN ON LAN");
    expect(moves.map((m) => m.key)).toEqual(["DOWN", "DOWN", "DOWN"]);
    expect(moves.at(-1)!.expect).toBe("ENABLE VLAN ON LAN");
  });

  it("finds flows in submenus, under the labels of the configuration", () => {
    expect(pathToFlow("reboot", v4)).toEqual(["SYSTEM REBOOT"]);
    expect(pathToFlow("wan-dhcp", v4)).toEqual(["SETUP NETWORK", "ENABLE WAN INTERFACE", "ENABLE DHCP ON WAN"]);
    expect(pathToFlow("change-static-lan", { ...v4, lan: "static" })).toEqual(["SETUP NETWORK", "CHANGE STATIC IP ON LAN"]);
    expect(() => pathToFlow("change-static-lan", v4)).toThrow(/no menu item starts flow change-static-lan/);
  });
});
