// Software update pushed from the portal: S2 lit while it installs ("S2 tells you a software update to the Scanner
// Appliance is in progress"), then the platform records it installed and the appliance's next polls report the new
// scanner and signature versions, so the portal shows it up to date ("Latest software versions - these are installed
// automatically"). Before the push, the versions it reports after activation are the platform's latest.
import type { Versions } from "../../harness/platform/portal.ts";
import type { Session } from "../rig.ts";
import { same } from "./common.ts";
import { activatedAs, portalOf } from "./platform.ts";
import { awaitOr, led } from "./platform-common.ts";

/** The version after `v` ("6.7.20-1" -> "6.7.21-1"): a newer release for the push. */
const next = (v: string) => v.replace(/^(\d+\.\d+\.)(\d+)/, (_, head: string, n: string) => `${head}${Number(n) + 1}`);

/** Push newer versions from the portal: S2 lit, then dark; update installed; new versions reported and up to date. */
export async function softwareUpdate(s: Session): Promise<void> {
  const { id } = await activatedAs(s, "updater");
  const portal = portalOf(s);
  const before = await awaitOr(s, "versions reported after activation", "the appliance's versions in the preview pane", async () => {
    const v = await portal.appliance(id);
    return v.versions ? v : undefined;
  }, () => "no versions reported");
  same(s.ui, "versions installed as part of the activation = the platform's latest", before.latest, before.versions);
  const target: Versions = { software: next(before.latest.software), signatures: next(before.latest.signatures) };
  await led(s, "s2", false, "S2 before the update is pushed", 5_000);
  const update = await portal.pushUpdate(id, target);
  await led(s, "s2", true, `update to ${target.software} / ${target.signatures} pushed from the portal`);
  await led(s, "s2", false, "update installed");
  const installed = await awaitOr(s, "update state on the platform", "installed", async () => {
    const u = (await portal.updates(id)).find((x) => x.id === update.id);
    return u && u.state !== "pending" && u.state !== "downloading" && u.state !== "installing" ? u : undefined;
  }, () => "still open");
  same(s.ui, "update state on the platform", "installed", installed.state);
  // The versions shown are those of the appliance's own polls after the install.
  const after = Date.parse(installed.updatedAt);
  await awaitOr(s, "a poll after the install", "a heartbeat after the install", async () => (await portal.heartbeats(id)).find((h) => h.path.endsWith("/poll") && Date.parse(h.at) > after), () => "none");
  const view = await portal.appliance(id);
  same(s.ui, "versions the appliance reports after the update", target, view.versions);
  same(s.ui, "preview pane: software up to date", true, view.upToDate);
}
