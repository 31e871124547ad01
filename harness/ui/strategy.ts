// The strategy above the UI driver (labgrid-style `transition(state)`): read the appliance's configuration from
// its screens, then bring it to a scenario's start state the cheapest way the manual allows (leave menus; undo a
// setting or reset; the flows), power-cycling only for a fresh boot or when the appliance does not answer.
// When it fails it remembers the cause, and later calls fail at once with it.
import type { PowerControl } from "../dut/types.ts";
import type { Ui } from "./driver.ts";
import { RecoveryFailed, StartUnavailable, StrategyError, strategyBroken } from "./errors.ts";
import { runFlow } from "./flow.ts";
import { beliefOf, checksOf, isFactoryConfig, planStart, resolveStart, type PlanStep, type SeenConfig, type StartSpec, type StartState } from "./start.ts";
import { describeState, isHomeLike, type UiState } from "./state.ts";

/** What the strategy needs besides the driver. */
export interface StrategyOptions {
  /** Power control (a fresh boot; an appliance that does not answer). */
  readonly power?: PowerControl;
  /** Activate the appliance showing `code` (the lab's portal: the manual's web UI step). */
  readonly activate?: (code: string) => Promise<void>;
  /** Where and when the platform account recorded this appliance's activation (a hardware appliance's account outlives
   *  the lab: harness/platform/account.ts); null when it records none, absent when there is no lasting account. */
  readonly activationRecord?: () => Promise<ActivationRecord | null>;
}

/** An activation the platform account recorded. */
export interface ActivationRecord {
  /** The appliance's name for messages (the inventory's). */
  readonly appliance: string;
  readonly at: Date;
  /** The account directory. */
  readonly account: string;
}

/** What one transition did. */
export interface TransitionReport {
  readonly seen: SeenConfig;
  readonly plan: readonly PlanStep[];
  readonly booted: boolean;
  readonly checks: number;
  /** Why the appliance was power-cycled before the start (it did not answer: a hang, a silent console, garbage on
   *  the line), null when it answered. */
  readonly recovered: string | null;
}

/** Brings one appliance (through its driver) to scenario start states. */
export class StartStrategy {
  private broken: StrategyError | null = null;
  /** What this strategy set the IPv6-only LAN to itself (the menu does not show it). */
  private lanV6: "auto6" | "static6" | null = null;

  constructor(readonly ui: Ui, readonly options: StrategyOptions = {}) {}

  /** Read the configuration the screens show: SETUP NETWORK's options, the WAN submenu, the port link screens. */
  async read(): Promise<SeenConfig> {
    const ui = this.ui;
    await ui.select(["SETUP NETWORK"]);
    const labels = await this.menuLabels();
    const mode = labels.includes("ENABLE STATIC IPv6 ON LAN?") ? "ipv6only" : "ipv4v6";
    const lan = mode === "ipv4v6" ? (labels.includes("CHANGE STATIC IP ON LAN") ? "static" : labels.includes("RENEW DHCP ON LAN") ? "dhcp-menu" : "dhcp") : (this.lanV6 ?? "ipv6-unknown");
    let seen: SeenConfig = { mode, lan, vlan: labels.includes("CHANGE VLAN ON LAN"), proxy: labels.includes("CHANGE PROXY PARAMS"), wan: "none", links: { lan: "?", wan: null } };
    ui.belief = beliefOf(seen);
    if (mode === "ipv4v6") {
      const first = await ui.select(["SETUP NETWORK", "ENABLE WAN INTERFACE"]);
      const second = await ui.pressExpect("DOWN", "DOWN in the WAN submenu", "the other WAN option", (x) => x.kind === "menu" && x.menu === "wan-interface" && x.item !== itemOf(first));
      const items = [itemOf(first), itemOf(second)];
      seen = { ...seen, wan: items.includes("RENEW DHCP ON WAN") ? "dhcp" : items.includes("CHANGE STATIC IP ON WAN") ? "static" : "none" };
      ui.belief = beliefOf(seen);
      await ui.reach("setup");
    }
    const lanLink = await ui.select(["SETUP NETWORK", "ETHERNET PORT SETTINGS"]);
    const links = { lan: valueOf(ui, lanLink, "LAN PORT LINK"), wan: null as string | null };
    if (seen.wan !== "none") {
      const wanLink = await ui.pressExpect("DOWN", "DOWN to WAN PORT LINK", "the WAN PORT LINK screen", (x) => x.kind === "field" && x.prompt === "WAN PORT LINK");
      links.wan = valueOf(ui, wanLink, "WAN PORT LINK");
    }
    await ui.reach("setup");
    return { ...seen, links };
  }

