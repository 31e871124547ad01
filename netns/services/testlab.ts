// A tiny lab for the services' own tests: a few namespaces joined by veth pairs or a bridge, removed in afterAll.
import { rm, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { deleteNamespaces, runNamespaces } from "../lab/teardown.ts";
import { newPrefix, runDir } from "../util/owner.ts";
import { run } from "../util/sh.ts";
import type { ServiceContext } from "./types.ts";

/** One end of a link: node name, interface name in that node, addresses with prefix length. */
export type End = readonly [node: string, ifname: string, addresses: readonly string[]];

export interface TestLabSpec {
  nodes: readonly string[];
  /** Point-to-point veth pairs. */
  links?: readonly { a: End; b: End }[];
  /** Shared segments: a bridge in its own namespace `<prefix>-<name>`, one veth per member. */
  bridges?: readonly { name: string; members: readonly End[] }[];
}

export interface TestLab {
  prefix: string;
  /** The run directory of this lab (removed by destroy). */
  dir: string;
  /** Namespace name of node `node`. */
  ns(node: string): string;
  /** A ServiceContext for a service called `name` running in node `node`. */
  ctx(node: string, name: string): ServiceContext;
  /** Delete every namespace and the run directory; idempotent. */
  destroy(): Promise<void>;
}

/** Build the namespaces, links and bridges of `spec` under a fresh prefix; on failure nothing is left behind. */
export async function createTestLab(spec: TestLabSpec): Promise<TestLab> {
  const prefix = newPrefix();
  const dir = runDir(prefix);
  const created: string[] = [];
  const ns = (node: string) => {
    if (!spec.nodes.includes(node) && !spec.bridges?.some((b) => b.name === node)) throw new Error(`testlab: unknown node ${node}`);
    return `${prefix}-${node}`;
  };
  let destroyed: Promise<void> | undefined;
  const destroy = () =>
    (destroyed ??= (async () => {
      // Its own namespaces and any other `<prefix>-*` one (a squatter host a fault added and a failed test left).
      await deleteNamespaces(await runNamespaces(prefix, created.reverse()));
      await rm(dir, { recursive: true, force: true });
    })());
  try {
    await mkdir(dir, { recursive: true });
    for (const node of [...spec.nodes, ...(spec.bridges ?? []).map((b) => b.name)]) {
      await run("ip", ["netns", "add", ns(node)]);
      created.push(ns(node));
      await run("ip", ["-n", ns(node), "link", "set", "lo", "up"]);
    }
    for (const { a, b } of spec.links ?? []) {
      await run("ip", ["-n", ns(a[0]), "link", "add", a[1], "type", "veth", "peer", "name", b[1], "netns", ns(b[0])]);
      await configure(ns(a[0]), a);
      await configure(ns(b[0]), b);
    }
    for (const bridge of spec.bridges ?? []) {
      const brNs = ns(bridge.name);
      await run("ip", ["-n", brNs, "link", "add", "br0", "type", "bridge"]);
      await run("ip", ["-n", brNs, "link", "set", "br0", "up"]);
      for (const [i, member] of bridge.members.entries()) {
        await run("ip", ["-n", ns(member[0]), "link", "add", member[1], "type", "veth", "peer", "name", `p${i}`, "netns", brNs]);
        await run("ip", ["-n", brNs, "link", "set", `p${i}`, "master", "br0", "up"]);
        await configure(ns(member[0]), member);
      }
    }
  } catch (error) {
    await destroy();
    throw error;
  }
  const ctx = (node: string, name: string): ServiceContext => ({ ns: ns(node), dir: join(dir, name), prefix });
  return { prefix, dir, ns, ctx, destroy };
}

async function configure(namespace: string, [, ifname, addresses]: End): Promise<void> {
  for (const address of addresses) {
    const extra = address.includes(":") ? ["nodad"] : [];
    await run("ip", ["-n", namespace, "addr", "add", address, "dev", ifname, ...extra]);
  }
  await run("ip", ["-n", namespace, "link", "set", ifname, "up"]);
}
