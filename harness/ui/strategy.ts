// The strategy above the UI driver (labgrid-style `transition(state)`): read the appliance's configuration from
// its screens, then bring it to a scenario's start state the cheapest way the manual allows (leave menus; undo a
// setting or reset; the flows), power-cycling only for a fresh boot or when the appliance does not answer.
// When it fails it remembers the cause, and later calls fail at once with it.
import type { PowerControl } from "../dut/types.ts";
import type { Ui } from "./driver.ts";
import { StrategyError, strategyBroken } from "./errors.ts";
import { runFlow } from "./flow.ts";
import { beliefOf, checksOf, planStart, resolveStart, type PlanStep, type SeenConfig, type StartSpec, type StartState } from "./start.ts";
import { describeState, isHomeLike, type UiState } from "./state.ts";

/** What the strategy needs besides the driver. */
export interface StrategyOptions {
  /** Power control (a fresh boot; an appliance that does not answer). */
  readonly power?: PowerControl;
  /** Activate the appliance showing `code` (the lab's portal: the manual's web UI step). */
  readonly activate?: (code: string) => Promise<void>;
}

/** What one transition did. */
export interface TransitionReport {
  readonly seen: SeenConfig;
  readonly plan: readonly PlanStep[];
  readonly booted: boolean;
  readonly checks: number;
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
      await this.answering();
      const seen = await this.read();
      const plan = planStart(seen, target);
      for (const step of plan) await this.apply(step);
      await this.activation(target);
      if (target.boot === "fresh") await this.boot();
      else await this.ui.reach("home");
      return { seen, plan, booted: target.boot === "fresh", checks: plan.reduce((a, s) => a + checksOf(s), 0) };
    } catch (error) {
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

  /** Reach the main menu; an appliance that does not answer is power-cycled once (when it can be). */
  private async answering(): Promise<void> {
    try {
      await this.ui.reach("setup");
    } catch (error) {
      if (!this.options.power) throw error;
      const why = (error as Error).message.split("\n")[0]!;
      this.ui.reset();
      await this.options.power.cut();
      await this.options.power.on();
      await this.ui.reach("setup").catch((again: Error) => {
        throw new StrategyError(this.ui.name, "the main menu", `it did not answer (${why}), nor after a power cycle (${again.message.split("\n")[0]})`, { cause: again });
      });
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
    const s = await ui.reach("home");
    if (target.activated === false) {
      if (s.kind === "activation-code") return;
      throw new StrategyError(ui.name, "a not activated appliance", `it shows ${describeState(s)}; neither the console nor the portal can undo an activation (use a fresh twin)`);
    }
    if (s.kind === "home") return;
    if (s.kind !== "activation-code") throw new StrategyError(ui.name, "an activated appliance", `it shows ${describeState(s)}, not its name or an ACTIVATION CODE (the lab's platform does not know it, or its network does not reach the platform)`);
    if (!this.options.activate) throw new StrategyError(ui.name, "an activated appliance", `it shows ${describeState(s)} and this session has no platform portal to activate it`);
    await this.options.activate(s.code);
    // "It may take a few minutes for the Scanner Appliance activation to occur": the next poll shows the name.
    await ui.waitState("activation", "the appliance's name and IP after its activation", (x) => x.kind === "home", ui.checkMs + ui.options.bootMs, "check");
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
