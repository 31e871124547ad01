// Field entry planned from the oracle: digits (IPv4, VLAN, port) typed or scrolled, the netmask and
// port-link rings, text fields by typed characters or by the character ring. Every key is confirmed.
import {
  charIndex, charRing, fieldRules, formatIpv4, isPaddedIpv4, netmaskRing, netmaskToPrefix, nextDigit, nextNetmask, nextPortLink,
  parseIpv4, portLinks, prefixToNetmask, type CharField, type FieldStep, type NetworkMode, type PortLink,
} from "../../fixtures/manual/index.ts";
import { deviation } from "./errors.ts";
import type { Ui } from "./driver.ts";
import type { UiState } from "./state.ts";

/** How characters get into a field: typed on the keyboard, or scrolled with the arrows. */
export type EntryMode = "type" | "ring";

type Field = Extract<UiState, { kind: "field" }>;

function fieldState(ui: Ui, step: FieldStep): Field {
  const s = ui.state();
  if (s.kind !== "field" || s.prompt !== step.prompt) throw deviation(ui.name, `field ${step.prompt}`, `the field "${step.prompt}"`, s);
  return s;
}

/** The value as the field must hold it: IPv4 zero-padded, VLAN 4 digits, port 5 digits, netmask padded. */
export function fieldForm(step: FieldStep, value: string): string {
  switch (step.field) {
    case "ipv4": {
      const octets = parseIpv4(value);
      if (!octets) throw new TypeError(`${step.prompt}: expected an IPv4 address, got ${JSON.stringify(value)}`);
      return formatIpv4(octets);
    }
    case "netmask":
      return /^\/?\d{1,2}$/.test(value) ? prefixToNetmask(Number(value.replace("/", ""))) : prefixToNetmask(netmaskToPrefix(value));
    case "vlan":
      return value.padStart(4, "0");
    case "proxyPort":
      return value.padStart(5, "0");
    default:
      return value;
  }
}

/** Enter `value` into the field on screen (not ENTER). */
export async function enterValue(ui: Ui, step: FieldStep, value: string, mode: EntryMode = "type", netMode: NetworkMode = "ipv4v6"): Promise<void> {
  const target = fieldForm(step, value);
  switch (step.field) {
    case "ipv4":
    case "vlan":
    case "proxyPort":
      return enterDigits(ui, step, target, mode);
    case "netmask":
      return walkRing(ui, step, target, netmaskRing.map(prefixToNetmask), (v, d) => nextNetmask(v, d === "DOWN" ? "down" : "up"), ["DOWN", "UP"]);
    case "portLink":
      return walkRing(ui, step, target, portLinks, (v, d) => nextPortLink(v as PortLink, d === "RIGHT" ? "right" : "left"), ["RIGHT", "LEFT"]);
    case "ipv6Prefix":
    case "readonly":
      throw new TypeError(`${step.prompt}: entry of ${step.field} fields is not supported by this driver yet`);
    default:
      return enterText(ui, step, step.field as CharField, target, mode, netMode);
  }
}

/** Digits fields: the shown value must already be in the padded form (a manual rule), then digit by digit. */
async function enterDigits(ui: Ui, step: FieldStep, target: string, mode: EntryMode): Promise<void> {
  let s = fieldState(ui, step);
  const shown = s.value.trimEnd();
  const padded = step.field === "ipv4" ? isPaddedIpv4(shown) : shown.length === target.length && /^\d+$/.test(shown);
  if (!padded) throw deviation(ui.name, `field ${step.prompt}`, `a zero-padded value like ${target.replace(/\d/g, "n")}`, `"${shown}"`);
  const slots = [...target].flatMap((c, i) => (/\d/.test(c) ? [i] : []));
  // Back to the first digit (after a refused value the cursor stays where it was), each LEFT confirmed.
  for (let k = slots.indexOf(s.cursor ?? -1); k > 0; k--) {
    s = (await ui.pressExpect("LEFT", `LEFT in ${step.prompt}`, `the cursor on column ${slots[k - 1]}`, (x) => x.kind === "field" && x.cursor === slots[k - 1])) as Field;
  }
  for (let k = 0; k < slots.length; k++) {
    const pos = slots[k]!;
    const want = target[pos]!;
    const last = k === slots.length - 1;
    if (s.cursor !== pos) throw deviation(ui.name, `field ${step.prompt} digit ${k + 1}`, `the cursor on column ${pos}`, `cursor at ${s.cursor ?? "none"}`);
    if (mode === "type") {
      if (last && s.value[pos] === want) break;
      s = (await ui.press(want, `type ${want} into ${step.prompt}`)) as Field;
      continue;
    }
    let cur = s.value[pos]!;
    const up = (Number(want) - Number(cur) + 10) % 10;
    const key = up <= 5 ? "UP" : "DOWN";
    for (let i = 0; i < Math.min(up, 10 - up); i++) {
      const next = nextDigit(cur, key === "UP" ? "up" : "down");
      s = (await ui.pressExpect(key, `${key} on ${step.prompt} digit ${k + 1}`, `digit ${next}`, (x) => x.kind === "field" && x.value[pos] === next)) as Field;
      cur = next;
    }
    if (!last) s = (await ui.pressExpect("RIGHT", `RIGHT in ${step.prompt}`, `the cursor on column ${slots[k + 1]}`, (x) => x.kind === "field" && x.cursor === slots[k + 1])) as Field;
  }
  const final = fieldState(ui, step).value.trimEnd();
  if (final !== target) throw deviation(ui.name, `field ${step.prompt}`, `"${target}"`, `"${final}"`);
}

