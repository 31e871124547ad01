// The appliance firmware of one power-on: boot, home screen, menus, flows, shutdown.
import type { MenuRef } from "../../fixtures/manual/index.ts";
import { flow as oracleFlow } from "../../fixtures/manual/index.ts";
import { lcdLine, wrapMessage, type Frame, type Nav } from "../console/layout.ts";
import type { Key } from "../console/keys.ts";
import { learn, runCheck, TWIN_VERSIONS, type LearnedValues } from "../network/firmware.ts";
import type { Versions } from "../network/update.ts";
import { NetRuntime } from "./network.ts";
import type { TwinOptions } from "../options.ts";
import type { TwinConfig } from "../state/config.ts";
import type { StateStore } from "../state/store.ts";
import { loadVersions, saveVersions } from "../state/versions.ts";
import { Timers } from "./timers.ts";
import { screens } from "./oracle.ts";
import { homeLines } from "./home.ts";
import { indexOf, menuItems, menuNav, moveInMenu } from "./menu.ts";
import { DURATIONS } from "./durations.ts";
import { FlowRunner } from "./flow.ts";
import type { HomeStatus, Screen } from "./screen.ts";

/** What the firmware asks of the power supply. */
export type PowerRequest = "reboot" | "off";


/** Everything the firmware needs from the box. */
export interface FirmwareDeps {
  readonly options: TwinOptions;
  readonly store: StateStore;
  readonly show: (frame: Frame) => void;
  readonly power: (req: PowerRequest) => void;
}

const NO_KEYS: Nav = { enter: false, left: false, right: false, up: false, down: false };

/** One power-on of the appliance. */
export class Firmware {
  readonly timers: Timers;
  config: TwinConfig;
  screen: Screen = { kind: "dark" };
  status: HomeStatus = { kind: "contacting" };
  /** What the last connection check learned from the network (gateway, SLAAC address). */
  learned: LearnedValues = {};
  private readonly flows: FlowRunner;
  private checkSeq = 0;
  /** Polling, scans and updates after a check that reached the platform (null otherwise). */
  net: NetRuntime | null = null;
  /** Software and signature versions (updates pushed by the platform change them; kept in the state directory). */
  versions: Versions;
  private leds: readonly [boolean, boolean, boolean] = [false, false, false];

  constructor(readonly deps: FirmwareDeps) {
    this.timers = new Timers(deps.options.timeScale);
    this.config = deps.store.load();
    this.versions = { ...loadVersions(deps.options.state, TWIN_VERSIONS) };
    this.flows = new FlowRunner(this);
  }

  get defects() {
    return this.deps.options.defects;
  }

  /** Run the boot messages, then contact the platform. */
  boot(clean: boolean): void {
    const texts = [...screens.boot];
    if (this.defects.has("boot-order")) [texts[1], texts[2]] = [texts[2]!, texts[1]!];
    const durations = DURATIONS.boot.map((ms, i) => (texts[i]?.startsWith("Filesystem") && !clean ? ms + DURATIONS.uncleanFsckExtra : ms));
    // Each message stays at least readableMs in real time, whatever the time scale.
    const step = (i: number): void => {
      if (i >= texts.length) return this.contact(true);
      this.setScreen({ kind: "message", text: texts[i]! });
      this.timers.after(durations[i] ?? 10_000, () => step(i + 1), DURATIONS.readableMs);
    };
    step(0);
  }

  /** Contact the platform with the current configuration and show the outcome on the home screen. A scan in
   *  progress is cancelled first (CANCELING THE ONGOING SCAN), and polling stops until the new check ends. */
  contact(afterBoot = false, proxyJustDisabled = false, configuringProxy = false): void {
    const seq = ++this.checkSeq;
    this.status = { kind: "contacting" };
    const scanning = (this.net?.scanner.s1 ?? false) && !this.defects.has("scan-not-cancelled");
    const stopped = this.stopNet();
    const texts = [...(scanning ? [screens.cancelingScan] : []), ...(afterBoot ? screens.contacting : screens.contacting.slice(0, 1))];
    const durations = [...(scanning ? [DURATIONS.message] : []), ...DURATIONS.contacting];
    // What the check learned (the DHCP gateway, the SLAAC address) is known before its outcome shows: a field
    // pre-filled from it right after (PROXY HOST) never shows the previous check's values.
    const started = stopped.then(() => runCheck(this.config, this.deps.options, this.versions, afterBoot, proxyJustDisabled, configuringProxy)).then(async (checked) => {
      const learned = await learn(this.deps.options, this.config.vlan).catch(() => undefined);
      if (learned && seq === this.checkSeq) this.learned = learned;
      return checked;
    });
    const shown = new Promise<void>((done) => {
      const step = (i: number): void => {
        if (seq !== this.checkSeq) return;
        if (i >= texts.length) return done();
        this.setScreen({ kind: "message", text: texts[i]! });
        this.timers.after(durations[i] ?? 2_000, () => step(i + 1), DURATIONS.readableMs);
      };
      step(0);
    });
    void Promise.all([started, shown]).then(([{ outcome, session }]) => {
      if (this.timers.disposed || seq !== this.checkSeq) return;
      this.status = outcome;
      this.noteActivation(outcome);
      if (session) {
        this.net = new NetRuntime(this.config, session, this.versions, {
          status: (st) => {
            if (this.timers.disposed) return;
            this.status = st;
            this.noteActivation(st);
            if (this.screen.kind === "home") this.setScreen({ kind: "home" });
          },
          leds: (s1, s2) => {
            this.leds = [s1, s2, false];
            if (this.net) this.install(this.net.versions);
            this.redraw();
          },
        });
      }
      this.setScreen({ kind: "home" });
    }, (error: unknown) => {
      console.error(`twin: connection check failed: ${(error as Error).message}`);
    });
  }