  /** Bring the appliance to `spec` (defaults: factory settings, either activation, no boot). With a fresh boot the
   *  configuration is reached first and the boot is the last step: the scenario begins while the appliance boots
   *  (it sees the boot messages and the first connection check in its own lab). */
  async transition(spec: StartSpec | StartState): Promise<TransitionReport> {
    if (this.broken) throw strategyBroken(this.ui.name, this.broken);
    const target = resolveStart(spec);
    try {
      const recovered = await this.answering();
      // Checked first: an appliance that cannot be the never-activated one asked for is skipped before any flow runs.
      if (target.activated === false) await this.activation(target);
      const seen = await this.read();
      const plan = planStart(seen, target);
      // A check in this lab without a boot: the plan's own flows make one, else a reset where the start is the
      // factory configuration (a connection check costs far less than a boot on real hardware).
      if (target.boot === "check" && !plan.some((step) => checksOf(step) > 0) && isFactoryConfig(target)) {
        plan.push({ flow: "reset-all", values: {}, why: "a connection check in this lab (the start is the factory configuration)" });
      }
      for (const step of plan) await this.apply(step);
      await this.activation(target);
      const boot = target.boot === "fresh" || (target.boot === "check" && !plan.some((step) => checksOf(step) > 0));
      if (boot) await this.boot();
      else await this.ui.reach("home");
      return { seen, plan, booted: boot, checks: plan.reduce((a, s) => a + checksOf(s), 0), recovered };
    } catch (error) {
      // A limit of the rig, not a failure: the appliance is in a known state and serves the next scenario.
      if (error instanceof StartUnavailable) throw error;
      this.broken = error instanceof StrategyError ? error : new StrategyError(this.ui.name, "the scenario's start state", (error as Error).message.split("\n")[0]!, { cause: error });
      throw this.broken;
    }
  }

  /** Forget a failure (after the caller repaired the appliance). */
  reset(): void {
    this.broken = null;
    this.ui.reset();
  }

  /** Start a boot and return while it runs: a power cycle (cut, dark, on) where the DUT has power control, else
   *  SYSTEM REBOOT confirmed from the menu. */
  private async boot(): Promise<void> {
    const ui = this.ui;
    if (!this.options.power) {
      await ui.select(["SYSTEM REBOOT"]);
      await ui.pressExpect("ENTER", "ENTER on REALLY REBOOT SYSTEM?", "the reboot to begin", (x) => x.kind !== "prompt");
      ui.reset();
      return;
    }
    ui.reset();
    await this.options.power.cut();
    await ui.waitState("power cut", "a dark screen", (x) => x.kind === "off", ui.options.messageMs, "other");
    await this.options.power.on();
  }

  /** Reach the main menu; an appliance that does not answer (a hang, a silent console, garbage on the line) is
   *  power-cycled once through its driver (when it has one) and brought back to its first screen. Returns why it was
   *  power-cycled (null: it answered). A cycle that fails, or after which it still does not answer, is RecoveryFailed. */
  private async answering(): Promise<string | null> {
    try {
      await this.ui.reach("setup");
      return null;
    } catch (error) {
      if (!this.options.power) throw error;
      const why = (error as Error).message.split("\n")[0]!;
      this.ui.reset();
      try {
        await this.options.power.cut();
        await this.options.power.on();
      } catch (failed) {
        throw new RecoveryFailed(this.ui.name, "the main menu", `it did not answer (${why}), and its power cycle failed (${(failed as Error).message.split("\n")[0]})`, { cause: failed });
      }
      await this.ui.reach("setup").catch((again: Error) => {
        throw new RecoveryFailed(this.ui.name, "the main menu", `it did not answer (${why}), nor after a power cycle (${again.message.split("\n")[0]})`, { cause: again });
      });
      return why;
    }
  }

  /** Run one planned flow and remember what the menus cannot show. */
  private async apply(step: PlanStep): Promise<void> {
    const r = await runFlow(this.ui, step.flow, step.values);
    if (step.flow === "reset-to-ipv6only" || (step.flow === "reset-all" && this.ui.belief.mode === "ipv6only")) this.lanV6 = "auto6";
    if (step.flow === "reset-to-ipv4v6") this.lanV6 = null;
    if (step.flow === "static-ipv6") this.lanV6 = "static6";
    if (r.state.kind === "message" && !r.state.known) throw new StrategyError(this.ui.name, step.why, `${step.flow} ended on ${describeState(r.state)}`);
  }

