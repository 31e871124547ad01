// Where management traffic goes and which resolvers it uses: static IP with DNS1 dead and DNS2 working still reaches
// the platform (Configure Static IP Address); in split mode the platform is reached through the WAN only (Split
// Network Configuration), as the platform's own request log shows; a domain\user proxy account works with the
// lab's NTLM-only proxy (Proxy Configuration).
import { errorFor } from "../../fixtures/manual/index.ts";
import { runFlow } from "../../harness/ui/index.ts";
import type { Session } from "../rig.ts";
import { must, same, reachedPlatform } from "./common.ts";
import { portalOf } from "./platform.ts";
import { PROXY } from "./proxy.ts";
import { inSubnet, labOf, served, staticLan } from "./facts.ts";

/** The home screen's kind, or the error text it shows. */
async function homeShown(s: Session): Promise<string> {
  const h = await s.ui.reach("home");
  return h.kind === "error" ? h.text : h.kind;
}

/** Static LAN with DNS1 unreachable and DNS2 the LAN's server: the platform name resolves through DNS2. */
export async function staticDns2(s: Session): Promise<void> {
  await s.ui.reach("home");
  const values = staticLan(s);
  // An address on the LAN where no host answers (a dead DNS1).
  const DEAD_DNS = served(s).host(99);
  await runFlow(s.ui, "static-lan", { ...values, "LAN DNS1": DEAD_DNS, "LAN DNS2": values["LAN DNS1"] });
  same(s.ui, `connection check with DNS1 ${DEAD_DNS} dead and DNS2 ${values["LAN DNS1"]} working`, await reachedPlatform(s), await homeShown(s));
}

/** Split network: factory config can't resolve the platform on the LAN; ENABLE DHCP ON WAN reaches it through the WAN. */
export async function splitThroughWan(s: Session): Promise<void> {
  same(s.ui, "LAN only on the split lab", errorFor({ kind: "dns-cannot-resolve-platform", iface: "LAN" }).text, await homeShown(s));
  await runFlow(s.ui, "wan-dhcp");
  same(s.ui, "connection check with DHCP on the WAN", await reachedPlatform(s), await homeShown(s));
  const seen = (await portalOf(s).requests()).map((r) => r.sourceAddress.replace(/^::ffff:/, ""));
  const wan = labOf(s).network("wan0").subnet;
  must(s.ui, seen.length > 0 && seen.every((a) => inSubnet(a, wan)), "platform requests' source addresses", `only the WAN subnet ${wan}`, seen.join(", ") || "none");
}

/** NTLM proxy (domain\user): ENABLE PROXY with the lab's NTLM proxy reaches the platform (ACTIVATION CODE). */
export async function ntlmProxy(s: Session): Promise<void> {
  await s.ui.reach("home");
  await runFlow(s.ui, "proxy-enable", { ...PROXY, "PROXY USER": "LAB\\scanner" });
  same(s.ui, "connection check through the NTLM proxy as LAB\\scanner", await reachedPlatform(s), await homeShown(s));
}