  /** A configuration change without a connection check (a port link): a scan in progress is cancelled first,
   *  with CANCELING THE ONGOING SCAN; polling goes on. Then `then`. */
  cancelScans(then: () => void): void {
    const scanning = (this.net?.scanner.s1 ?? false) && !this.defects.has("port-link-scan-kept");
    if (!scanning) return then();
    this.net!.scanner.cancelAll();
    this.setScreen({ kind: "message", text: screens.cancelingScan });
    this.timers.after(DURATIONS.message, then, DURATIONS.readableMs);
  }

  /** Once the platform answers with the appliance's name it is activated: kept on disk (the older model's E13 vs E14). */
  private noteActivation(status: { kind: string; applianceId?: string }): void {
    if (status.kind !== "ready") return;
    const id = status.applianceId ?? this.config.applianceId;
    if (!this.config.activated || id !== this.config.applianceId) this.save({ ...this.config, activated: true, ...(id ? { applianceId: id } : {}) });
  }

  /** Record versions an update installed (in memory and in the state directory). */
  private install(v: Versions): void {
    if (v.software === this.versions.software && v.signatures === this.versions.signatures) return;
    this.versions = v;
    saveVersions(this.deps.options.state, v);
  }

  /** Stop polling, scans and updates of the last check (configuration change, power loss). */
  private stopNet(): Promise<void> {
    const net = this.net;
    this.net = null;
    if (!net) return Promise.resolve();
    this.install(net.versions);
    this.leds = [false, false, false];
    return net.stop();
  }

  private redraw(): void {
    if (!this.timers.disposed) this.deps.show(this.frame());
  }

  /** Power button pressed while running: shut down cleanly. */
  shutdown(): void {
    this.flows.finishShutdown();
  }

  /** The power went (cut, or the box replaced this firmware): stop everything. */
  dispose(): void {
    this.timers.dispose();
    void this.stopNet();
  }

  /** Persist the configuration (with the vlan-not-persisted defect, the VLAN stays in memory only). */
  save(next: TwinConfig): void {
    const onDisk = this.defects.has("vlan-not-persisted") ? { ...next, vlan: this.deps.store.load().vlan } : next;
    this.deps.store.save(onDisk);
    this.config = next;
  }

  /** Show `screen` and redraw. */
  setScreen(screen: Screen): void {
    if (this.timers.disposed) return;
    this.screen = screen;
    this.deps.show(this.frame());
  }

  /** Show a menu at the item labelled `ref.item`. */
  goTo(ref: MenuRef, cancelTo?: MenuRef): void {
    if (ref.menu === "ethernet-ports") {
      this.flows.startPortLink(ref.item);
      return;
    }
    const index = indexOf(ref.menu, ref.item, this.config, this.defects);
    this.setScreen(cancelTo ? { kind: "menu", menu: ref.menu, index, cancelTo } : { kind: "menu", menu: ref.menu, index });
  }

  /** Show a short notice (why an entry was refused), then go back. */
  notice(text: string, back: Screen): void {
    this.setScreen({ kind: "notice", text, back });
    this.timers.after(DURATIONS.notice, () => this.screen.kind === "notice" && this.setScreen(back), DURATIONS.readableMs);
  }

  /** A key from the panel or the remote console. */
  key(key: Key): void {
    const s = this.screen;
    if (s.kind === "home") {
      if (key.kind === "enter") this.goTo({ menu: "main", item: "SETUP NETWORK" });
    } else if (s.kind === "menu") {
      this.menuKey(s, key);
    } else if (s.kind === "flow") {
      this.flows.key(s.run, key);
    }
  }

  private menuKey(s: Extract<Screen, { kind: "menu" }>, key: Key): void {
    const items = menuItems(s.menu, this.config, this.defects);
    if (key.kind === "enter") {
      const item = items[s.index];
      if (!item) return;
      if (item.action.kind === "submenu") this.goTo({ menu: item.action.menu, item: menuItems(item.action.menu, this.config, this.defects)[0]?.label ?? "" });
      else this.flows.start(oracleFlow(item.action.flow));
      return;
    }
    if (key.kind !== "up" && key.kind !== "down") return;
    if (key.kind === "up" && s.cancelTo) {
      this.goTo(s.cancelTo);
      return;
    }
    const move = moveInMenu(s.menu, s.index, items.length, key.kind);
    if (move.kind === "index") this.setScreen({ kind: "menu", menu: s.menu, index: move.index });
    else if (move.kind === "leave") this.goTo(move.to);
  }

  /** The frame the console shows now. */
  frame(): Frame {
    const leds = this.leds;
    const s = this.screen;
    const plain = (lines: [string, string], nav: Nav = NO_KEYS): Frame => ({ lines, nav, leds, cursor: null });
    switch (s.kind) {
      case "dark":
        return plain([lcdLine(""), lcdLine("")]);
      case "message":
        return plain(wrapMessage(s.text));
      case "notice":
        return plain(wrapMessage(s.text));
      case "home":
        return plain(homeLines(this.status, this.deps.options.model), { ...NO_KEYS, enter: true });
      case "menu": {
        const items = menuItems(s.menu, this.config, this.defects);
        const { up, down } = menuNav(s.menu, s.index, items.length);
        const nav = { ...NO_KEYS, enter: true, up: up || Boolean(s.cancelTo), down: down && !this.defects.has("wrong-indicators") };
        return plain(wrapMessage(items[s.index]?.label ?? ""), nav);
      }
      case "flow":
        return this.flows.frame(s.run, leds);
    }
  }
}
