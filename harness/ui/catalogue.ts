// What the screen can show, gathered once from the oracle: menu labels, prompts, confirmations, messages, errors.
import {
  allMenuStates, bootLines, contactingLines, errors, flows, insertDeleteMenu, mainMenu, messages, resetMenu, setupNetworkMenu, wanMenu,
  type ApplianceError, type ConfirmStep, type FieldStep, type MenuId,
} from "../../fixtures/manual/index.ts";
import { normaliseMessage } from "../console/lcd.ts";

/** Menu label -> the menu it belongs to (the ETHERNET PORT screens are fields, not menu items). */
export const menuOfLabel: ReadonlyMap<string, MenuId> = (() => {
  const m = new Map<string, MenuId>();
  for (const i of mainMenu) m.set(i.label, "main");
  for (const s of allMenuStates) {
    for (const i of setupNetworkMenu(s)) m.set(i.label, "setup-network");
    if (s.mode === "ipv4v6") for (const i of wanMenu(s)) m.set(i.label, "wan-interface");
  }
  for (const mode of ["ipv4v6", "ipv6only"] as const) for (const i of resetMenu(mode)) m.set(i.label, "reset-network");
  return m;
})();

const allSteps = Object.values(flows).flatMap((f) => f.steps);

/** Field prompts (and aliases) -> the step that shows them. */
export const fieldOfPrompt: ReadonlyMap<string, FieldStep> = new Map(
  allSteps.flatMap((s) => (s.kind === "field" ? [s.prompt, ...s.aliases].map((p) => [p, s] as const) : [])),
);

/** The insert/delete mode questions shown on line 1 while editing a text field. */
export const questions: ReadonlySet<string> = new Set(insertDeleteMenu);

/** A confirmation text as a pattern (`<value>` matches any value). */
function confirmPattern(text: string): RegExp {
  const esc = normaliseMessage(text).replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace("<value>", "(\\S+)");
  return new RegExp(`^${esc}$`);
}

/** Every confirmation step with its pattern. */
export const confirms: readonly { readonly step: ConfirmStep; readonly re: RegExp }[] = allSteps
  .filter((s): s is ConfirmStep => s.kind === "confirm")
  .map((step) => ({ step, re: confirmPattern(step.text) }));

/** Boot and platform-contact messages (the appliance is busy; wait). */
export const bootTexts: ReadonlySet<string> = new Set([...bootLines, ...contactingLines].map(normaliseMessage));

/** Messages the manual names (flow messages and fixed texts). */
export const messageTexts: ReadonlySet<string> = new Set([
  ...allSteps.flatMap((s) => (s.kind === "message" ? [normaliseMessage(s.text)] : [])),
  ...Object.values(messages).map((m) => normaliseMessage(m.text)),
]);

/** The manual's error texts -> their table rows (an interface-free text may have several rows). */
export const errorsByText: ReadonlyMap<string, ApplianceError> = new Map(errors.map((e) => [normaliseMessage(e.text), e]));
