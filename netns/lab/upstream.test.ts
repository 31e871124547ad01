// Upstream platform mode against a namespace standing in for the outside world: its own HTTPS platform (own CA) and
// DNS server, reached through a veth end left in the host namespace as "the uplink". Nothing routes to the host's
// real networks: the uplink's far end is in the outside namespace of this run, and the NIC goes back afterwards.
import { spawn } from "node:child_process";
import { readFile, rm } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDnsmasq, type RunningDnsmasq } from "../services/dnsmasq.ts";
import { startPlatform, type PlatformService } from "../services/platform/launch.ts";
import { loadTopology } from "../topology/load.ts";
import { Deadline, pollUntil } from "../util/deadline.ts";
import { newPrefix, runDir } from "../util/owner.ts";
import { run, runIn } from "../util/sh.ts";
import { Lab } from "./lab.ts";
import { sweep } from "./sweep.ts";
import { hostInterfaces, hostRoutes } from "./testkit/leftovers.ts";
import { parseAddresses, parseGateway, parseUp, upstreamOptions, upstreamTopology, UpstreamError } from "./upstream.ts";

const NAME = "qualysguard.outside.test";
const OWNER = fileURLToPath(new URL("./testkit/owner.ts", import.meta.url));
const REPO = fileURLToPath(new URL("../../", import.meta.url));
const prefix = newPrefix();
const outside = `${prefix}-out`;
const uplink = `${prefix}u0`;
let platform: PlatformService;
let dns: RunningDnsmasq;

beforeAll(async () => {
  const deadline = Deadline.in(45_000, "outside world");
  await run("ip", ["netns", "add", outside]);
  await runIn(outside, "ip", ["link", "set", "lo", "up"]);
  // The uplink stays in the host namespace (no address there: the host routes nothing to it); its peer is outside.
  await run("ip", ["link", "add", uplink, "type", "veth", "peer", "name", `${prefix}o0`, "netns", outside]);
  await runIn(outside, "ip", ["addr", "add", "198.18.77.1/24", "dev", `${prefix}o0`]);
  await runIn(outside, "ip", ["link", "set", `${prefix}o0`, "up"]);
  await run("ip", ["link", "set", uplink, "up"]);
  const dir = runDir(prefix);
  platform = await startPlatform({ ns: outside, dir: join(dir, "platform"), address: "198.18.77.1", names: [NAME], ownerPid: process.pid }, deadline);
  dns = await startDnsmasq({ ns: outside, dir: join(dir, "dns"), prefix }, { interfaces: [`${prefix}o0`], dns: { records: [{ name: NAME, address: "198.18.77.1" }] } }, deadline);
});

afterAll(async () => {
  await dns?.stop();
  await platform?.stop();
  await run("ip", ["netns", "del", outside], { allowFailure: true }); // takes the veth pair (and the uplink) with it
  await rm(runDir(prefix), { recursive: true, force: true });
});

/** Resolve `name` inside `ns` through the DNS server at `server` (as a LAN client would with the lab's DNS). */
async function resolveIn(ns: string, server: string, name: string): Promise<string> {
  const script = `const r=new (require("node:dns").promises.Resolver)();r.setServers([${JSON.stringify(server)}]);r.resolve4(${JSON.stringify(name)}).then(a=>console.log(a.join(",")),e=>{console.log("ERR "+e.code);})`;
  return (await runIn(ns, process.execPath, ["-e", script], { timeoutMs: 15_000 })).stdout.trim();
}

const options = { uplink, url: `https://${NAME}`, dns: ["198.18.77.1"], address: "198.18.77.2/24", gateway: "198.18.77.1" };

