// The parts of the oracle (fixtures/manual) the twin renders from, with the twin-local fallbacks used
// while an oracle entry is missing. Every fallback is listed in FALLBACKS (and in the twin's report).
import * as manual from "../../fixtures/manual/index.ts";

const m = manual as unknown as Record<string, unknown>;

/** Names of oracle entries the twin had to replace with its own fallback (empty when the oracle is complete). */
export const FALLBACKS: string[] = [];

/** Boot messages in order, with how long each shows at time scale 1 (ms). */
export interface TimedMessage {
  readonly text: string;
  readonly ms: number;
}

const BOOT_TEXTS = ["Welcome to Qualys", "Qualys Scanner is starting up...", "Filesystem check in progress...", "Qualys Scanner is coming up..."];
const CONTACT_TEXTS = ["CONTACTING QUALYS", "Filesystem check in progress...", "CONTACTING QUALYS"];

interface Screens {
  readonly boot: readonly string[];
  readonly contacting: readonly string[];
}

/** Boot and connection-phase message texts (manual: System Reboot and Shutdown). */
export const screens: Screens = (() => {
  const s = m.screens as Record<string, unknown> | undefined;
  const boot = (s?.boot ?? s?.bootMessages) as unknown;
  const contacting = (s?.contacting ?? s?.connecting) as unknown;
  const texts = (v: unknown): string[] | undefined =>
    Array.isArray(v) ? v.map((x) => (typeof x === "string" ? x : String((x as { text: string }).text))) : undefined;
  const b = texts(boot);
  const c = texts(contacting);
  if (!b) FALLBACKS.push("screens.boot");
  if (!c) FALLBACKS.push("screens.contacting");
  return { boot: b ?? BOOT_TEXTS, contacting: c ?? CONTACT_TEXTS };
})();

export { manual };