  /** Activated or not, as the start says: the activation code is activated through the lab's portal (manual, Step 3:
   *  "activate the appliance in the web UI" with the code the LCD shows); the reverse has no way in the manual. */
  private async activation(target: StartState): Promise<void> {
    if (target.activated === "any") return;
    const ui = this.ui;
    let s = await ui.reach("home");
    if (target.activated === false) {
      if (s.kind === "activation-code") return;
      // An error or COMMUNICATION FAILURE hides the activation: the lasting account decides. None recorded (or no
      // lasting account: a twin is new) is taken as never activated; the scenario's own boot or flows make the
      // check it looks at (its lab may well not reach the platform before that, e.g. a LAN without DHCP).
      if ((s.kind === "error" || s.kind === "communication-failure") && !(await this.activationRecorded())) return;
      await this.neverActivatedUnavailable(s);
    }
    if (s.kind === "home") return;
    if (s.kind === "error" || s.kind === "communication-failure") s = await this.nextCheck(s);
    if (s.kind === "home") return;
    if (s.kind !== "activation-code") throw new StrategyError(ui.name, "an activated appliance", `it shows ${describeState(s)}, not its name or an ACTIVATION CODE (the lab's platform does not know it, or its network does not reach the platform)`);
    if (!this.options.activate) throw new StrategyError(ui.name, "an activated appliance", `it shows ${describeState(s)} and this session has no platform portal to activate it`);
    await this.options.activate(s.code);
    // "It may take a few minutes for the Scanner Appliance activation to occur": the next poll shows the name.
    await ui.waitState("activation", "the appliance's name and IP after its activation", (x) => x.kind === "home", ui.checkMs + ui.options.bootMs, "check");
  }

  /** An error or COMMUNICATION FAILURE may be the result of a check made before the appliance was cabled into this
   *  lab (a hardware appliance, between labs): wait for its next connection check here (the poll or retry), then
   *  take what it shows; a screen that stays is returned as it is. */
  private async nextCheck(_shown: UiState): Promise<UiState> {
    const ui = this.ui;
    const settled = (x: UiState) => x.kind === "home" || x.kind === "activation-code";
    const expected = "its name or an ACTIVATION CODE after a connection check in this lab";
    // The cheapest new check the manual gives: RENEW DHCP ON LAN where the LAN is on DHCP; else a boot (its first
    // check is made in this lab). An error that stays after it is what the appliance really sees here.
    if (ui.belief.mode === "ipv4v6" && ui.belief.lan === "dhcp") {
      await runFlow(ui, "renew-dhcp-lan", {});
      await ui.reach("home");
      return ui.waitState("activation", expected, settled, ui.checkMs, "check").catch(() => ui.state());
    }
    await this.boot();
    return ui.waitState("activation", expected, settled, ui.options.bootMs + ui.checkMs, "boot").catch(() => ui.state());
  }

  /** An appliance that is not at ACTIVATION CODE, asked to be never activated: when it reads as activated (its name
   *  and IP, or an error or COMMUNICATION FAILURE where its lasting account lists it as activated) that is a limit
   *  of the rig (no way of the manual undoes an activation): StartUnavailable. Anything else is a failure. */
  /** True when the lasting platform account records this appliance's activation. */
  private async activationRecorded(): Promise<boolean> {
    return Boolean(this.options.activationRecord && (await this.options.activationRecord()));
  }

  private async neverActivatedUnavailable(s: UiState): Promise<never> {
    const ui = this.ui;
    const target = "a never-activated appliance (ACTIVATION CODE)";
    const record = this.options.activationRecord ? await this.options.activationRecord() : null;
    const recorded = record ? `${record.appliance} was activated on ${record.at.toISOString()} (account ${record.account})` : null;
    const why = (detail: string) => `needs an appliance that was never activated; ${detail}`;
    if (s.kind === "home") throw new StartUnavailable(ui.name, target, why(recorded ? `${recorded}; it shows ${describeState(s)}` : `${ui.name} shows its name and IP (${describeState(s)}), so it was activated`));
    if ((s.kind === "error" || s.kind === "communication-failure") && recorded) throw new StartUnavailable(ui.name, target, why(`${recorded}; it shows ${describeState(s)}`));
    throw new StrategyError(ui.name, target, `it shows ${describeState(s)}, neither its name nor an ACTIVATION CODE nor an error`);
  }

  /** The labels of the menu on screen, read with Down until it wraps. */
  private async menuLabels(): Promise<string[]> {
    const ui = this.ui;
    let s: UiState = ui.state();
    const first = itemOf(s);
    const labels = [first];
    for (let i = 0; i < 12; i++) {
      s = await ui.pressExpect("DOWN", "DOWN reading SETUP NETWORK", "the next SETUP NETWORK option", (x) => x.kind === "menu" && x.menu === "setup-network");
      if (itemOf(s) === first) return labels;
      labels.push(itemOf(s));
    }
    throw new StrategyError(ui.name, "the configuration", `SETUP NETWORK did not wrap after 12 Downs (${labels.join(", ")})`);
  }
}

function itemOf(s: UiState): string {
  return s.kind === "menu" ? s.item : describeState(s);
}

function valueOf(ui: Ui, s: UiState, prompt: string): string {
  if (s.kind !== "field" || s.prompt !== prompt) throw new StrategyError(ui.name, `the ${prompt} screen`, `shown ${describeState(s)}`);
  return s.value.trim();
}
