// Helpers the checks share: compare with the oracle (a mismatch is a DeviationError), read whole menus,
// record the boot sequence.
import { normaliseMessage } from "../../harness/console/lcd.ts";
import { DeviationError, isHomeLike, itemsOf, parseState, type UiState } from "../../harness/ui/index.ts";
import type { Ui } from "../../harness/ui/index.ts";
import { flows, type FlowId, type Section } from "../../fixtures/manual/index.ts";
import { Portal } from "../../harness/platform/portal.ts";
import type { Session } from "../rig.ts";
import { Deadline } from "../../netns/util/deadline.ts";
import { expectPoll } from "../../harness/verdict/poll.ts";
import { evidenceOf } from "../../harness/verdict/observed.ts";

/** Throw a deviation unless `shown` equals `expected` (compared as JSON); reported as a check step either way. */
export function same<T>(ui: Ui, step: string, expected: T, shown: T): void {
  const a = JSON.stringify(expected);
  const b = JSON.stringify(shown);
  ui.check(step, a, b, a === b);
  if (a !== b) throw new DeviationError(ui.name, step, a, b);
}

/**
 * What the home screen shows once the appliance has reached the platform: "Once the Scanner Appliance makes a
 * successful connection to the Qualys Cloud Platform you'll see the activation code message" while it is not
 * activated ("The activation code is shown only when the Appliance has not been activated yet"), its name and IP once
 * it is. Which one is the platform's own record of the appliance (a fresh twin is never activated; a hardware
 * appliance may be, in the lab's account).
 */
export async function reachedPlatform(s: Session): Promise<"activation-code" | "home"> {
  const socket = s.lab?.portalSocket;
  if (!socket || !s.dut.serial) return "activation-code";
  const seen = (await new Portal(socket, 5_000).appliances().catch(() => [])).find((a) => a.serial === s.dut.serial);
  return seen?.activation === "activated" ? "home" : "activation-code";
}

/** Throw a deviation unless `ok`; reported as a check step either way. */
export function must(ui: Ui, ok: boolean, step: string, expected: string, shown: string): void {
  ui.check(step, expected, shown, ok);
  if (!ok) throw new DeviationError(ui.name, step, expected, shown);
}

/**
 * The final comparison of a scenario on the screen: poll the LCD (as Playwright's expect.poll) until `accept` holds on
 * its text, for up to one connection check's time (`ms`); else a Deviation with every distinct reading and the
 * manual's screen (`expectedText`) or words (`manual`). `screenText: false` when what is read is no manual text (the older
 * model's "ERROR Exx" layout is the twin's).
 */
export async function screenShows(s: Session, step: string, expected: { text?: string; describe?: string; accept?: (text: string) => boolean; manual?: { section: Section; quote: string }; screenText?: boolean }, ms = s.ui.checkMs): Promise<string> {
  const accept = expected.accept ?? ((t: string) => t === expected.text);
  return expectPoll({
    device: s.ui.name,
    step,
    expected: expected.describe ?? `'${expected.text}'`,
    ...(expected.text !== undefined ? { expectedText: expected.text } : {}),
    ...(expected.manual ? { manual: expected.manual } : {}),
    read: () => s.con.lcd().text,
    accept,
    show: (t) => (t ? { shown: `'${t}'`, ...(expected.screenText === false ? {} : { shownText: t }) } : { shown: "a dark screen" }),
    deadline: Deadline.in(ms, step),
    evidence: () => evidenceOf(s.con),
  });
}

/** The labels of the menu on screen, read with Down until it wraps (each Down confirmed), indicators checked. */
export async function readMenu(ui: Ui): Promise<string[]> {
  let s = ui.state();
  if (s.kind !== "menu") throw new DeviationError(ui.name, "read menu", "a menu", JSON.stringify(s));
  const menu = s.menu;
  const labels = [s.item];
  const expected = itemsOf(menu, ui.belief).length;
  for (let i = 0; i < 12; i++) {
    const nav = ui.con.lcd().nav;
    must(ui, nav.enter && (expected < 2 || nav.down), `indicators at "${labels.at(-1)}" in ${menu}`, "ENTER and DOWN indicators lit", `enter=${nav.enter} down=${nav.down}`);
    s = await ui.press("DOWN", `DOWN in ${menu}`);
    if (s.kind !== "menu" || s.menu !== menu) throw new DeviationError(ui.name, `DOWN in ${menu}`, `another ${menu} item`, JSON.stringify(s));
    if (s.item === labels[0]) return labels;
    labels.push(s.item);
  }
  throw new DeviationError(ui.name, `read ${menu}`, "the menu to wrap", labels.join(", "));
}

/** The SETUP NETWORK items as shown, compared with the oracle's for the driver's belief. */
export async function checkSetupMenu(ui: Ui, step: string): Promise<string[]> {
  await ui.select(["SETUP NETWORK"]);
  const shown = await readMenu(ui);
  same(ui, `${step}: SETUP NETWORK items`, itemsOf("setup-network", ui.belief).map((i) => i.label), shown);
  await ui.reach("setup");
  return shown;
}

/** Texts shown from now until the home screen (consecutive duplicates collapse, as on screen). */
export async function recordUntilHome(s: Session, ms = s.ui.options.bootMs): Promise<{ texts: string[]; home: UiState }> {
  const texts: string[] = [];
  const lcd = await s.con.waitFor(
    (l) => {
      const t = l.text;
      if (t && texts.at(-1) !== t) texts.push(t);
      return isHomeLike(parseState(l));
    },
    { deadline: (await import("../../netns/util/deadline.ts")).Deadline.in(ms, "boot to the home screen") },
  );
  return { texts: texts.slice(0, -1), home: parseState(lcd) };
}

/** Collapse consecutive duplicates and normalise whitespace like the LCD. */
export function onScreen(list: readonly string[]): string[] {
  return list.map(normaliseMessage).filter((t, i, a) => t !== a[i - 1]);
}

/**
 * The LAN DHCP flow that re-runs the connection check in the believed state: ENABLE DHCP ON LAN until DHCP was
 * enabled from the menu (factory, after a reset or a static LAN), then RENEW DHCP ON LAN (fixtures/manual menus).
 */
export function lanDhcpFlow(ui: Ui): "dhcp-lan" | "renew-dhcp-lan" {
  return ui.belief.lan === "dhcp-menu" ? "renew-dhcp-lan" : "dhcp-lan";
}

/** The text of a flow's first confirmation (e.g. REALLY ENABLE DHCP ON LAN?, REALLY SET LAN TO <value>). */
export function confirmText(id: FlowId): string {
  const step = flows[id].steps.find((x) => x.kind === "confirm");
  if (step?.kind !== "confirm") throw new Error(`confirmText: flow ${id} has no confirmation step (steps: ${flows[id].steps.map((x) => x.kind).join(", ")})`);
  return step.text;
}
