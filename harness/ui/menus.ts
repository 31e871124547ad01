// Menu planning from the oracle: the items of a menu for a believed configuration, and the shortest key path.
import { ethernetMenu, flows, mainMenu, menuKeys, resetMenu, setupNetworkMenu, wanMenu, type FlowId, type MenuId, type MenuItem, type MenuState } from "../../fixtures/manual/index.ts";

/** The items `menu` shows in configuration `state`. */
export function itemsOf(menu: MenuId, state: MenuState): readonly MenuItem[] {
  switch (menu) {
    case "main": return mainMenu;
    case "setup-network": return setupNetworkMenu(state);
    case "wan-interface": return wanMenu(state);
    case "reset-network": return resetMenu(state.mode);
    case "ethernet-ports": return ethernetMenu(state);
  }
}

/** One planned key with the label the oracle predicts after it. */
export interface MenuMove {
  readonly key: "UP" | "DOWN";
  readonly expect: string;
}

/** The shortest Up/Down sequence from `from` to `to` in `menu` (Up only where the menu's Up moves rather than leaves). */
export function planMoves(menu: MenuId, state: MenuState, from: string, to: string): MenuMove[] {
  const labels = itemsOf(menu, state).map((i) => i.label);
  const a = labels.indexOf(from);
  const b = labels.indexOf(to);
  if (a < 0 || b < 0) throw new Error(`planMoves: ${a < 0 ? from : to} is not an item of ${menu} for ${JSON.stringify(state)} (items: ${labels.join(", ")})`);
  const n = labels.length;
  const keys = menuKeys[menu];
  const down = keys.downWraps ? (b - a + n) % n : b >= a ? b - a : Infinity;
  const up = keys.up === "previous-wrapping" ? (a - b + n) % n : keys.up === "previous-stop" && b <= a ? a - b : Infinity;
  if (!Number.isFinite(down) && !Number.isFinite(up)) throw new Error(`planMoves: ${to} cannot be reached from ${from} in ${menu}`);
  const moves: MenuMove[] = [];
  if (up < down) for (let i = 1; i <= up; i++) moves.push({ key: "UP", expect: labels[(a - i + n) % n]! });
  else for (let i = 1; i <= down; i++) moves.push({ key: "DOWN", expect: labels[(a + i) % n]! });
  return moves;
}

/** The menu path from the main menu to the item that starts `flow` in `state` (e.g. [SETUP NETWORK, ENABLE PROXY]). */
export function pathToFlow(id: FlowId, state: MenuState): string[] {
  const entry = flows[id].entry;
  const search = (menu: MenuId, trail: string[]): string[] | null => {
    for (const item of itemsOf(menu, state)) {
      if (item.action.kind === "flow" && item.action.flow === id && entry.includes(item.label)) return [...trail, item.label];
      if (item.action.kind === "submenu") {
        const found = search(item.action.menu, [...trail, item.label]);
        if (found) return found;
      }
    }
    return null;
  };
  const path = search("main", []);
  if (!path) throw new Error(`pathToFlow: no menu item starts flow ${id} in ${JSON.stringify(state)}`);
  return path;
}
