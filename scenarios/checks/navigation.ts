// Navigating the Appliance UI: the main menu and its indicators; forbidden characters refused.
import { mainMenu } from "../../fixtures/manual/index.ts";
import { runFlow } from "../../harness/ui/index.ts";
import type { Session } from "../rig.ts";
import { checkSetupMenu, must, readMenu, same } from "./common.ts";
import { staticLan } from "./facts.ts";

/** The main menu: ENTER on the home screen opens it at SETUP NETWORK; its items in order; indicators; EXIT. */
export async function mainMenuItems(s: Session): Promise<void> {
  const at = await s.ui.reach("setup");
  same(s.ui, "ENTER on the home screen", { kind: "menu", menu: "main", item: "SETUP NETWORK" }, at);
  same(s.ui, "main menu items", mainMenu.map((i) => i.label), await readMenu(s.ui));
  await checkSetupMenu(s.ui, "factory defaults");
  await s.ui.reach("home");
}

/** Characters outside a field's set are refused and the value is unchanged (DOMAIN NAME: no '-', no lower case). */
export async function forbiddenCharacters(s: Session): Promise<void> {
  const v = staticLan(s);
  const r = await runFlow(s.ui, "static-lan", { "LAN IP ADDR": v["LAN IP ADDR"], "LAN GATEWAY": v["LAN GATEWAY"], "LAN DNS1": v["LAN DNS1"] }, { stopAt: "DOMAIN NAME" });
  const before = r.state.kind === "field" ? r.state.value : "";
  for (const ch of ["-", "!", "a"]) {
    await s.con.press(ch);
    const back = await s.ui.waitState(`'${ch}' in DOMAIN NAME`, "the DOMAIN NAME field again", (x) => x.kind === "field" && x.prompt === "DOMAIN NAME", s.ui.options.messageMs);
    must(s.ui, back.kind === "field" && back.value === before, `'${ch}' in DOMAIN NAME`, `the character refused (field still "${before.trimEnd()}")`, back.kind === "field" ? `"${back.value.trimEnd()}"` : back.kind);
  }
  await s.ui.reach("setup");
}
