// IPv6 for scanning on the standard preset (IPv4+v6 mode): off leaves the LAN without a global IPv6 address even
// with a router advertising a prefix; static gives the portal's address; automatic takes one from the RA.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Lab } from "../../netns/lab/lab.ts";
import { startRadvd, type RunningRadvd } from "../../netns/services/index.ts";
import { applyConfig, type Applied } from "./apply.ts";
import type { NetContext } from "./context.ts";
import { applyIpv6Scanning, ipv6ScanAddress } from "./ipv6-scan.ts";
import { config, dutContext, labUp } from "./testkit.ts";

let lab: Lab;
let radvd: RunningRadvd;
let ctx: NetContext;
let applied: Applied;
beforeAll(async () => {
  lab = await labUp("standard");
  await lab.exec("lanrtr", "ip", ["-6", "addr", "add", "fd77:1::1/64", "dev", "br0", "nodad"]);
  radvd = await startRadvd({ ns: lab.ns("lanrtr"), dir: lab.path("services", "radvd-test"), prefix: lab.prefix }, { interface: "br0", prefixes: [{ prefix: "fd77:1::/64" }], minIntervalSeconds: 3, maxIntervalSeconds: 4 });
  ctx = await dutContext(lab);
  applied = await applyConfig(config(), ctx);
}, 90_000);
afterAll(async () => {
  await radvd?.stop();
  await lab?.down();
});

it("off: no LAN IPv6; static: the portal's address; auto: an address from the router advertisement", async () => {
  await applyIpv6Scanning(ctx, applied, { mode: "off" });
  expect(await ipv6ScanAddress(ctx, applied)).toBeNull();
  await applyIpv6Scanning(ctx, applied, { mode: "static", address: "fd77:1::5", prefixLength: 64 });
  expect(await ipv6ScanAddress(ctx, applied)).toBe("fd77:1::5");
  await applyIpv6Scanning(ctx, applied, { mode: "auto" });
  const auto = await ipv6ScanAddress(ctx, applied);
  expect(auto).toMatch(/^fd77:1::/);
  expect(auto).not.toBe("fd77:1::5");
  await applyIpv6Scanning(ctx, applied, { mode: "off" });
  expect(await ipv6ScanAddress(ctx, applied)).toBeNull();
}, 60_000);
