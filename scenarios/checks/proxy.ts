// Proxy Configuration (and the proxy field rules of Navigating the Appliance UI): enable with host, port,
// user and password; the password masked in the transcript; PROXY USER's 32-character limit.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { enterValue, runFlow } from "../../harness/ui/index.ts";
import type { Session } from "../rig.ts";
import { checkSetupMenu, must, reachedPlatform, same } from "./common.ts";
import { labOf } from "./facts.ts";

/** A throwaway password: it must never be written anywhere. */
export const PROXY_PASSWORD = "Pw7!x_Lab#42";
export const PROXY = Object.freeze({ "PROXY HOST": "PROXY.LAB.TEST", "PROXY PORT": "3128", "PROXY USER": "labuser", "PROXY PASSW": PROXY_PASSWORD });

/** ENABLE PROXY: its prompts, REALLY ENABLE PROXY?, ENABLING PROXY SUPPORT; then CHANGE PROXY PARAMS and DISABLE PROXY. */
export async function proxyEnable(s: Session): Promise<void> {
  await runFlow(s.ui, "proxy-enable", PROXY);
  await checkSetupMenu(s.ui, "proxy enabled");
  await runFlow(s.ui, "proxy-disable");
  await checkSetupMenu(s.ui, "proxy disabled");
}

/** PROXY HOST shows the gateway by default: with VLAN 100 on the trunk, the gateway DHCP gave on that VLAN. */
export async function proxyHostDefault(s: Session): Promise<void> {
  await s.ui.reach("home");
  await runFlow(s.ui, "vlan-enable", { "VLAN 0-4094": "100" });
  const home = await s.ui.reach("home");
  same(s.ui, "connection check on VLAN 100", await reachedPlatform(s), home.kind === "error" ? home.text : home.kind);
  const r = await runFlow(s.ui, "proxy-enable", {}, { stopAt: "PROXY HOST" });
  const shown = r.state.kind === "field" ? r.state.value.trim() : r.state.kind;
  // The gateway the lab's DHCP hands out on VLAN 100 of the LAN cable.
  const VLAN_GATEWAY = labOf(s).network("lan0", { vlan: 100 }).dhcp?.router;
  must(s.ui, shown === VLAN_GATEWAY, "PROXY HOST default with VLAN 100 set", String(VLAN_GATEWAY), shown || "(blank)");
  await s.ui.reach("setup");
}

/** The password typed into PROXY PASSW is in none of the saved files (transcript, screen timeline). */
export async function passwordAbsent(s: Session): Promise<void> {
  await s.con.close();
  const files = readdirSync(s.evidence).filter((f) => /\.(cast|txt|log)$/.test(f));
  must(s.ui, files.length > 0, "saved transcripts", "a transcript to inspect", "none");
  for (const f of files) {
    const path = join(s.evidence, f);
    const text = readFileSync(path, "utf8");
    if (!text.includes(PROXY_PASSWORD)) continue;
    writeFileSync(path, text.split(PROXY_PASSWORD).join("*".repeat(PROXY_PASSWORD.length)));
    must(s.ui, false, `transcript ${f}`, "the proxy password masked", "the password in clear text (file scrubbed after the check)");
  }
}

/** PROXY USER keeps at most 32 characters: a 33rd replaces the last one, the window ends with it. */
export async function proxyUserLimit(s: Session): Promise<void> {
  const r = await runFlow(s.ui, "proxy-enable", { "PROXY HOST": "PROXY.LAB.TEST" }, { stopAt: "PROXY USER" });
  const step = r.stoppedAt!;
  if (step.kind !== "field") throw new Error("PROXY USER is a field step");
  const user = "abcdefghijklmnopqrstuvwxyz0123456"; // 33 characters
  await enterValue(s.ui, step, user);
  await s.ui.reach("setup");
}
