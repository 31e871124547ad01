// The UI driver: reads the typed state, sends one key at a time confirmed by the screen, and a strategy that
// brings the appliance from any state to the main menu at SETUP NETWORK or to its home screen.
import { defaultMenuState, type MenuState } from "../../fixtures/manual/index.ts";
import { Deadline } from "../../netns/util/deadline.ts";
import type { Console } from "../console/console.ts";
import { ConsoleTimeoutError, LostKeyError } from "../console/errors.ts";
import type { Key } from "../console/keys.ts";
import type { PowerControl } from "../dut/types.ts";
import type { WaitKind, WaitLog } from "../report/projection.ts";
import { noSteps, type StepReporter, type StepScope } from "../report/steps.ts";
import { deviation, StrategyError, strategyBroken } from "./errors.ts";
import { planMoves, itemsOf } from "./menus.ts";
import { stepTowards, type Target } from "./moves.ts";
import { describeState, isHomeLike, parseState, type UiState } from "./state.ts";

/** Timing of the appliance, from the DUT (a twin at time scale 0.01 boots in about a second). */
export interface UiOptions {
  /** Longest boot plus platform contact, ms (hardware: about 3 minutes). */
  readonly bootMs: number;
  /** Longest a message stays on screen by itself, ms. */
  readonly messageMs: number;
  /** Longest connection check (CONTACTING QUALYS to the outcome), ms (default bootMs). */
  readonly checkMs?: number;
  /** Where each wait is recorded (what it awaited, how long): the scenario's appliance time. */
  readonly waits?: WaitLog;
  /** Grace for a redraw that paused mid-way before a screen is judged (default 500 ms; event-driven). */
  readonly redrawMs?: number;
  /** Power control, used when the appliance is found off. */
  readonly power?: PowerControl;
  /** Where each action and check is reported as a step with its screen (a scenario's allure result); default none. */
  readonly steps?: StepReporter;
}

/** Field kinds edited with a visible cursor (value rings and read-only views show none). */
const CURSOR_FIELDS: ReadonlySet<string> = new Set(["ipv4", "vlan", "proxyPort", "proxyHost", "proxyUser", "proxyPassword", "winsDomain", "ipv6"]);

export type { Target } from "./moves.ts";

/** The appliance UI, driven through one console. */
export class Ui {
  /** The configuration the driver believes the appliance has (menus are planned from it). */
  belief: MenuState = defaultMenuState.ipv4v6;
  /** The field prompt being edited (insert/delete questions hide it). */
  lastPrompt: string | null = null;
  private broken: StrategyError | null = null;

  constructor(readonly con: Console, readonly options: UiOptions) {}

  get name(): string {
    return this.con.name;
  }

  /** True when a screen parsed since the last key satisfies `ok` (it may have passed already). */
  shownSinceKey(ok: (s: UiState) => boolean): boolean {
    return this.con.screensSinceKey().some((l) => ok(parseState(l, this.lastPrompt)));
  }

  /** The state on screen now. */
  state(): UiState {
    return parseState(this.con.lcd(), this.lastPrompt);
  }

  /** Where actions and checks are reported. */
  get steps(): StepReporter {
    return this.options.steps ?? noSteps;
  }

  /** Run `body` as the reported step `name`; the screen it leaves is attached to it, also when it failed. */
  private async reported<T>(name: string, body: (scope: StepScope) => Promise<T>): Promise<T> {
    return this.steps.step(name, async (scope) => {
      try {
        return await body(scope);
      } finally {
        if (this.options.steps) scope.screen(this.con.screenText()); // read only where it is reported
      }
    });
  }

  /** Report a check made on this appliance as a step: what the manual says should be shown, what was, the screen. */
  check(name: string, expected: string, shown: string, ok: boolean): void {
    if (this.options.steps) this.options.steps.check(name, { expected, shown, ok, screen: this.con.screenText() });
  }

  /** Send `key`; the screen must change (else a deviation naming `step`). Returns the new state. */
  async press(key: Key, step: string): Promise<UiState> {
    return this.reported(`press ${this.con.keyForLog(key)}: ${step}`, () => this.pressQuiet(key, step));
  }

