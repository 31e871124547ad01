// Runs the oracle's flows: confirmations, fields, messages, then the flow's effect and outcome.
import { fillValue, flow as oracleFlow, storedValue, type FieldStep, type Flow, type MenuRef, type Step } from "../../fixtures/manual/index.ts";
import { factoryDefaults, type TwinConfig } from "../state/config.ts";
import { lcdLine, wrapMessage, type Frame } from "../console/layout.ts";
import type { Key } from "../console/keys.ts";
import { prefillValue, storeValues } from "./bindings.ts";
import { editorFor, entered, refusal } from "./fields.ts";
import type { DefectName } from "../defects.ts";
import type { LearnedValues } from "../network/firmware.ts";
import { DURATIONS } from "./durations.ts";
import { menuItems } from "./menu.ts";
import type { FlowRun, Screen } from "./screen.ts";
import type { Timers } from "./timers.ts";

/** What a flow run needs of the firmware it runs in (the firmware passes itself; the flows never import it). */
export interface FlowHost {
  readonly config: TwinConfig;
  readonly defects: ReadonlySet<DefectName>;
  readonly learned: LearnedValues;
  readonly timers: Timers;
  readonly deps: { readonly power: (req: "reboot" | "off") => void };
  setScreen(screen: Screen): void;
  goTo(ref: MenuRef, cancelTo?: MenuRef): void;
  notice(text: string, back: Screen): void;
  save(next: TwinConfig): void;
  cancelScans(then: () => void): void;
  contact(afterBoot?: boolean, proxyJustDisabled?: boolean, configuringProxy?: boolean): void;
}

/** Drives one flow at a time for the firmware. */
export class FlowRunner {
  constructor(private readonly fw: FlowHost) {}

  /** Start `flow` at its first step. */
  start(flow: Flow): void {
    this.enter({ flow, step: 0, values: new Map(), editor: null, ups: 0 });
  }

  /** Show the port-link screen named `item` of ETHERNET PORT SETTINGS (it is the field itself). */
  startPortLink(item: string): void {
    const it = menuItems("ethernet-ports", this.fw.config, this.fw.defects).find((i) => i.label === item);
    if (it?.action.kind === "flow") this.start(oracleFlow(it.action.flow));
  }

  /** Power button or the shutdown flow's end: the last message, then dark. */
  finishShutdown(): void {
    const msg = oracleFlow("shutdown").steps.find((s): s is Extract<Step, { kind: "message" }> => s.kind === "message");
    if (msg && !this.fw.defects.has("no-unplug-message")) {
      this.fw.setScreen({ kind: "message", text: msg.text });
      this.fw.timers.after(DURATIONS.message, () => this.fw.deps.power("off"), DURATIONS.readableMs);
    } else {
      this.fw.deps.power("off");
    }
  }

  private enter(run: FlowRun): void {
    const step = run.flow.steps[run.step];
    run.ups = 0;
    run.editor = null;
    if (!step) return this.finish(run);
    if (step.kind === "field" && step.when === "split" && this.fw.config.wan === "none") return this.next(run);
    if (step.kind === "message") {
      if (run.flow.id === "shutdown") return this.finishShutdown();
      this.fw.setScreen({ kind: "message", text: step.text });
      this.fw.timers.after(DURATIONS.message, () => this.next(run), DURATIONS.readableMs);
      return;
    }
    if (step.kind === "field") run.editor = editorFor(step, prefillValue(step, this.fw.config, this.fw.defects.has("proxy-host-no-dhcp-gateway") ? {} : this.fw.learned), this.fw.config.mode, this.fw.defects);
    this.fw.setScreen({ kind: "flow", run });
  }

  private next(run: FlowRun): void {
    run.step++;
    this.enter(run);
  }

  /** A key on a confirm or field screen of `run`. */
  key(run: FlowRun, key: Key): void {
    const step = run.flow.steps[run.step];
    if (!step || step.kind === "message") return;
    if (step.kind === "confirm") {
      if (key.kind === "enter") return this.next(run);
      if (key.kind !== "up" || this.fw.defects.has("up-no-cancel")) return;
      if (step.cancelUps === 2 && step.afterFirstUp) return this.fw.goTo(step.afterFirstUp, step.cancelTo);
      return this.fw.goTo(step.cancelTo);
    }
    this.fieldKey(run, step, key);
  }