/** Value rings: the shortest way round, each value checked against the oracle's next value. */
async function walkRing(ui: Ui, step: FieldStep, target: string, ring: readonly string[], next: (v: string, key: string) => string, keys: [string, string]): Promise<void> {
  let cur = fieldState(ui, step).value.trim();
  const a = ring.indexOf(cur);
  const b = ring.indexOf(target);
  if (a < 0) throw deviation(ui.name, `field ${step.prompt}`, `one of the ring's values`, `"${cur}"`);
  if (b < 0) throw new TypeError(`${step.prompt}: ${target} is not on the ring`);
  const fwd = (b - a + ring.length) % ring.length;
  const key = fwd <= ring.length - fwd ? keys[0] : keys[1];
  while (cur !== target) {
    const want = next(cur, key);
    await ui.pressExpect(key, `${key} on ${step.prompt} from ${cur}`, `"${want}"`, (x) => x.kind === "field" && x.value.trim() === want);
    cur = want;
  }
}

/** Text fields: type each character (or scroll to it), blank out what a longer old value left behind. */
async function enterText(ui: Ui, step: FieldStep, kind: CharField, target: string, mode: EntryMode, netMode: NetworkMode): Promise<void> {
  const rule = fieldRules[step.field];
  const ctx = { mode: netMode };
  const ring = charRing(kind, ctx);
  let s = fieldState(ui, step);
  if (s.cursor !== 0) throw deviation(ui.name, `field ${step.prompt}`, "the cursor on the first character", `cursor at ${s.cursor ?? "none"}`);
  const old = s.value.trimEnd().length;
  const text = target.padEnd(Math.max(target.length, old), " ");
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const atEnd = i >= rule.maxLength - 1;
    if (mode === "type") {
      if (atEnd && s.value[s.cursor ?? 0] === ch) continue;
      const next = await ui.press(ch, `type a character into ${step.prompt}`);
      if (next.kind !== "field" || next.prompt !== step.prompt) throw deviation(ui.name, `field ${step.prompt} character ${i + 1}`, "the character accepted (it is allowed by the manual)", next);
      s = next;
      continue;
    }
    // Ring: Up only (Down opens insert/delete mode in some fields); the character under the cursor shows.
    const col = s.cursor ?? 0;
    const shown = s.value[col] ?? " ";
    let idx = shown === " " ? 0 : charIndex(kind, shown, ctx);
    const goal = ch === " " ? 0 : charIndex(kind, ch, ctx);
    while (idx !== goal) {
      idx = (idx + 1) % ring.length;
      const want = ring[idx]!;
      s = (await ui.pressExpect("UP", `UP on ${step.prompt} character ${i + 1}`, `"${want === " " ? "space" : step.field === "proxyPassword" ? "*" : want}"`, (x) => x.kind === "field" && x.value[col] === want)) as Field;
    }
    if (i < text.length - 1 && !atEnd) s = (await ui.press("RIGHT", `RIGHT in ${step.prompt}`)) as Field;
  }
  checkVisible(ui, step, target, rule.window ?? 16, rule.maxLength);
}

/** The visible window must end the value as the oracle predicts it (masked fields: stars of its length). */
function checkVisible(ui: Ui, step: FieldStep, target: string, window: number, max: number): void {
  const kept = target.length > max ? target.slice(0, max - 1) + target.at(-1)! : target;
  const visible = fieldState(ui, step).value.trimEnd();
  const masked = step.field === "proxyPassword";
  const ok = masked ? /^\**.?$/.test(visible) && visible.length === Math.min(kept.length, window) : (kept === "" ? visible === "" : kept.endsWith(visible.trimStart()) && visible.length > 0);
  if (!ok) throw deviation(ui.name, `field ${step.prompt}`, masked ? `${Math.min(kept.length, window)} masked characters` : `the end of "${kept}" (at most ${max} characters kept)`, masked ? `${visible.length} characters` : `"${visible}"`);
}
