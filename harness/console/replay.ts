// Replay: play an asciicast transcript's device output back into a Screen (no device needed).
import { readFile } from "node:fs/promises";
import { readLcd, type Lcd } from "./lcd.ts";
import type { ScreenProfile } from "./profile.ts";
import { Screen } from "./screen.ts";
import { parseCast } from "./transcript.ts";

/** The screen after every "o" event of the cast, plus each distinct LCD seen along the way. */
export interface ReplayResult {
  screen: Screen;
  final: Lcd;
  states: { t: number; lcd: Lcd }[];
  keys: { t: number; data: string }[];
}

/** Replay the asciicast at `path` through `profile`; the screen size comes from the cast header. */
export async function replayCast(path: string, profile: ScreenProfile): Promise<ReplayResult> {
  return replayCastText(await readFile(path, "utf8"), profile, path);
}

/** Replay asciicast text (see replayCast). */
export async function replayCastText(text: string, profile: ScreenProfile, source = "asciicast"): Promise<ReplayResult> {
  const { header, events } = parseCast(text, source);
  const screen = new Screen({ cols: header.width, rows: header.height });
  const states: ReplayResult["states"] = [];
  const keys: ReplayResult["keys"] = [];
  let last = "";
  for (const [t, kind, data] of events) {
    if (kind === "i") keys.push({ t, data });
    if (kind !== "o") continue;
    await screen.write(data);
    const lcd = readLcd(screen, profile);
    const key = JSON.stringify(lcd);
    if (key !== last) states.push({ t, lcd });
    last = key;
  }
  return { screen, final: readLcd(screen, profile), states, keys };
}
