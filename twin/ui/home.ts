// The home screen: CONTACTING QUALYS, the activation code, name and IP, or the manual's error text.
import { lcdLine, wrapMessage, LCD_COLS } from "../console/layout.ts";
import { ERROR_TEXTS, LEGACY_CODES } from "../net/errors.ts";
import type { HomeStatus } from "./screen.ts";

/** The two LCD lines of the home screen for `status` (legacy model: E-codes instead of texts). */
export function homeLines(status: HomeStatus, model: "current" | "legacy" = "current"): [string, string] {
  switch (status.kind) {
    case "contacting":
      return wrapMessage("CONTACTING QUALYS");
    case "activation-code":
      return [lcdLine("ACTIVATION CODE"), lcdLine(status.code)];
    case "ready": {
      // Name on line 1; IP address on line 2 with the platform indicator in the lower right corner.
      const ip = status.ip.slice(0, LCD_COLS - status.platform.length - 1);
      return [lcdLine(status.name), lcdLine(ip.padEnd(LCD_COLS - status.platform.length) + status.platform)];
    }
    case "error": {
      const code = LEGACY_CODES[status.error];
      if (model === "legacy" && code) return [lcdLine(`ERROR ${code}`), lcdLine("")];
      return wrapMessage(ERROR_TEXTS[status.error]);
    }
  }
}
