// The docker backend of lab services, against a real dockerd (this checkout's, started by `.ci/setup --docker`):
// the same assertions as the process backend's preset tests (DHCP lease through dnsmasq, syslog, the platform, squid
// with Basic auth, RA from radvd), plus what is the backend's own: node containers holding the lab's namespaces,
// a service image built once per content, the choice per service, and nothing left after down or after SIGKILL.
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execa } from "execa";
import type Docker from "dockerode";
import type { RunningSyslog } from "../services/syslog.ts";
import { curl, nslookup } from "../services/testclients.ts";
import { clientOn, daemonSocket } from "../services/docker/daemon.ts";
import { ensureDefaultImage } from "../services/docker/image.ts";
import { OWNER_LABEL } from "../services/docker/container.ts";
import { loadTopology } from "../topology/load.ts";
import { Deadline, pollUntil } from "../util/deadline.ts";
import { Lab } from "./lab.ts";
import { sweep } from "./sweep.ts";
import { applyLease, lease } from "./testkit/client.ts";
import { leftovers, NOTHING } from "./testkit/leftovers.ts";
import { sniff } from "./testkit/sniff.ts";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const PLATFORM = "qualysguard.qualys.test";
let docker: Docker;

/** Containers of run `prefix` in the daemon: name, role label, network mode. */
async function containersOf(prefix: string): Promise<{ name: string; role: string; network: string }[]> {
  const list = await docker.listContainers({ all: true, filters: { label: [`${OWNER_LABEL}=${prefix}`] } });
  return list.map((c) => ({ name: c.Names[0]!.slice(1), role: c.Labels["hil.role"] ?? "", network: c.HostConfig.NetworkMode })).sort((a, b) => a.name.localeCompare(b.name));
}

beforeAll(async () => {
  // The docker tests' set-up: docker.io installed and this checkout's dockerd answering.
  await execa("bash", [".ci/setup", "--docker"], { cwd: REPO });
  docker = clientOn(daemonSocket());
}, 600_000);

describe("docker backend: the default image", () => {
  it("is tagged by a digest of its content and found again, not rebuilt", async () => {
    const first = await ensureDefaultImage(docker);
    expect(first.ref).toMatch(/^hil-services:[0-9a-f]{16}$/);
    expect(first.programs.dnsmasq).toMatch(/\/dnsmasq$/);
    const info = await docker.getImage(first.ref).inspect();
    expect(info.Size).toBeGreaterThan(1_000_000);
    const again = await ensureDefaultImage(docker);
    expect(again.ref).toBe(first.ref);
  });
});