describe("upstream platform mode", () => {
  it("a LAN client reaches the outside platform by name through the lab DNS and the NAT; the NIC comes back", async () => {
    let prefixOfLab = "";
    {
      await using lab = await Lab.up("standard", { upstream: options });
      prefixOfLab = lab.prefix;
      expect(lab.services.cloud?.platform).toBeUndefined(); // no emulator: the uplink takes the cloud's role
      expect(lab.upstream).toMatchObject({ router: "lanrtr", inside: "up0", address: "198.18.77.2/24", gateway: "198.18.77.1" });
      expect(await hostInterfaces()).not.toContain(uplink);
      expect(JSON.parse(await readFile(join(lab.dir, "nics.json"), "utf8"))).toMatchObject([{ ns: lab.ns("lanrtr"), inside: "up0" }]);
      expect((await lab.exec("lanrtr", "ip", ["-o", "addr", "show", "dev", "up0"])).stdout).toContain("198.18.77.2/24");
      // The lab DNS forwards the platform's name to the outside resolver and still answers its own names.
      expect(await resolveIn(lab.ns("target1"), "10.77.1.1", NAME)).toBe("198.18.77.1");
      expect(await resolveIn(lab.ns("target1"), "10.77.1.1", "target1.lab.test")).toBe("10.77.1.21");
      expect(await resolveIn(lab.ns("target1"), "10.77.1.1", "qualysguard.qualys.test")).toBe("ERR ENOTFOUND");
      // HTTPS from the LAN, trusting only the outside platform's own CA.
      const poll = await lab.exec("target1", "curl", ["-sS", "--cacert", platform.pki.caCert, "--resolve", `${NAME}:443:198.18.77.1`, "-H", "content-type: application/json",
        "-d", '{"serial":"30777","mac":"00:50:56:77:00:01"}', `https://${NAME}/appliance/v1/poll`], { allowFailure: true, timeoutMs: 20_000 });
      expect(poll.stderr).toBe("");
      expect(JSON.parse(poll.stdout)).toMatchObject({ state: "activation-code" });
      // The platform saw the router's uplink address: the LAN client's traffic was masqueraded.
      const portal = async <T>(path: string) => JSON.parse((await run("curl", ["-sS", "--unix-socket", platform.portalSocket, `http://portal/portal/v1${path}`])).stdout) as T;
      const seen = (await portal<{ id: string; serial: string }[]>("/appliances")).find((a) => a.serial === "30777");
      const beats = await portal<{ sourceAddress: string }[]>(`/appliances/${seen!.id}/heartbeats`);
      expect(beats.at(-1)?.sourceAddress.replace(/^::ffff:/, "")).toBe("198.18.77.2");
    }
    // Back in the host namespace under its own name, up; no address or IPv4 route of the outside reached the host.
    expect(await hostInterfaces()).toContain(uplink);
    expect((await run("ip", ["-o", "link", "show", "dev", uplink])).stdout).toMatch(/<[^>]*\bUP\b/);
    expect((await run("ip", ["-o", "-4", "addr", "show", "dev", uplink])).stdout).toBe("");
    expect(await hostRoutes()).not.toMatch(/198\.18\.77\.|10\.77\./);
    expect(prefixOfLab).not.toBe("");
  });

  it("after the lab's owner is SIGKILLed, the sweeper gives the uplink back to the host under its own name", { timeout: 90_000 }, async () => {
    const owner = spawn(process.execPath, ["--import", "tsx", OWNER, "standard", "dnsmasq", "--upstream", JSON.stringify(options)], { cwd: REPO, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    owner.stdout!.on("data", (d) => (out += String(d)));
    owner.stderr!.on("data", (d) => (err += String(d)));
    const info = await pollUntil(() => (out.includes("\n") ? (JSON.parse(out.split("\n")[0]!) as { prefix: string }) : owner.exitCode !== null ? Promise.reject(new Error(err)) : undefined), Deadline.in(60_000, "lab owner up"), {
      describeLast: () => `stdout ${JSON.stringify(out)}, stderr ${JSON.stringify(err.slice(-500))}`,
    });
    expect(await hostInterfaces()).not.toContain(uplink);
    const gone = new Promise((r) => owner.once("exit", r));
    owner.kill("SIGKILL");
    await gone;
    const swept = await sweep(info.prefix);
    expect(swept.removed.map((r) => r.prefix)).toEqual([info.prefix]);
    expect(await hostInterfaces()).toContain(uplink);
  });

  it("a missing uplink fails with the NIC's name; the test uplink stays in the host", async () => {
    const missing = `${prefix}zz`;
    await expect(Lab.up("standard", { upstream: { ...options, uplink: missing } })).rejects.toThrow(
      `Upstream uplink ${missing}: expected a NIC in the host namespace, got none`,
    );
    expect(await hostInterfaces()).toContain(uplink);
  });

  it("an uplink address inside a lab subnet is refused before the NIC moves", async () => {
    await expect(Lab.up("standard", { upstream: { ...options, address: "10.77.9.200/24" } })).rejects.toThrow(
      `Upstream uplink ${uplink}: its address 10.77.9.200/24 overlaps the lab's 10.77.9.1/24 in topology standard`,
    );
    expect(await hostInterfaces()).toContain(uplink);
  });
});

describe("upstream mode's topology and options (pure)", () => {
  it("removes the emulator and its DNS records, forwards the platform's name, finds the router", async () => {
    const o = upstreamOptions(options);
    for (const preset of ["standard", "split"]) {
      const plan = upstreamTopology(await loadTopology(preset), o);
      expect(plan.cloud).toBe("cloud");
      expect(plan.router).toBe(preset === "split" ? "wanrtr" : "lanrtr");
      expect(plan.topology.hosts.cloud?.services?.platform).toBeUndefined();
      const dnsOf = (h: string) => plan.topology.hosts[h]?.services?.dnsmasq?.dns;
      const router = dnsOf(plan.router)!;
      expect(router.records.map((r) => r.name)).not.toContain("qualysguard.qualys.test");
      expect(router.forward).toEqual([{ name: NAME, servers: ["198.18.77.1"] }]);
      if (preset === "split") expect(dnsOf("lanrtr")!.forward).toEqual([]); // the LAN DNS of a split lab knows no platform
    }
  });

  it("rejects bad options naming the field, expected and found", () => {
    expect(() => upstreamOptions({ ...options, url: "http://x" })).toThrow('Expected `url` to be an https:// URL, got "http://x" in Lab.up option `upstream`');
    expect(() => upstreamOptions({ ...options, dns: [] })).toThrow("Expected `dns` to be at least one resolver address, got [] in Lab.up option `upstream`");
    expect(() => upstreamOptions({ ...options, nic: "x" })).toThrow("Expected `nic` to be absent (not a known field; known: uplink, url, dns, address, gateway)");
    expect(() => upstreamOptions({ ...options, address: "198.18.77.2" })).toThrow("Expected `address` to be an IPv4 address with prefix length, e.g. 192.0.2.10/24");
  });

  it("reads a host NIC's addresses, default gateway and link state from ip -j output", () => {
    const addr = '[{"ifname":"eth1","flags":["BROADCAST","UP","LOWER_UP"],"addr_info":[{"family":"inet","local":"192.0.2.10","prefixlen":24},{"family":"inet6","local":"fe80::1","prefixlen":64}]}]';
    expect(parseAddresses(addr)).toEqual(["192.0.2.10/24"]);
    expect(parseUp(addr)).toBe(true);
    expect(parseUp('[{"flags":["BROADCAST"]}]')).toBe(false);
    expect(parseGateway('[{"dst":"default","gateway":"192.0.2.1","dev":"eth1"}]')).toBe("192.0.2.1");
    expect(parseGateway("[]")).toBeUndefined();
  });

  it("a topology without a platform host cannot go upstream", async () => {
    const t = await loadTopology("standard");
    const bare = { ...t, hosts: { ...t.hosts, cloud: { ...t.hosts.cloud!, services: {} } } };
    expect(() => upstreamTopology(bare, upstreamOptions(options))).toThrow(UpstreamError);
    expect(() => upstreamTopology(bare, upstreamOptions(options))).toThrow("Topology standard: upstream mode replaces the platform emulator's host, but no host runs the platform service");
  });
});
