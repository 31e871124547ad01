// The appliance's UI state, parsed once from an LCD reading against the oracle catalogue.
import { screens, type ApplianceError, type ConfirmStep, type FieldStep, type MenuId } from "../../fixtures/manual/index.ts";
import type { Lcd } from "../console/lcd.ts";
import { bootTexts, confirms, errorsByText, fieldOfPrompt, menuOfLabel, messageTexts, questions } from "./catalogue.ts";

/** An error the appliance shows: a row of the manual's tables, or an older model's E-code. */
export type ManualError = { readonly kind: "text"; readonly row: ApplianceError } | { readonly kind: "code"; readonly code: string };

/** What the appliance shows, as a typed state. */
export type UiState =
  | { readonly kind: "off" }
  | { readonly kind: "booting"; readonly text: string }
  | { readonly kind: "home"; readonly name: string; readonly ip: string; readonly platform: string }
  | { readonly kind: "activation-code"; readonly code: string }
  | { readonly kind: "communication-failure"; readonly text: string }
  | { readonly kind: "error"; readonly error: ManualError; readonly text: string }
  | { readonly kind: "menu"; readonly menu: MenuId; readonly item: string }
  | { readonly kind: "prompt"; readonly step: ConfirmStep; readonly text: string; readonly value: string | null }
  | { readonly kind: "field"; readonly prompt: string; readonly step: FieldStep | null; readonly value: string; readonly cursor: number | null; readonly question: string | null }
  | { readonly kind: "message"; readonly text: string; readonly known: boolean };

/** States on which ENTER opens the main menu (the screen "name and IP", or what shows instead). */
export function isHomeLike(s: UiState): boolean {
  // COMMUNICATION FAILURE stands where the name and IP stood until the next good poll (manual,
  // "Communication Failure message"); that ENTER opens the menu there too is our reading.
  return s.kind === "home" || s.kind === "activation-code" || s.kind === "error" || s.kind === "communication-failure";
}

/** Parse an LCD reading. `lastPrompt` names the field being edited (insert/delete questions replace line 1). */
export function parseState(lcd: Lcd, lastPrompt: string | null = null): UiState {
  const text = lcd.text;
  if (lcd.blank || text === "") return { kind: "off" };
  const top = lcd.lines[0].trim();
  const field = fieldOfPrompt.get(top);
  if (field) return { kind: "field", prompt: top, step: field, value: lcd.lines[1], cursor: lcd.cursor?.line === 1 ? lcd.cursor.col : null, question: null };
  if (questions.has(top)) {
    return { kind: "field", prompt: lastPrompt ?? top, step: lastPrompt ? (fieldOfPrompt.get(lastPrompt) ?? null) : null, value: lcd.lines[1], cursor: null, question: top };
  }
  for (const c of confirms) {
    const m = c.re.exec(text);
    if (m) return { kind: "prompt", step: c.step, text, value: m[1] ?? null };
  }
  const menu = menuOfLabel.get(text);
  if (menu) return { kind: "menu", menu, item: text };
  if (bootTexts.has(text)) return { kind: "booting", text };
  const row = errorsByText.get(text);
  if (row) return { kind: "error", error: { kind: "text", row }, text };
  const code = /^ERROR (E\d\d)$/.exec(text);
  if (code) return { kind: "error", error: { kind: "code", code: code[1]! }, text };
  if (text === screens.communicationFailure) return { kind: "communication-failure", text };
  if (top === "ACTIVATION CODE") return { kind: "activation-code", code: lcd.lines[1].trim() };
  if (messageTexts.has(text)) return { kind: "message", text, known: true };
  const ip = /^(\S+)\s*(\S*)$/.exec(lcd.lines[1].trim());
  if (/^is_\S+$/.test(top) && ip) return { kind: "home", name: top, ip: ip[1]!, platform: ip[2] ?? "" };
  return { kind: "message", text, known: false };
}

/** One line for messages: `menu setup-network "ENABLE PROXY"`, `field "LAN IP ADDR" = 010.000.000.001`. */
export function describeState(s: UiState): string {
  switch (s.kind) {
    case "off": return "a dark screen";
    case "booting": return `booting "${s.text}"`;
    case "home": return `home ${s.name} ${s.ip} ${s.platform}`.trim();
    case "activation-code": return `activation code ${s.code}`;
    case "communication-failure": return `"${s.text}"`;
    case "error": return `error "${s.text}"`;
    case "menu": return `menu ${s.menu} at "${s.item}"`;
    case "prompt": return `prompt "${s.text}"`;
    case "field": return `field "${s.question ?? s.prompt}" = "${s.step?.field === "proxyPassword" ? s.value.trimEnd().replace(/\S/g, "*") : s.value.trimEnd()}"`;
    case "message": return `${s.known ? "message" : "unknown screen"} "${s.text}"`;
  }
}
