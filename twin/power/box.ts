// The box: cable, power supply and console plumbing around one firmware instance per power-on.
// The PTY (cable) lives as long as this process; the firmware is created at power-on and dropped at
// power-off, so a power cycle keeps the terminal attached, as a USB-serial cable survives a power cut.
import { appendFileSync, existsSync } from "node:fs";
import { Cable } from "../cable/cable.ts";
import { KeyInput, DEFAULT_TIMING, type Key } from "../console/keys.ts";
import { Pacer } from "../console/pacer.ts";
import { Renderer } from "../console/renderer.ts";
import type { Frame } from "../console/layout.ts";
import type { TwinOptions } from "../options.ts";
import { StateStore, statePaths } from "../state/store.ts";
import { Firmware, type PowerRequest } from "../ui/firmware.ts";
import { netContextOf } from "../network/firmware.ts";
import { LinkWatch } from "./link-watch.ts";

/** Power state of the box. */
export type Power = "on" | "off";

/** One appliance: its console line, its disk (state dir) and its power. */
export class Box {
  private cable!: Cable;
  private pacer!: Pacer;
  private readonly renderer: Renderer;
  private readonly input: KeyInput;
  private readonly store: StateStore;
  private firmware: Firmware | null = null;
  /** The ports' PHYs while powered on (in a namespace only). */
  private links: LinkWatch | null = null;
  private drawn = false;
  /** The firmware hangs (control `fault silent`): no console output, no keys, no power button, until the plug is pulled. */
  private hung = false;
  private keyCount = 0;
  private exitWaiters: Array<(code: number) => void> = [];

  constructor(readonly options: TwinOptions) {
    this.renderer = new Renderer(options.defects.has("mac-shown-wrong") ? nextMac(options.mac) : options.mac);
    this.store = new StateStore(options.state);
    this.input = new KeyInput(
      { ...DEFAULT_TIMING, keyMs: DEFAULT_TIMING.keyMs * Math.min(1, options.timeScale) },
      (key) => this.onKey(key),
    );
  }

  /** Plug in the cable and press the power button. */
  async start(): Promise<void> {
    this.store.load();
    this.cable = await Cable.open(this.options.console, {
      onConnect: () => this.onConnect(),
      onHangup: () => this.onHangup(),
      onData: (d) => this.input.receive(d),
      onLost: (reason) => this.fail(reason),
    });
    this.pacer = new Pacer(this.cable.out, this.options.pace, this.options.lineScale);
    if (!this.options.startOff) this.powerOn();
  }

  /** The fault the box shows now (`silent`: its firmware hangs), null when none. */
  get fault(): "silent" | null {
    return this.hung ? "silent" : null;
  }

  /** Make the running firmware hang (a lab's fault injection): its console goes silent and ignores keys and the
   *  power button; only a power cut (and the boot after it) ends it. False when the box is off (nothing to hang). */
  hang(): boolean {
    if (!this.firmware) return false;
    this.hung = true;
    return true;
  }

  /** Current power state. */
  get power(): Power {
    return this.firmware ? "on" : "off";
  }

  /** What the LCD shows now (for the control socket's status). */
  get lcd(): readonly string[] {
    return this.firmware ? [...this.firmware.frame().lines] : [];
  }

  /** Scanner software and signature versions the firmware runs (null while powered off). */
  get versions(): { software: string; signatures: string } | null {
    return this.firmware ? { ...this.firmware.versions } : null;
  }

  /** Bytes lost to the full input buffer since start. */
  get lostBytes(): number {
    return this.input.lostBytes;
  }

