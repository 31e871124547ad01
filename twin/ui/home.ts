// The home screen: CONTACTING QUALYS, the activation code, name and IP, or the manual's error text.
import { errorById, screens } from "../../fixtures/manual/index.ts";
import { lcdLine, wrapMessage, LCD_COLS } from "../console/layout.ts";
import type { HomeStatus } from "./screen.ts";

/** The two LCD lines of the home screen for `status` (legacy model: the older model's E-code). */
export function homeLines(status: HomeStatus, model: "current" | "legacy" = "current"): [string, string] {
  switch (status.kind) {
    case "contacting":
      return wrapMessage(screens.connectionCheck[0]);
    case "communication-failure":
      return wrapMessage(screens.communicationFailure);
    case "activation-code":
      return [lcdLine(screens.activationCode), lcdLine(status.code)];
    case "ready": {
      // Name on line 1; IP address on line 2 with the platform indicator in the lower right corner.
      const ip = status.ip.slice(0, LCD_COLS - status.platform.length - 1);
      return [lcdLine(status.name), lcdLine(ip.padEnd(LCD_COLS - status.platform.length) + status.platform)];
    }
    case "error": {
      const e = errorById(status.error);
      // The older model shows its E-code (twin-local layout: "ERROR E10"; the manual shows codes, not a layout).
      // The older model's codes of the check's condition in context (activating, proxy just disabled), else the row's.
      const code = status.legacy?.[0] ?? e.legacy[0];
      if (model === "legacy" && code) return [lcdLine(`ERROR ${code}`), lcdLine("")];
      return wrapMessage(e.text);
    }
  }
}