  private fieldKey(run: FlowRun, step: FieldStep, key: Key): void {
    const editor = run.editor!;
    if (key.kind === "enter") {
      if (editor.enter() === "handled") return this.redraw(run);
      const why = refusal(step, editor, this.fw.config.mode, this.fw.defects);
      if (why) return this.fw.notice(why, { kind: "flow", run });
      if (step.field !== "readonly") run.values.set(step.prompt, storedValue(step.field, entered(step, editor)));
      return this.next(run);
    }
    if (key.kind === "up" && step.upQuits) {
      if (this.fw.defects.has("up-no-cancel")) return;
      const q = step.upQuits;
      if (q.ups === 2 && q.afterFirstUp) return this.fw.goTo(q.afterFirstUp, q.to);
      return this.fw.goTo(q.to);
    }
    if (key.kind === "down" && step.field === "portLink") {
      const items = menuItems("ethernet-ports", this.fw.config, this.fw.defects);
      const i = items.findIndex((it) => it.label === step.prompt);
      const nextItem = items[(i + 1) % items.length];
      if (nextItem && nextItem.label !== step.prompt) this.startPortLink(nextItem.label);
      return;
    }
    const result = editor.key(key);
    if (result.kind === "refused") return this.fw.notice(result.reason, { kind: "flow", run });
    if (result.kind === "done") return this.fieldKey(run, step, { kind: "enter" });
    if (result.kind === "changed") this.redraw(run);
  }

  private redraw(run: FlowRun): void {
    this.fw.setScreen({ kind: "flow", run });
  }

  /** Apply the flow's effect, persist, and go where its outcome says. */
  private finish(run: FlowRun): void {
    const fw = this.fw;
    const next: TwinConfig = structuredClone(fw.config);
    const e = run.flow.effect;
    storeValues(run.flow, run.values, next);
    if (e.kind === "set-lan") next.lan = e.lan;
    else if (e.kind === "set-proxy" && !e.enabled) next.proxy = null;
    else if (e.kind === "set-wan") next.wan = e.wan;
    else if (e.kind === "reset") {
      const fresh = factoryDefaults(e.mode === "same" ? next.mode : e.mode);
      if (fw.defects.has("reset-keeps-proxy")) fresh.proxy = next.proxy;
      Object.assign(next, fresh);
    }
    if (e.kind !== "none" && e.kind !== "renew") fw.save(next);
    const o = run.flow.outcome;
    // A change that runs no connection check (port link) still cancels a scan in progress first.
    if (run.flow.cancelsScan && o.kind !== "connection-check") return fw.cancelScans(() => this.proceed(run));
    this.proceed(run);
  }

  /** Go where the flow's outcome says (after its effect was applied). */
  private proceed(run: FlowRun): void {
    const fw = this.fw;
    const e = run.flow.effect;
    const o = run.flow.outcome;
    switch (o.kind) {
      // The older model reports E04 when the check right after DISABLE PROXY finds no connectivity.
      case "connection-check": return fw.contact(false, e.kind === "set-proxy" && !e.enabled && !fw.defects.has("legacy-proxy-disable-forgotten"), e.kind === "set-proxy");
      case "reboot": return fw.deps.power("reboot");
      case "shutdown": return this.finishShutdown();
      case "return": return fw.goTo(o.to);
      case "home": return fw.setScreen({ kind: "home" });
    }
  }

  /** The frame of a confirm or field screen. */
  frame(run: FlowRun, leds: Frame["leds"]): Frame {
    const step = run.flow.steps[run.step];
    const none = { enter: false, left: false, right: false, up: false, down: false };
    if (!step || step.kind === "message") return { lines: [lcdLine(""), lcdLine("")], nav: none, leds, cursor: null };
    if (step.kind === "confirm") {
      const prev = [...run.values.values()].at(-1) ?? "";
      const upCancels = !this.fw.defects.has("up-no-cancel");
      return { lines: wrapMessage(fillValue(step.text, prev)), nav: { ...none, enter: true, up: upCancels }, leds, cursor: null };
    }
    const v = run.editor!.view();
    const prompt = this.fw.defects.has("prompt-typo") && step.prompt === "LAN GATEWAY" ? "LAN GATEWY" : step.prompt;
    const nav = { ...v.nav, ...(step.upQuits ? { up: !this.fw.defects.has("up-no-cancel") } : {}) };
    if (step.field === "portLink") nav.down = menuItems("ethernet-ports", this.fw.config, this.fw.defects).length > 1;
    return {
      lines: [lcdLine(v.top ?? prompt), lcdLine(v.bottom)],
      nav,
      leds,
      cursor: v.cursor === null ? null : { row: 1, col: v.cursor },
    };
  }
}

export type { MenuRef };
