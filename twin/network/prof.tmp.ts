import { labUp, dutContext, config } from "./testkit.ts";
import { requestLease } from "./dhcp.ts";
import { setupIpv4 } from "./addr.ts";
import { installRoutes } from "./routing.ts";
import { removeLanVlans } from "./apply.ts";
import { applyPortLink, carrier } from "./ifaces.ts";
async function main() {
const lab = await labUp("standard");
try {
  const ctx = await dutContext(lab);
  for (let i = 0; i < 2; i++) {
  let t = performance.now();
  const lap = (w: string) => { console.log(w, Math.round(performance.now() - t)); t = performance.now(); };
  await applyPortLink(ctx, "lan0", "AUTO"); lap("portlink");
  await removeLanVlans(ctx, 0); lap("vlans");
  await carrier(ctx, "lan0"); lap("carrier");
  await requestLease(ctx, "lan0"); lap("lease");
  const s = await setupIpv4(ctx, { iface: "LAN", port: "lan0", dev: "lan0", carrier: true }, "dhcp", null); lap("setup");
  await installRoutes(ctx, s, null); lap("routes");
  }
} finally { await lab.down(); }
}
main();
