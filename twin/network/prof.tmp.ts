import { labUp, dutContext, config } from "./testkit.ts";
import { requestLease } from "./dhcp.ts";
import { duplicateAddress } from "./addr.ts";
import { resolveName } from "./dns.ts";
import { applyConfig } from "./apply.ts";
import { connectionCheck } from "./check.ts";
async function main() {
const lab = await labUp("standard");
try {
  const ctx = await dutContext(lab);
  let t = performance.now();
  const l = await requestLease(ctx, "lan0"); console.log("lease", performance.now() - t, l); t = performance.now();
  console.log(await duplicateAddress(ctx, "lan0", l!.ip), "arping", performance.now() - t); t = performance.now();
  console.log(await resolveName(ctx, ["10.77.1.1"], "qualysguard.qualys.test", 4), "dns", performance.now() - t); t = performance.now();
  const a = await applyConfig(config(), ctx); console.log("apply", performance.now() - t); t = performance.now();
  const c = await connectionCheck(config(), ctx, { applied: a }); console.log("check", performance.now() - t, c.outcome.kind);
} finally { await lab.down(); }
}
main();
