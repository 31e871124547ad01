// DHCP rows with real leases: a lease without a router, a lease without DNS servers.
import { describe, expect, it } from "vitest";
import { connectionCheck } from "./check.ts";
import { config, dutContext, labUp, preset } from "./testkit.ts";

async function withLease(edit: (dhcp: Record<string, unknown>) => void, name: string) {
  const t = await preset("standard");
  edit((t.hosts.lanrtr!.services as Record<string, Record<string, Record<string, unknown>>>).dnsmasq!.dhcp!);
  t.name = name;
  const lab = await labUp(t);
  try {
    const { outcome } = await connectionCheck(config(), await dutContext(lab));
    return outcome.kind === "error" ? outcome.error.text : outcome.kind;
  } finally {
    await lab.down();
  }
}

describe("DHCP leases", () => {
  it("a lease without a router: LAN DHCP lease has no gateway", async () => {
    expect(await withLease((d) => delete d.router, "no-router")).toBe("LAN DHCP lease has no gateway");
  }, 90_000);
  it("a lease without DNS servers: LAN has no DNS servers", async () => {
    expect(await withLease((d) => (d.dnsServers = []), "no-dns")).toBe("LAN has no DNS servers");
  }, 90_000);
});
