// The link partner learned from the cable: parsing `ip -o link` / `ethtool -S`, the alias rule, and the peer lookup on
// real veth pairs (far end in another namespace, far end in this process's own namespace).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Deadline, pollUntil } from "../../netns/util/deadline.ts";
import { newPrefix } from "../../netns/util/owner.ts";
import { run } from "../../netns/util/sh.ts";
import { netContext } from "./context.ts";
import { findPeer, isOurPeer, parseLinks, parsePeerIndex, partnerFromAlias, partnerOf, stopPeerWatch } from "./peer.ts";

describe("parsing", () => {
  const text = [
    "2: lan0@if6: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state DOWN mode DEFAULT group default qlen 1000\\    link/ether aa:2c:82:a3:e8:bd brd ff:ff:ff:ff:ff:ff link-netnsid 0",
    "6: hb-x-lan@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\\    link/ether 26:f1:84:3a:14:8c brd ff:ff:ff:ff:ff:ff link-netns hilbox-x\\    alias hil-link-partner=100baseT/Full",
    "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\\    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00",
    "7: lan0.12@lan0: <BROADCAST,MULTICAST> mtu 1500",
  ].join("\n");

  it("reads index, name, peer index, link namespace (named or by id) and alias of each line", () => {
    expect(parseLinks(text)).toEqual([
      { index: 2, name: "lan0", peerIndex: 6, linkNetns: null, linkNetnsid: 0, alias: null },
      { index: 6, name: "hb-x-lan", peerIndex: 2, linkNetns: "hilbox-x", linkNetnsid: null, alias: "hil-link-partner=100baseT/Full" },
      { index: 1, name: "lo", peerIndex: null, linkNetns: null, linkNetnsid: null, alias: null },
      { index: 7, name: "lan0.12", peerIndex: null, linkNetns: null, linkNetnsid: null, alias: null },
    ]);
  });

  it("reads peer_ifindex from ethtool -S, null when absent", () => {
    expect(parsePeerIndex("NIC statistics:\n     peer_ifindex: 6\n     rx_queue_0_xdp_packets: 0\n")).toBe(6);
    expect(parsePeerIndex("NIC statistics:\n     rx_packets: 0\n")).toBeNull();
  });

  it("an alias hil-link-partner=VALUE is the partner's setting; none or another alias is AUTO; a bad value names where", () => {
    expect(partnerFromAlias("hil-link-partner=10baseT/Half", "x")).toBe("10baseT/Half");
    expect(partnerFromAlias(null, "x")).toBe("AUTO");
    expect(partnerFromAlias("uplink to rack 3", "x")).toBe("AUTO");
    expect(() => partnerFromAlias("hil-link-partner=100baseT", "ns1:eth0 (far end of lan0)")).toThrow(
      'ns1:eth0 (far end of lan0): expected alias hil-link-partner=<AUTO|1GbaseT/Full|100baseT/Full|100baseT/Half|10baseT/Full|10baseT/Half>, got "hil-link-partner=100baseT"',
    );
  });

  it("a peer is ours only with both indexes and our namespace as its link namespace", () => {
    const ours = { ns: "hilbox-x", index: 2, peerIndex: 6 };
    const [, hostEnd] = parseLinks(text);
    expect(isOurPeer(hostEnd!, ours, null)).toBe(true);
    expect(isOurPeer({ ...hostEnd!, linkNetns: "hilbox-y" }, ours, null)).toBe(false);
    expect(isOurPeer({ ...hostEnd!, peerIndex: 3 }, ours, null)).toBe(false);
    expect(isOurPeer({ ...hostEnd!, index: 5 }, ours, null)).toBe(false);
  });
});

describe("on real veth pairs", () => {
  const prefix = newPrefix();
  const box = `${prefix}-box`;
  const lab = `${prefix}-lab`;
  const hostEnd = `${prefix}-h`;
  const ip = (...args: string[]) => run("ip", args);
  const ctx = () => netContext({ ns: box, stateDir: "/nonexistent", mac: "02:51:00:00:00:01" });

  beforeAll(async () => {
    await ip("netns", "add", box);
    await ip("netns", "add", lab);
    await ip("-n", box, "link", "add", "lan0", "type", "veth", "peer", "name", "eth3", "netns", lab);
    await ip("link", "add", hostEnd, "type", "veth", "peer", "name", "wan0", "netns", box);
  });
  afterAll(async () => {
    stopPeerWatch();
    await run("ip", ["link", "del", hostEnd], { allowFailure: true });
    await run("ip", ["netns", "del", box], { allowFailure: true });
    await run("ip", ["netns", "del", lab], { allowFailure: true });
  });

  it("finds the far end in another namespace and in this process's own", async () => {
    expect(await findPeer(ctx(), "lan0")).toMatchObject({ ns: lab, ifname: "eth3" });
    expect(await findPeer(ctx(), "wan0")).toMatchObject({ ns: null, ifname: hostEnd });
    expect(await findPeer(ctx(), "nosuch0")).toBeNull();
  });

  it("reads the partner from the far end's alias, follows changes, and AUTO when cleared", async () => {
    expect(await partnerOf(ctx(), "lan0")).toBe("AUTO");
    await ip("-n", lab, "link", "set", "dev", "eth3", "alias", "hil-link-partner=100baseT/Half");
    await ip("link", "set", "dev", hostEnd, "alias", "hil-link-partner=1GbaseT/Full");
    expect(await partnerOf(ctx(), "lan0")).toBe("100baseT/Half"); // a check's fresh read
    // The link watch's look: the helper watching the far end in its namespace sees the change within its 200 ms look.
    await pollUntil(async () => ((await partnerOf(ctx(), "lan0", false)) === "100baseT/Half" ? true : undefined), Deadline.in(3_000, "lan0's partner 100baseT/Half (watched)"));
    expect(await partnerOf(ctx(), "wan0")).toBe("1GbaseT/Full");
    await ip("-n", lab, "link", "set", "dev", "eth3", "alias", "");
    await ip("link", "set", "dev", hostEnd, "alias", "");
    expect(await partnerOf(ctx(), "lan0")).toBe("AUTO");
    await pollUntil(async () => ((await partnerOf(ctx(), "lan0", false)) === "AUTO" ? true : undefined), Deadline.in(3_000, "lan0's partner AUTO again (watched)"));
    expect(await partnerOf(ctx(), "wan0")).toBe("AUTO");
  });

  it("a replaced far end (deleted and made again) is found anew", async () => {
    await ip("-n", box, "link", "del", "lan0");
    await ip("-n", box, "link", "add", "lan0", "type", "veth", "peer", "name", "eth4", "netns", lab);
    await ip("-n", lab, "link", "set", "dev", "eth4", "alias", "hil-link-partner=10baseT/Full");
    await pollUntil(async () => ((await partnerOf(ctx(), "lan0", false)) === "10baseT/Full" ? true : undefined), Deadline.in(8_000, "the new far end's alias (watched)"));
    expect(await partnerOf(ctx(), "lan0")).toBe("10baseT/Full");
    expect(await findPeer(ctx(), "lan0")).toMatchObject({ ns: lab, ifname: "eth4" });
  });
});
