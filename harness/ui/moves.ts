// The driver's single recovery moves: from the state on screen, one move towards SETUP NETWORK or the home screen.
// Below the driver (it calls them from `reach`); the start-state strategy (strategy.ts) sits above both.
import { Deadline } from "../../netns/util/deadline.ts";
import type { Console } from "../console/console.ts";
import type { Key } from "../console/keys.ts";
import type { PowerControl } from "../dut/types.ts";
import { StrategyError } from "./errors.ts";
import type { UiState } from "./state.ts";

/** Where the driver can bring the appliance by leaving screens. */
export type Target = "setup" | "home";

/** What a move needs of the driver (the driver satisfies it; no import of the driver here). */
export interface MoveHost {
  readonly name: string;
  readonly con: Console;
  readonly options: { readonly bootMs: number; readonly messageMs: number; readonly power?: PowerControl };
  press(key: Key, step: string): Promise<UiState>;
  pressExpect(key: Key, step: string, expected: string, ok: (s: UiState) => boolean): Promise<UiState>;
  waitState(step: string, expected: string, ok: (s: UiState) => boolean, ms: number): Promise<UiState>;
  moveInMenu(label: string): Promise<UiState>;
}

/** One step from `s` towards `target` (wake or power on, wait out boot, leave menus, prompts and fields). */
export async function stepTowards(ui: MoveHost, target: Target, s: UiState, woken: boolean): Promise<void> {
  const notBusy = (x: UiState) => x.kind !== "booting" && x.kind !== "off" && !(x.kind === "message");
  switch (s.kind) {
    case "off":
      if (!woken) {
        // A fresh console draws nothing until ENTER; an appliance that is off stays dark.
        const lit = await ui.con.press("ENTER", { deadline: Deadline.in(1_500, "wake the console") }).then(() => true, () => false);
        if (lit || !ui.options.power) return;
      } else if (!ui.options.power) throw new Error("the screen is dark and this DUT has no power control");
      await ui.options.power!.on();
      await ui.waitState("power on", "the appliance to boot", (x) => x.kind !== "off", ui.options.bootMs);
      return;
    case "booting":
    case "message":
      await ui.waitState("reach", "the end of boot/messages", notBusy, ui.options.bootMs);
      return;
    case "home":
    case "activation-code":
    case "communication-failure":
    case "error":
      await ui.pressExpect("ENTER", "open the main menu", 'menu main at "SETUP NETWORK"', (x) => x.kind === "menu" && x.menu === "main");
      return;
    case "menu":
      if (s.menu !== "main") {
        await ui.press("UP", `leave ${s.menu}`);
        return;
      }
      await ui.moveInMenu(target === "setup" ? "SETUP NETWORK" : "EXIT THIS MENU");
      if (target === "home") await ui.press("ENTER", "EXIT THIS MENU");
      return;
    case "prompt":
      await ui.press("UP", `cancel "${s.text}"`);
      return;
    case "field":
      if (s.question || s.step?.upQuits) await ui.press("UP", `leave "${s.prompt}"`);
      else await leaveField(ui, s);
      return;
  }
}

/** ENTER on a field to go on; a refusal notice that leads back to the same field is a dead end. */
async function leaveField(ui: MoveHost, s: Extract<UiState, { kind: "field" }>): Promise<void> {
  const next = await ui.press("ENTER", `accept "${s.prompt}" to leave it`);
  if (next.kind !== "message" || next.known) return;
  const back = await ui.waitState(`leave "${s.prompt}"`, "the notice to pass", (x) => !(x.kind === "message" && x.text === next.text), ui.options.messageMs);
  if (back.kind === "field" && back.prompt === s.prompt) throw new StrategyError(ui.name, "a menu", `the field "${s.prompt}" refuses its value "${s.step?.field === "proxyPassword" ? "***" : s.value.trim()}" ("${next.text}")`);
}
