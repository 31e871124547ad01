// Running the oracle's flows: select the entry item, walk the steps checking every text on screen
// against the oracle, fill the fields, then await the outcome; the driver's belief follows the effect.
import { defaultMenuState, fillValue, flows, normaliseFlowText, type FieldStep, type Flow, type FlowId, type MenuRef, type Step } from "./oracle.ts";
import { deviation } from "./errors.ts";
import type { Ui } from "./driver.ts";
import { enterValue, fieldForm, type EntryMode } from "./fields.ts";
import { pathToFlow } from "./menus.ts";
import { isHomeLike, type UiState } from "./state.ts";

/** Options of one flow run. */
export interface FlowOptions {
  /** Stop when the step with this text (prompt or confirmation) is on screen, before acting on it. */
  readonly stopAt?: string;
  /** Typed characters (default) or the arrows' rings. */
  readonly mode?: EntryMode;
}

/** Where a run ended: the final state, and the values shown per step. */
export interface FlowResult {
  readonly state: UiState;
  readonly stoppedAt: Step | null;
}

/** What a step's screen must look like. */
function stepText(step: Step, prev: string): string {
  return step.kind === "field" ? step.prompt : fillValue(step.text, prev);
}

/** Does the state show `step`? */
export function shows(s: UiState, step: Step, prev: string): boolean {
  if (step.kind === "field") return s.kind === "field" && !s.question && (s.prompt === step.prompt || step.aliases.includes(s.prompt));
  const want = normaliseFlowText(fillValue(step.text, prev));
  if (step.kind === "confirm") return s.kind === "prompt" && s.text === want;
  return s.kind === "message" && s.text === want;
}

/** Run flow `id` from wherever the appliance is, with `values` per field prompt. */
export async function runFlow(ui: Ui, id: FlowId, values: Readonly<Record<string, string>> = {}, opts: FlowOptions = {}): Promise<FlowResult> {
  const flow = flows[id];
  let s = await ui.select(pathToFlow(id, ui.belief));
  let prev = "";
  const steps = flow.steps.filter((st) => !(st.kind === "field" && st.when === "split" && ui.belief.wan === "none"));
  for (const [i, step] of steps.entries()) {
    const where = `${id} step ${i + 1} (${step.kind} "${stepText(step, prev)}")`;
    if (step.kind === "message") {
      // Already shown since the key and passed (a loaded host read it together with the next screen): seen.
      if (shows(s, step, prev) || ui.shownSinceKey((x) => shows(x, step, prev))) continue;
      s = await ui.waitState(where, `the message "${step.text}"`, (x) => shows(x, step, prev), ui.options.messageMs);
      continue;
    }
    if (!shows(s, step, prev)) throw deviation(ui.name, where, `"${stepText(step, prev)}"`, s);
    if (opts.stopAt && stepText(step, prev) === opts.stopAt) return { state: s, stoppedAt: step };
    if (step.kind === "field") {
      const given = values[step.prompt];
      if (given !== undefined) {
        const enter = () => enterValue(ui, step, given, opts.mode, ui.belief.mode);
        await (step.field === "proxyPassword" ? ui.con.secret(enter) : enter());
      }
      prev = given !== undefined ? fieldForm(step, given) : (s as Extract<UiState, { kind: "field" }>).value.trim();
      s = await ui.press("ENTER", `ENTER on ${step.prompt}`);
      if (s.kind === "message" && !s.known) {
        // A refusal notice goes back to the field by itself; an unknown screen that stays is checked as the next step.
        const shown = s.text;
        s = await ui.waitState(where, "the notice to pass", (x) => !(x.kind === "message" && x.text === shown), ui.options.messageMs).catch(() => ui.state());
        if (s.kind === "field" && s.prompt === step.prompt) throw deviation(ui.name, where, "the value accepted", `refused with "${shown}"`);
      }
    } else {
      s = await ui.press("ENTER", `ENTER on "${step.text}"`);
    }
  }
  s = await awaitOutcome(ui, flow, s);
  believe(ui, flow, values);
  return { state: s, stoppedAt: null };
}

/** Wait for what the flow's outcome says follows. */
async function awaitOutcome(ui: Ui, flow: Flow, s: UiState): Promise<UiState> {
  const o = flow.outcome;
  const where = `${flow.id} outcome (${o.kind})`;
  switch (o.kind) {
    case "connection-check":
    case "home":
      // The contact messages, then the check itself (a scan in progress is cancelled first).
      return ui.waitState(where, "the home screen (name and IP, activation code or an error)", isHomeLike, ui.checkMs + 2 * ui.options.messageMs, "check");
    case "reboot":
      await ui.waitState(where, "the boot messages", (x) => x.kind === "booting", ui.options.bootMs);
      return ui.waitState(where, "the home screen after the reboot", isHomeLike, ui.options.bootMs);
    case "shutdown":
      return ui.waitState(where, "a dark screen", (x) => x.kind === "off", ui.options.bootMs);
    case "return":
      return atRef(s, o.to) ? s : ui.waitState(where, `${o.to.menu} at "${o.to.item}"`, (x) => atRef(x, o.to), ui.options.messageMs);
  }
}

/** Does the state show menu position `ref` (the Ethernet "menu" items are their own field screens)? */
export function atRef(s: UiState, ref: MenuRef): boolean {
  if (ref.menu === "ethernet-ports") return s.kind === "field" && s.prompt === ref.item;
  return s.kind === "menu" && s.menu === ref.menu && s.item === ref.item;
}

/** Update the driver's belief of the configuration from a completed flow. */
function believe(ui: Ui, flow: Flow, values: Readonly<Record<string, string>>): void {
  const b = { ...ui.belief };
  const e = flow.effect;
  if (e.kind === "set-lan") b.lan = e.lan;
  else if (e.kind === "set-vlan") b.vlan = Number(values["VLAN 0-4094"] ?? (b.vlan ? 1 : 0)) > 0;
  else if (e.kind === "set-proxy") b.proxy = e.enabled;
  else if (e.kind === "set-wan") b.wan = e.wan;
  else if (e.kind === "reset") Object.assign(b, defaultMenuState[e.mode === "same" ? b.mode : e.mode]);
  ui.belief = b;
}

/** Cancel the confirmation (or Up-quitting field) on screen with Up, checking each screen the oracle predicts. */
export async function cancel(ui: Ui): Promise<UiState> {
  const s = ui.state();
  const step = s.kind === "prompt" ? s.step : s.kind === "field" ? s.step : null;
  const rule = step?.kind === "confirm" ? { ups: step.cancelUps, to: step.cancelTo, mid: step.afterFirstUp } : step?.kind === "field" && step.upQuits ? { ups: step.upQuits.ups, to: step.upQuits.to, mid: step.upQuits.afterFirstUp } : null;
  if (!rule) throw deviation(ui.name, "cancel", "a confirmation or a field that Up quits", s);
  const label = step!.kind === "confirm" ? step!.text : (step as FieldStep).prompt;
  if (rule.ups === 2 && rule.mid) await ui.pressExpect("UP", `first UP on "${label}"`, `${rule.mid.menu} at "${rule.mid.item}"`, (x) => atRef(x, rule.mid!));
  return ui.pressExpect("UP", `UP cancelling "${label}"`, `${rule.to.menu} at "${rule.to.item}"`, (x) => atRef(x, rule.to));
}