describe("docker backend: preset standard, every service in a container", { timeout: 120_000 }, () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await Lab.up("standard", { backend: "docker" });
  }, 180_000);
  afterAll(() => lab?.down());

  it("node containers (network none) hold the service hosts' namespaces; services share them", async () => {
    const p = lab.prefix;
    const all = await containersOf(p);
    expect(all.filter((c) => c.role === "node")).toEqual([
      { name: `${p}-cloud`, role: "node", network: "none" },
      { name: `${p}-lanrtr`, role: "node", network: "none" },
    ]);
    expect(all.filter((c) => c.role !== "node").map((c) => [c.name, c.role])).toEqual([
      [`${p}-cloud-platform`, "platform"],
      [`${p}-lanrtr-dnsmasq`, "dnsmasq"],
      [`${p}-lanrtr-syslog`, "syslog"],
    ]);
    for (const c of all.filter((x) => x.role !== "node")) expect(c.network).toMatch(/^container:[0-9a-f]{64}$/);
    for (const s of ["dnsmasq", "syslog"] as const) expect(lab.service("lanrtr", s).backend).toBe("docker");
    // The lab's veth ends are in the container's namespace under the topology's names.
    const links = (await lab.exec("lanrtr", "ip", ["-br", "link"])).stdout;
    for (const name of ["br0", "dut@", "t1@", "t2@", "wan0@"]) expect(links).toContain(name);
    // The service process is the container's: its host pid runs in the docker node's network namespace.
    const node = await docker.getContainer(`${p}-lanrtr`).inspect();
    const { readlink } = await import("node:fs/promises");
    expect(await readlink(`/proc/${lab.service("lanrtr", "dnsmasq").pid}/ns/net`)).toBe(await readlink(`/proc/${node.State.Pid}/ns/net`));
  });

  it("DHCP lease with router, DNS server and domain of the LAN", async () => {
    const l = await lease(lab, "dut", "lan0");
    expect(l).toBeDefined();
    expect(l!.ip).toMatch(/^10\.77\.1\.(1\d\d)$/);
    expect(l!.router).toBe("10.77.1.1");
    expect(l!.dns).toBe("10.77.1.1");
    expect(l!.domain).toBe("lab.test");
    await applyLease(lab, "dut", "lan0", l!);
  });

  it("DNS answers the platform's name and NXDOMAIN for an unknown one", async () => {
    expect(await nslookup(lab.ns("dut"), PLATFORM, "10.77.1.1")).toEqual({ kind: "answer", addresses: ["10.77.9.10"] });
    expect(await nslookup(lab.ns("dut"), "nothing.invalid.test", "10.77.1.1")).toEqual({ kind: "nxdomain" });
  });

  it("the LAN's syslog receiver records what the DUT sends", async () => {
    await lab.exec("dut", "socat", ["-u", "-", "UDP4-SENDTO:10.77.1.1:514"], { input: "<14>hil-lab-test: hello from dut" });
    const syslog = lab.service("lanrtr", "syslog").handle as RunningSyslog;
    const got = await syslog.waitFor({ contains: "hello from dut" }, Deadline.in(5_000, "syslog record from dut"));
    expect(got[0]).toMatchObject({ protocol: "udp", severity: 6 });
    expect(got[0]!.source).toMatch(/^10\.77\.1\.1\d\d$/);
  });

  it("the platform (in its container) answers HTTPS through the router", async () => {
    const r = await curl(lab.ns("dut"), "https://10.77.9.10/");
    expect(r.exitCode).toBe(0);
    expect(r.httpCode).toBeGreaterThan(0);
  });

  it("down removes every container, namespace and process", async () => {
    const pids = Object.values(lab.services).flatMap((m) => Object.values(m).map((s) => s!.pid));
    await lab.down();
    expect(await containersOf(lab.prefix)).toEqual([]);
    expect(await leftovers(lab.prefix, pids)).toEqual(NOTHING);
  });
});

describe("docker backend: preset proxy-basic, chosen per service", { timeout: 120_000 }, () => {
  let lab: Lab;
  beforeAll(async () => {
    const t = JSON.parse(JSON.stringify(await loadTopology("proxy-basic")));
    t.hosts.proxy.services.squid.backend = "docker"; // only squid; dnsmasq and the platform stay host processes
    lab = await Lab.up(t);
    const l = await lease(lab, "dut", "lan0");
    await applyLease(lab, "dut", "lan0", l!);
  }, 180_000);
  afterAll(() => lab?.down());

  it("squid runs in a container, the others as processes", async () => {
    expect(lab.service("proxy", "squid").backend).toBe("docker");
    expect(lab.service("lanrtr", "dnsmasq").backend).toBe("process");
    expect((await containersOf(lab.prefix)).map((c) => c.role)).toEqual(["node", "squid"]);
  });

  it("CONNECT without credentials: 407; wrong password: 407; right one: 200", async () => {
    const ns = lab.ns("dut");
    const url = `https://${PLATFORM}/`;
    const proxy = "10.77.1.3:3128";
    expect((await curl(ns, url, { proxy })).httpConnect).toBe(407);
    expect((await curl(ns, url, { proxy, auth: { scheme: "basic", user: "scanner", password: "wrong" } })).httpConnect).toBe(407);
    const ok = await curl(ns, url, { proxy, auth: { scheme: "basic", user: "scanner", password: "lab-proxy-Pw1" } });
    expect(ok.httpConnect).toBe(200);
    expect(ok.exitCode).toBe(0);
  });
});

