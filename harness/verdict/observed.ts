// What the verdict boundary asks of an open console after a failure: the evidence, the silence, a key re-sent.
import type { Console } from "../console/console.ts";
import type { Key } from "../console/keys.ts";
import { Deadline } from "../../netns/util/deadline.ts";
import { describeState, parseState, type UiState } from "../ui/state.ts";
import type { Observed } from "./classify.ts";
import { lastScreens, type Evidence } from "./outcome.ts";

/** A key the manual makes harmless on `s` (it moves, opens or cancels; it stores nothing), or null. */
export function harmlessKey(s: UiState): Key | null {
  switch (s.kind) {
    case "home": case "activation-code": case "error": case "communication-failure":
      return "ENTER"; // opens the main menu
    case "menu":
      return "DOWN"; // the next option
    case "prompt":
      return "UP"; // cancels the confirmation
    case "field":
      return s.question ? null : "RIGHT"; // moves the cursor; nothing is stored before ENTER
    default:
      return null;
  }
}

/** The console's call log (last 30 entries) and last screens, with the screen now. */
export function evidenceOf(con: Console): Evidence {
  const callLog = con.callLog();
  const screens = lastScreens(callLog);
  const now = describeState(parseState(con.lcd()));
  return { callLog: callLog.slice(-30), screens: screens.at(-1) === now ? screens : [...screens, `now: ${now}`] };
}

/** The console `con` of appliance `device` as the boundary sees it; `keyMs` is how long one key's effect may take. */
export function observedOf(device: string, con: Console, keyMs: number): Observed {
  const press = (key: Key) => con.press(key, { deadline: Deadline.in(2 * keyMs, `the effect of ${key} sent to judge the failure`) }).then(() => true, () => false);
  return {
    device,
    evidence: () => evidenceOf(con),
    lcdText: () => con.lcd().text,
    previousScreen: () => lastScreens(con.callLog(), 2).at(-2) ?? "",
    silentMs: () => con.silentMs(),
    recentBytes: () => con.recentBytes().subarray(-96),
    resend: (key) => press(key as Key),
    probe: async () => {
      const key = harmlessKey(parseState(con.lcd()));
      return key ? press(key) : null;
    },
  };
}