  /** Power button while off: boot. */
  powerOn(): void {
    if (this.firmware) return;
    const clean = this.store.takeCleanFlag() || !this.booted();
    appendFileSync(statePaths(this.options.state).boots, `${new Date().toISOString()} boot ${clean ? "clean" : "unclean"}\n`);
    this.firmware = new Firmware({
      options: this.options,
      store: this.store,
      show: (frame) => this.show(frame),
      power: (req) => this.onPowerRequest(req),
    });
    this.firmware.boot(clean);
    this.watchLinks(this.firmware);
    if (this.drawn) this.pacer.write(this.renderer.full(this.firmware.frame()));
  }

  /** Power button while on: the firmware shuts down cleanly. */
  powerButton(): void {
    if (this.hung) return;
    this.firmware?.shutdown();
  }

  /** Pull the plug: no clean-shutdown record, the screen goes dark at once. */
  cut(): void {
    if (!this.firmware) return;
    this.hung = false;
    this.firmware.dispose();
    this.firmware = null;
    void this.unwatchLinks();
    this.input.clear();
    this.pacer.discard();
    if (this.drawn) this.pacer.write(this.renderer.clear());
  }

  /** Resolves with the exit code when the box should exit (shutdown without a control socket). */
  exited(): Promise<number> {
    return new Promise((resolve) => this.exitWaiters.push(resolve));
  }

  /** Unplug the cable (process exit). */
  async close(): Promise<void> {
    this.firmware?.dispose();
    this.firmware = null;
    await this.unwatchLinks();
    await this.cable?.close();
  }

  /** Has this box booted before (a boot log exists)? A brand-new box counts as cleanly shut down. */
  private booted(): boolean {
    return existsSync(statePaths(this.options.state).boots);
  }

  private onPowerRequest(req: PowerRequest): void {
    if (req === "reboot") {
      this.store.markClean();
      this.firmware?.dispose();
      this.firmware = null;
      void this.unwatchLinks();
      this.powerOn();
    } else {
      this.store.markClean();
      this.firmware?.dispose();
      this.firmware = null;
      void this.unwatchLinks();
      if (this.drawn) this.pacer.write(this.renderer.clear());
      if (!this.options.control) void this.pacer.idle().then(() => this.exitWaiters.forEach((w) => w(0)));
    }
  }

  /** While `fw` runs, its ports renegotiate with their link partners (only with a namespace: ports exist there). */
  private watchLinks(fw: Firmware): void {
    if (!this.options.netns) return;
    this.links = new LinkWatch(netContextOf(this.options), () => fw.config, (line) => process.stderr.write(`twin: ${line}\n`)).start();
  }

  private unwatchLinks(): Promise<void> {
    const links = this.links;
    this.links = null;
    return links ? links.stop() : Promise.resolve();
  }

  private show(frame: Frame): void {
    if (this.hung) return;
    if (this.drawn) this.pacer.write(this.renderer.update(frame));
  }

  private onConnect(): void {
    this.drawn = false;
    this.renderer.reset();
    this.pacer.discard();
  }

  private onHangup(): void {
    this.drawn = false;
    this.renderer.reset();
    this.pacer.discard();
  }

  private onKey(key: Key): void {
    if (this.hung) return;
    if (!this.drawn) {
      // The first ENTER of a connection only brings up the interface (and the MAC); it is not a menu key.
      if (key.kind === "enter") {
        this.drawn = true;
        this.pacer.write(this.firmware ? this.renderer.full(this.firmware.frame()) : this.renderer.clear());
      }
      return;
    }
    if (!this.firmware) return;
    this.keyCount++;
    if (this.options.defects.has("drop-keys") && this.keyCount % 8 === 0) return;
    this.firmware.key(key);
  }

  private fail(reason: string): void {
    process.stderr.write(`twin: ${reason}\n`);
    this.exitWaiters.forEach((w) => w(1));
  }
}

/** `mac` with its last octet one higher (the mac-shown-wrong defect: another port's address, say). */
function nextMac(mac: string): string {
  const parts = mac.split(":");
  parts[5] = ((parseInt(parts[5]!, 16) + 1) & 255).toString(16).padStart(2, "0");
  return parts.join(":");
}