describe("docker backend: preset ipv6-only (radvd, dnsmasq DHCPv6) in containers", { timeout: 120_000 }, () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await Lab.up("ipv6-only", { backend: "docker" });
  }, 180_000);
  afterAll(() => lab?.down());

  it("router advertisements from the containerised radvd carry the prefix and RDNSS; SLAAC follows", async () => {
    expect(lab.service("lanrtr", "radvd").backend).toBe("docker");
    const lines = await sniff(lab.ns("dut"), "lan0", "-vv icmp6 and ip6[40] == 134", async () => {
      await lab.exec("dut", "ip", ["link", "set", "lan0", "down"]);
      await lab.exec("dut", "ip", ["link", "set", "lan0", "up"]);
      await pollUntil(async () => ((await lab.exec("dut", "ip", ["-6", "addr", "show", "dev", "lan0", "scope", "global"])).stdout.includes("fd77:1:") ? true : undefined), Deadline.in(15_000, "SLAAC address on dut lan0"));
    });
    const text = lines.join("\n");
    expect(text).toMatch(/router advertisement/);
    expect(text).toMatch(/prefix info option.*\n?.*fd77:1::\/64/);
    expect(text).toMatch(/rdnss option.*\n?.*fd77:1::1/);
  });
});

describe("docker backend: choosing it", () => {
  it("refuses an unknown backend in the topology, naming the file, field, expected and found", async () => {
    const t = JSON.parse(JSON.stringify(await loadTopology("standard")));
    t.hosts.lanrtr.services.dnsmasq.backend = "podman";
    t.hosts.lanrtr.services.syslog.image = "vendor/syslog:1";
    await expect(Lab.up(t)).rejects.toThrow(
      'topology "standard" at hosts.lanrtr.services.dnsmasq.backend: expected "process" or "docker", got "podman"\n' +
        'topology "standard" at hosts.lanrtr.services.syslog.backend: expected "docker" (the service names an image), got nothing',
    );
  });

  it("refuses an unknown Lab.up backend before building anything", async () => {
    await expect(Lab.up("standard", { backend: "lxc" as never })).rejects.toThrow('Lab.up option `backend`: expected "process" or "docker", got "lxc"; nothing was built');
  });

  it("a service image the daemon does not have fails the start with how to bring it, and leaves nothing", async () => {
    const t = JSON.parse(JSON.stringify(await loadTopology("static")));
    t.hosts.lanrtr.services.dnsmasq = { ...t.hosts.lanrtr.services.dnsmasq, backend: "docker", image: "vendor/dnsmasq:0.0-absent" };
    const ours = async () => (await docker.listContainers({ all: true, filters: { label: [OWNER_LABEL] } })).map((c) => c.Id).sort();
    const before = await ours();
    const error = (await Lab.up(t).catch((e: Error) => e)) as Error;
    expect(error.message).toContain("Service image vendor/dnsmasq:0.0-absent is not in the lab's Docker daemon");
    expect(error.message).toContain("no registry is reachable here");
    // The node container it had started is gone again.
    expect((await ours()).filter((id) => !before.includes(id))).toEqual([]);
  }, 120_000);
});

describe("docker backend: the sweeper", { timeout: 180_000 }, () => {
  const children: ChildProcess[] = [];
  afterAll(() => children.forEach((c) => c.exitCode === null && c.signalCode === null && c.kill("SIGKILL")));

  it("removes the containers and namespaces of a lab whose owner was SIGKILLed", async () => {
    const owner = fileURLToPath(new URL("./testkit/owner.ts", import.meta.url));
    const child = spawn(process.execPath, ["--import", "tsx", owner, "standard", "dnsmasq,syslog"], { cwd: REPO, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, HIL_SERVICE_BACKEND: "docker" } });
    children.push(child);
    let out = "";
    let err = "";
    child.stdout!.on("data", (d) => (out += String(d)));
    child.stderr!.on("data", (d) => (err += String(d)));
    const info = await pollUntil(() => (out.includes("\n") ? (JSON.parse(out.split("\n")[0]!) as { prefix: string; pids: number[] }) : undefined), Deadline.in(120_000, "docker lab owner up"), {
      describeLast: () => `stdout ${JSON.stringify(out)}, stderr ${JSON.stringify(err.slice(-800))}`,
    });
    expect((await containersOf(info.prefix)).map((c) => c.role)).toEqual(["node", "dnsmasq", "syslog"]);
    child.kill("SIGKILL");
    await new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once("exit", () => resolve())));
    // Still there: a SIGKILLed owner cannot clean up.
    expect((await containersOf(info.prefix)).length).toBe(3);
    const result = await sweep();
    expect(result.kept.map((r) => r.prefix)).not.toContain(info.prefix);
    expect(await containersOf(info.prefix)).toEqual([]);
    expect(await leftovers(info.prefix, info.pids)).toEqual(NOTHING);
  });
});