  private async pressQuiet(key: Key, step: string): Promise<UiState> {
    let s: UiState;
    const t0 = performance.now();
    try {
      s = parseState(await this.con.press(key), this.lastPrompt);
      this.options.waits?.add("key", `${key} (${step})`, performance.now() - t0);
    } catch (error) {
      if (error instanceof LostKeyError) throw deviation(this.name, step, `a screen change after ${key}`, this.state(), error);
      throw error;
    }
    // A redraw paused mid-way (a loaded host) hides the cursor until it ends: wait for the rest of it.
    if (s.kind === "field" && !s.question && s.cursor === null && s.step && CURSOR_FIELDS.has(s.step.field)) {
      const prompt = s.prompt;
      s = await this.waitQuiet(step, `the cursor in ${prompt}`, (x) => !(x.kind === "field" && x.prompt === prompt && x.cursor === null), this.redrawMs).catch(() => this.state());
    }
    return this.track(s);
  }

  /** Send `key` and check the new state with `ok` (allowing the redraw to finish); a deviation names `step` and `expected` otherwise. */
  async pressExpect(key: Key, step: string, expected: string, ok: (s: UiState) => boolean): Promise<UiState> {
    return this.reported(`press ${this.con.keyForLog(key)}: ${step}`, async (scope) => {
      scope.parameter("expected", expected);
      let s = await this.pressQuiet(key, step);
      if (!ok(s)) s = await this.waitQuiet(step, expected, ok, this.redrawMs).catch(() => this.state());
      if (!ok(s)) throw deviation(this.name, step, expected, s);
      return s;
    });
  }

  /** How long a redraw may still be arriving after the console judged the line quiet, ms. */
  get redrawMs(): number {
    return this.options.redrawMs ?? 500;
  }

  /** Send `key` that must change nothing on screen. */
  async pressNoChange(key: Key, step: string): Promise<void> {
    await this.reported(`press ${this.con.keyForLog(key)}: ${step}`, async (scope) => {
      scope.parameter("expected", "no change on screen");
      try {
        await this.con.press(key, { expect: "none" });
      } catch (error) {
        throw deviation(this.name, step, `no change after ${key}`, this.state(), error);
      }
    });
  }

  /** Longest connection check, ms. */
  get checkMs(): number {
    return this.options.checkMs ?? this.options.bootMs;
  }

  /** Wait until the state satisfies `ok` (deviation naming `step` when the deadline passes). `kind` says what
   *  appliance time it is (default: judged from `ms` against the DUT's timings). */
  async waitState(step: string, expected: string, ok: (s: UiState) => boolean, ms: number, kind?: WaitKind): Promise<UiState> {
    return this.reported(`wait for ${expected}: ${step}`, (scope) => {
      scope.parameter("within", `${(ms / 1000).toFixed(1)} s`);
      return this.waitQuiet(step, expected, ok, ms, kind);
    });
  }

  /** As `waitState`, and the line must also have been silent `quietMs` (output that comes in bursts, such as the
   *  echoes of bytes sent at once, has ended). */
  async waitSettled(step: string, expected: string, ok: (s: UiState) => boolean, ms: number, quietMs: number): Promise<UiState> {
    return this.reported(`wait for ${expected}, then a quiet line: ${step}`, (scope) => {
      scope.parameter("within", `${(ms / 1000).toFixed(1)} s`);
      scope.parameter("quiet", `${quietMs} ms`);
      return this.waitQuiet(step, expected, ok, ms, "other", quietMs);
    });
  }

  private async waitQuiet(step: string, expected: string, ok: (s: UiState) => boolean, ms: number, kind?: WaitKind, quietMs = 0): Promise<UiState> {
    const t0 = performance.now();
    const k = kind ?? (ms === this.options.bootMs ? "boot" : ms === this.checkMs ? "check" : ms === this.options.messageMs ? "message" : "other");
    // A boot wait runs on past the boot messages into the first connection check: the time from the first screen
    // after the last boot message is the check's (each kind of appliance time is projected at its own scale).
    let sawBoot = false;
    let pastBoot: number | undefined;
    const judge = (state: UiState) => {
      if (state.kind === "booting") [sawBoot, pastBoot] = [true, undefined];
      else if (sawBoot && pastBoot === undefined && state.kind !== "off") pastBoot = performance.now();
      return ok(state);
    };
    const record = () => {
      const end = performance.now();
      if (k !== "boot" || pastBoot === undefined) return this.options.waits?.add(k, expected, end - t0);
      this.options.waits?.add("boot", `${expected}: the boot messages`, pastBoot - t0);
      this.options.waits?.add("check", `${expected}: after the boot messages`, end - pastBoot);
    };
    try {
      const lcd = await this.con.waitFor((l) => judge(parseState(l, this.lastPrompt)), { deadline: Deadline.in(ms, expected), quietMs });
      record();
      return this.track(parseState(lcd, this.lastPrompt));
    } catch (error) {
      record();
      if (error instanceof ConsoleTimeoutError) throw deviation(this.name, step, expected, this.state(), error);
      throw error;
    }
  }

