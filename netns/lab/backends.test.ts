// Choosing where services run (no daemon needed): the lab default and its validation, per-service precedence, which
// hosts get a node container, and that the build script leaves attached (node container) namespaces alone.
import { describe, expect, it } from "vitest";
import { loadTopology } from "../topology/load.ts";
import { BACKEND_ENV, dockerHosts, labBackend, serviceBackend } from "./backends.ts";
import { planBuild } from "./plan.ts";
import { buildScript } from "./script.ts";

describe("service backends", () => {
  it("the lab default: the Lab.up option, else the environment, else none; bad values name their source", () => {
    expect(labBackend(undefined, undefined)).toBeUndefined();
    expect(labBackend(undefined, "")).toBeUndefined();
    expect(labBackend("docker", "process")).toBe("docker");
    expect(labBackend(undefined, "docker")).toBe("docker");
    expect(() => labBackend("lxc", undefined)).toThrow('Lab.up option `backend`: expected "process" or "docker", got "lxc"; nothing was built');
    expect(() => labBackend(undefined, "podman")).toThrow(`environment variable ${BACKEND_ENV}: expected "process" or "docker", got "podman"; nothing was built`);
  });

  it("a service's own backend wins over the lab's; hosts with a docker service get a node container", async () => {
    const t = JSON.parse(JSON.stringify(await loadTopology("proxy-basic")));
    t.hosts.proxy.services.squid.backend = "docker";
    t.hosts.lanrtr.services.dnsmasq.backend = "process";
    const topology = await loadTopology(t);
    expect(serviceBackend(topology, "proxy", "squid", undefined)).toBe("docker");
    expect(serviceBackend(topology, "lanrtr", "dnsmasq", "docker")).toBe("process");
    expect(serviceBackend(topology, "cloud", "platform", "docker")).toBe("docker");
    expect(serviceBackend(topology, "dut", "dnsmasq", "docker")).toBeUndefined();
    expect(dockerHosts(topology, ["dnsmasq", "squid", "platform"], undefined)).toEqual(["proxy"]);
    expect(dockerHosts(topology, ["dnsmasq", "squid", "platform"], "docker").sort()).toEqual(["cloud", "proxy"]);
    expect(dockerHosts(topology, ["dnsmasq"], "docker")).toEqual([]);
  });

  it("the build script adds every namespace but those a node container holds", async () => {
    const plan = planBuild(await loadTopology("standard"), "hil0abcd", "kernel");
    const plain = buildScript(plan);
    const attached = buildScript(plan, new Set(["hil0abcd-lanrtr", "hil0abcd-cloud"]));
    expect(plain).toContain("netns add hil0abcd-lanrtr");
    expect(attached).not.toContain("netns add hil0abcd-lanrtr");
    expect(attached).not.toContain("netns add hil0abcd-cloud");
    expect(attached).toContain("netns add hil0abcd-dut");
    // The links are still made in them, by name.
    expect(attached).toMatch(/netns hil0abcd-lanrtr/);
  });
});
