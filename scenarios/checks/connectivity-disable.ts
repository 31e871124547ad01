// The older model's E04 ("No connectivity after the Proxy was disabled"): on a LAN whose only way out is the proxy,
// the appliance reaches the platform through it; DISABLE PROXY leaves no way out, and the first check shows E04
// (manual: "the appliance may return the error code E04 ... After trying to connect for a while, the error code may
// be overwritten by E13").
import { legacyCodesFor } from "../../fixtures/manual/index.ts";
import { runFlow, type UiState } from "../../harness/ui/index.ts";
import type { Session } from "../rig.ts";
import { same, reachedPlatform } from "./common.ts";
import { viaProxy } from "./connectivity.ts";

/** The home screen as text: an E-code, an error's text, or the state's kind. */
const homeText = (h: UiState) => (h.kind !== "error" ? h.kind : h.error.kind === "code" ? h.error.code : h.text);

/** Older model: ENABLE PROXY reaches the platform, DISABLE PROXY then shows E04 on the first check. */
export async function proxyDisabledE04(s: Session): Promise<void> {
  await s.ui.reach("home");
  await runFlow(s.ui, "proxy-enable", viaProxy());
  same(s.ui, "connection check through the lab's proxy", await reachedPlatform(s), homeText(await s.ui.reach("home")));
  await runFlow(s.ui, "proxy-disable");
  // Whatever the direct path's own failure is, the code the older model shows first after disabling is E04.
  const first = legacyCodesFor({ kind: "timeout", viaProxy: false }, { proxyJustDisabled: true })[0];
  same(s.ui, "first connection check after DISABLE PROXY, no direct way out (older model)", first, homeText(await s.ui.reach("home")));
}