  /** Bring the appliance to the main menu at SETUP NETWORK ("setup") or to its home screen ("home"). */
  async reach(target: Target): Promise<UiState> {
    if (this.broken) throw strategyBroken(this.name, this.broken);
    const what = target === "setup" ? "the main menu at SETUP NETWORK" : "the home screen";
    const at = (s: UiState) => (target === "home" && isHomeLike(s)) || (target === "setup" && s.kind === "menu" && s.menu === "main" && s.item === "SETUP NETWORK");
    const now = this.state();
    if (at(now)) return now;
    return this.reported(`reach ${what}`, () => this.reachFrom(target, what, at));
  }

  private async reachFrom(target: Target, what: string, at: (s: UiState) => boolean): Promise<UiState> {
    let woken = false;
    try {
      for (let step = 0; step < 40; step++) {
        const s = this.state();
        if (at(s)) return s;
        await stepTowards(this, target, s, woken);
        if (s.kind === "off") woken = true;
      }
      throw new StrategyError(this.name, what, `still at ${describeState(this.state())} after 40 steps`);
    } catch (error) {
      this.broken = error instanceof StrategyError ? error : new StrategyError(this.name, what, (error as Error).message.split("\n")[0]!, { cause: error });
      throw this.broken;
    }
  }

  /** Forget a failed strategy (after the caller repaired the appliance, e.g. by a power cycle). */
  reset(): void {
    this.broken = null;
    this.lastPrompt = null;
  }

  /** In the current menu, move to `label` along the oracle's shortest path, checking each label shown. */
  async moveInMenu(label: string): Promise<UiState> {
    const s = this.state();
    return this.reported(`move to ${label}${s.kind === "menu" ? ` in menu ${s.menu}` : ""}`, () => this.moveQuiet(label));
  }

  private async moveQuiet(label: string): Promise<UiState> {
    let s = this.state();
    if (s.kind !== "menu") throw deviation(this.name, `select ${label}`, "a menu", s);
    const menu = s.menu;
    const labels = itemsOf(menu, this.belief).map((i) => i.label);
    if (!labels.includes(s.item)) throw deviation(this.name, `menu ${menu}`, `one of ${labels.join(", ")}`, s);
    if (!labels.includes(label)) throw deviation(this.name, `select ${label}`, `${label} among the ${menu} items ${labels.join(", ")}`, `not offered for ${JSON.stringify(this.belief)}`);
    for (const m of planMoves(menu, this.belief, s.item, label)) {
      s = await this.pressExpect(m.key, `${m.key} in menu ${menu} towards ${label}`, `menu ${menu} at "${m.expect}"`, (x) => x.kind === "menu" && x.item === m.expect);
    }
    return s;
  }

  /** From the main menu at SETUP NETWORK (reached first), select each label of `path` with ENTER. */
  async select(path: readonly string[]): Promise<UiState> {
    return this.reported(`select ${path.join(" > ")}`, () => this.selectQuiet(path));
  }

  private async selectQuiet(path: readonly string[]): Promise<UiState> {
    let s = await this.reach("setup");
    for (const label of path) {
      const cur = this.state();
      if (cur.kind === "field" && cur.step?.field === "portLink") {
        // The ETHERNET PORT SETTINGS "items" are their own field screens: Down moves between them.
        s = cur.prompt === label ? cur : await this.pressExpect("DOWN", `DOWN to ${label}`, `the ${label} screen`, (x) => x.kind === "field" && x.prompt === label);
        continue;
      }
      await this.moveInMenu(label);
      s = await this.press("ENTER", `ENTER on ${label}`);
    }
    return s;
  }

  private track(s: UiState): UiState {
    if (s.kind === "field" && !s.question) this.lastPrompt = s.prompt;
    return s;
  }
}
