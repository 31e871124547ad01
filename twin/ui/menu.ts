// Menu screens from the oracle: which items a menu shows for the current configuration, and its keys.
import { ethernetMenu, mainMenu, menuKeys, resetMenu, setupNetworkMenu, wanMenu, type MenuId, type MenuItem, type MenuRef, type MenuState } from "../../fixtures/manual/index.ts";
import type { TwinConfig } from "../state/config.ts";
import type { DefectName } from "../defects.ts";

/** The oracle's menu state for a configuration. */
export function menuState(config: TwinConfig): MenuState {
  // DHCP enabled from the menu and a VLAN exclude each other; only the vlan-with-dhcp defect reaches both (shown as a VLAN on DHCP).
  const lan = config.lan === "dhcp-menu" && config.vlan > 0 ? "dhcp" : config.lan;
  return { mode: config.mode, lan, vlan: config.vlan > 0, proxy: config.proxy !== null, wan: config.wan };
}

/** The items of `menu` for `config` (with defects applied). */
export function menuItems(menu: MenuId, config: TwinConfig, defects: ReadonlySet<DefectName>): readonly MenuItem[] {
  const state = menuState(config);
  switch (menu) {
    case "main":
      return mainMenu;
    case "setup-network": {
      let items = setupNetworkMenu(state);
      if (defects.has("no-rename") && state.lan === "static") {
        items = items.map((i) => (i.label === "CHANGE STATIC IP ON LAN" ? { ...i, label: "ENABLE STATIC IP ON LAN" } : i));
      }
      if (defects.has("renew-dhcp-by-default") && state.lan === "dhcp" && !state.vlan) {
        const renew = setupNetworkMenu({ ...state, lan: "dhcp-menu" }).find((i) => i.label === "RENEW DHCP ON LAN")!;
        items = items.map((i) => (i.label === "ENABLE DHCP ON LAN" ? renew : i));
      }
      if (defects.has("vlan-with-dhcp") && state.lan === "dhcp-menu") {
        const vlan = setupNetworkMenu({ ...state, lan: "dhcp" })[1]!;
        items = [items[0]!, vlan, ...items.slice(1)];
      }
      if (defects.has("dhcp-with-vlan") && state.vlan && state.mode === "ipv4v6") {
        const dhcp = setupNetworkMenu({ ...state, vlan: false }).find((i) => i.action.kind === "flow" && /dhcp-lan/.test(i.action.flow));
        if (dhcp) items = [...items.slice(0, 2), dhcp, ...items.slice(2)];
      }
      return items;
    }
    case "wan-interface":
      return wanMenu(state);
    case "reset-network":
      return resetMenu(state.mode);
    case "ethernet-ports":
      return ethernetMenu(state);
  }
}

/** Index of the item labelled `label` in `menu`, or 0 when it is not there (any more). */
export function indexOf(menu: MenuId, label: string, config: TwinConfig, defects: ReadonlySet<DefectName>): number {
  const i = menuItems(menu, config, defects).findIndex((it) => it.label === label);
  return Math.max(0, i);
}

/** Where a key moves in a menu: another index, leave to a ref, or nothing. */
export type MenuMove = { readonly kind: "index"; readonly index: number } | { readonly kind: "leave"; readonly to: MenuRef } | { readonly kind: "none" };

/** Apply Up or Down in `menu` at `index` of `count` items, by the oracle's key rules. */
export function moveInMenu(menu: MenuId, index: number, count: number, dir: "up" | "down"): MenuMove {
  const keys = menuKeys[menu];
  if (dir === "down") {
    if (index + 1 < count) return { kind: "index", index: index + 1 };
    return keys.downWraps ? { kind: "index", index: 0 } : { kind: "none" };
  }
  if (keys.up === "leave") return keys.leaveTo ? { kind: "leave", to: keys.leaveTo } : { kind: "none" };
  if (index > 0) return { kind: "index", index: index - 1 };
  return keys.up === "previous-wrapping" ? { kind: "index", index: count - 1 } : { kind: "none" };
}

/** Which of Up/Down do something in `menu` at `index`. */
export function menuNav(menu: MenuId, index: number, count: number): { up: boolean; down: boolean } {
  return {
    up: moveInMenu(menu, index, count, "up").kind !== "none",
    down: moveInMenu(menu, index, count, "down").kind !== "none" && count > 1,
  };
}
