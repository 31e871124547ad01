// Test helpers on top of ConsoleClient: boot to the home screen, walk menus by label, run flows.
import { ConsoleClient, type Screen } from "./client.ts";
import { TwinProcess } from "./twin-process.ts";

/** The LCD text as one line: both lines trimmed and joined by a space (a wrapped label reads whole). */
export function text(s: Screen): string {
  return `${s.lcd[0].trim()} ${s.lcd[1].trim()}`.trim();
}

/** A twin with a console attached and the interface drawn. */
export interface Session {
  readonly twin: TwinProcess;
  readonly c: ConsoleClient;
  close(): Promise<void>;
}

/** Start a twin, attach, press the first ENTER and wait for the home screen (after the connection check). */
export async function session(args: readonly string[] = [], opts: { pace?: boolean; dir?: string } = {}): Promise<Session> {
  const base = opts.pace ? ["--time-scale", "0.01"] : ["--time-scale", "0.01", "--no-pace"];
  const twin = await TwinProcess.start([...base, ...args], opts.dir);
  const c = await ConsoleClient.open(twin.console);
  await c.press("enter");
  await home(c);
  return {
    twin,
    c,
    async close() {
      await c.close();
      await twin.dispose();
    },
  };
}

/** Wait for the home screen (the check's outcome; without a lab: no carrier on LAN). */
export function home(c: ConsoleClient, ms = 15_000): Promise<Screen> {
  return c.waitFor((s) => s.nav === "E...." && !/CONTACTING|Filesystem|Qualys Scanner|Welcome/.test(text(s)), "home screen", ms);
}

/** Press Down until the LCD reads `label` (at most `limit` presses). */
export async function downTo(c: ConsoleClient, label: string, limit = 12): Promise<Screen> {
  let s = await c.screen();
  for (let i = 0; i <= limit; i++) {
    if (text(s) === label) return s;
    s = await c.press("down");
  }
  throw new Error(`'${label}' not reached with Down; last: '${text(s)}'`);
}

/** From the home screen: open SETUP NETWORK and select `label` (ENTER on it). */
export async function select(c: ConsoleClient, label: string): Promise<Screen> {
  await c.press("enter");
  await c.press("enter");
  await downTo(c, label);
  return c.press("enter");
}

/** Read the menu labels of the current menu by pressing Down until it wraps. */
export async function menuLabels(c: ConsoleClient, limit = 12): Promise<string[]> {
  const first = text(await c.screen());
  const labels = [first];
  for (let i = 0; i < limit; i++) {
    const t = text(await c.press("down"));
    if (t === first) return labels;
    labels.push(t);
  }
  throw new Error(`menu did not wrap after ${limit} Downs: ${labels.join(", ")}`);
}

/** Type `value` into the current field with the keyboard, one key at a time, then ENTER. */
export async function typeField(c: ConsoleClient, value: string): Promise<Screen> {
  for (const ch of value) await c.press(ch);
  return c.press("enter");
}

/** Type the digits of a zero-padded IPv4 address (dots skipped) into the field, then ENTER. */
export async function typeIpv4(c: ConsoleClient, padded: string): Promise<Screen> {
  const digits = padded.replaceAll(".", "");
  for (let i = 0; i < digits.length; i++) {
    const s = await c.screen();
    const col = s.cursor.col - 4;
    const last = i === digits.length - 1;
    // At the last digit the cursor stays: typing the digit it already shows changes nothing on screen.
    if (last && s.lcd[1][col] === digits[i]) continue;
    await c.press(digits[i]!);
  }
  return c.press("enter");
}
