// A scripted appliance panel for calibration tests: the manual's home screen and main menu, drawn on a real PTY at a
// layout of the test's choosing (LCD rows/columns and border, indicator slots and order, LED labels, MAC label).
import { SerialPort } from "serialport";
import { decodeKeys } from "../keys.ts";

/** Where and how the panel draws (1-based rows and columns). */
export interface PanelLayout {
  lcd: { row: number; col: number; width: number; border: string; gap: number };
  nav: { row: number; col: number; order: string; off: string };
  leds: { row: number; col: number; lit: string; litOnHome: 0 | 1 | 2 | 3 };
  mac: { row: number; col: number; label: string; address: string };
  title: string;
}

/** A layout unlike the twin's: LCD at row 12 col 30 between ':' borders, indicators "^vE<>" on row 2, MAC "HWADDR=". */
export const OTHER_LAYOUT: PanelLayout = {
  lcd: { row: 12, col: 30, width: 20, border: ":", gap: 1 },
  nav: { row: 2, col: 70, order: "^vE<>", off: "-" },
  leds: { row: 20, col: 10, lit: "#", litOnHome: 1 },
  mac: { row: 22, col: 41, label: "HWADDR=", address: "0c:c4:7a:12:34:56" },
  title: "QUALYS SCANNER APPLIANCE (serial console)",
};

const MENU = ["SETUP NETWORK", "SYSTEM REBOOT", "SYSTEM SHUTDOWN", "EXIT THIS MENU"];

/** The device side of a PTY pair: home screen (name and IP), ENTER to the main menu, UP/DOWN, EXIT THIS MENU. */
export class Panel {
  /** -1: home screen; 0..: main menu index. */
  private at = -1;
  private awake = false;
  private queue: Promise<void> = Promise.resolve();

  private constructor(private readonly port: SerialPort, private readonly layout: PanelLayout) {
    port.on("data", (d: Buffer) => {
      for (const key of decodeKeys(d.toString("latin1"))) this.queue = this.queue.then(() => this.key(key));
    });
    port.on("error", () => undefined);
  }

  /** Open the peer end; the panel draws nothing until the first ENTER (a fresh console connection). */
  static async attach(path: string, layout: PanelLayout): Promise<Panel> {
    const port = new SerialPort({ path, baudRate: 9600, lock: false, autoOpen: false });
    await new Promise<void>((res, rej) => port.open((e) => (e ? rej(e) : res())));
    return new Panel(port, layout);
  }

  /** Where the panel is: "home" or the menu option shown. */
  get state(): string {
    return this.at < 0 ? "home" : MENU[this.at]!;
  }

  /** A new console connection: the next ENTER only brings up the interface (as the twin does), it is no menu key. */
  newConnection(): void {
    this.awake = false;
  }

  close(): Promise<void> {
    return new Promise((res) => (this.port.isOpen ? this.port.close(() => res()) : res()));
  }

  private async key(key: string): Promise<void> {
    if (!this.awake) {
      if (key !== "ENTER") return;
      this.awake = true;
    } else if (this.at < 0) {
      if (key !== "ENTER") return;
      this.at = 0;
    } else if (key === "DOWN" && this.at < MENU.length - 1) this.at++;
    else if (key === "UP" && this.at > 0) this.at--;
    else if (key === "ENTER" && MENU[this.at] === "EXIT THIS MENU") this.at = -1;
    else return; // nothing to do here: no redraw
    await this.draw();
  }

  private draw(): Promise<void> {
    const L = this.layout;
    const go = (r: number, c: number) => `\x1b[${r};${c}H`;
    const [l1, l2] = this.at < 0 ? ["is_qa_lab", "10.77.1.100"] : [MENU[this.at]!, ""];
    const nav = { E: true, "<": false, ">": false, "^": this.at > 0, v: this.at >= 0 && this.at < MENU.length - 1 };
    const navText = [...L.nav.order].map((s) => (nav[s as keyof typeof nav] ? s : L.nav.off)).join("");
    const lit = this.at < 0 ? L.leds.litOnHome : 0;
    const ledText = [1, 2, 3].map((n) => `S${n}(${n === lit ? L.leds.lit : " "})`).join("  ");
    const b = L.lcd.border;
    let out = `\x1b[?25l\x1b[2J${go(1, 2)}${L.title}`;
    out += `${go(L.lcd.row, L.lcd.col - 1)}${b}${l1.padEnd(L.lcd.width)}${b}`;
    out += `${go(L.lcd.row + L.lcd.gap, L.lcd.col - 1)}${b}${l2.padEnd(L.lcd.width)}${b}`;
    out += `${go(L.nav.row, L.nav.col)}${navText}${go(L.leds.row, L.leds.col)}${ledText}`;
    out += `${go(L.mac.row, L.mac.col)}${L.mac.label}${L.mac.address}`;
    return new Promise((res, rej) => this.port.write(Buffer.from(out, "latin1"), (e) => (e ? rej(e) : this.port.drain(() => res()))));
  }
}
