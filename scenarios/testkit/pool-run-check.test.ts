// The check of a pool run finds each way a pool run can go wrong: a scenario run twice or never, a declared skip run
// or skipped without its reason, a scenario skipped for needs a member serves, one run on a member that lacks what it
// needs, a verdict unlike the one-appliance run's. And it passes a run that is right.
import { describe, expect, it } from "vitest";
import { parseInventory } from "../../harness/dut/inventory.ts";
import { poolRunProblems, type Selected, type SeenVerdict } from "./pool-run-check.ts";

const members = parseInventory(
  {
    version: 1,
    appliances: [
      { name: "nowan", tty: "/dev/ttyUSB1", lan: "enp1s0", model: "current", serial: "1", power: "none", has: [] },
      { name: "wan", tty: "/dev/ttyUSB2", lan: "enp2s0", wan: "enp2s1", model: "current", serial: "2", power: "none", has: [] },
    ],
  },
  "pool.yaml",
).appliances;
const S = "Some Section";
const selected: Selected[] = [
  { section: S, behaviour: "plain", needs: { model: "current", features: [] } },
  { section: S, behaviour: "over the WAN", needs: { model: "current", features: ["wan"] } },
  { section: S, behaviour: "over IPv6", needs: { model: "current", features: ["ipv6"] } },
];
const v6reason = "needs a current model appliance with ipv6, which no appliance of the pool is: nowan has no IPv6 lab network (ipv6 not in its inventory has); wan has no IPv6 lab network (ipv6 not in its inventory has)";
const v = (behaviour: string, status: SeenVerdict["status"], dut: string, message?: string): SeenVerdict => ({ section: S, test: `${S} ${behaviour}`, status, dut: { name: dut }, ...(message ? { message } : {}) });
const goodPool = [v("plain", "passed", "nowan"), v("over the WAN", "passed", "wan"), v("over IPv6", "skipped", "-", v6reason)];
const single = [v("plain", "passed", "one"), v("over the WAN", "passed", "one"), v("over IPv6", "passed", "one")];
const problems = (pool: SeenVerdict[], one = single) => poolRunProblems(selected, members, pool, one).problems;

describe("pool run check", () => {
  it("passes a right run, and declares the skip of what no member serves", () => {
    expect(problems(goodPool)).toEqual([]);
    expect(poolRunProblems(selected, members, goodPool, single).rows.map((r) => r.declared)).toEqual([null, null, v6reason]);
  });

  it.each([
    ["a scenario run twice", [...goodPool, v("plain", "passed", "wan")], ["pool run: [Some Section] plain has 2 verdicts, expected exactly 1"]],
    ["a scenario missing", goodPool.slice(1), ["pool run: [Some Section] plain has 0 verdicts, expected exactly 1"]],
    ["a verdict for no selected scenario", [...goodPool, v("other", "passed", "wan")], ["pool run: a verdict for no selected scenario: [Some Section] Some Section other"]],
    ["a WAN scenario on the box without WAN", [goodPool[0]!, v("over the WAN", "passed", "nowan"), goodPool[2]!], ["pool run: [Some Section] over the WAN ran on an appliance that cannot serve it: nowan has no WAN port cabled (no wan NIC in its inventory entry)"]],
    ["a declared skip that ran", [goodPool[0]!, goodPool[1]!, v("over IPv6", "passed", "wan")], [`pool run: [Some Section] over IPv6 no member can serve: expected skipped with "${v6reason}", found passed`]],
    ["a declared skip without its reason", [goodPool[0]!, goodPool[1]!, v("over IPv6", "skipped", "-", "some other reason")], [`pool run: [Some Section] over IPv6 no member can serve: expected skipped with "${v6reason}", found skipped "some other reason"`]],
    ["a skip for needs a member serves", [goodPool[0]!, v("over the WAN", "skipped", "-", "needs a current model appliance with wan: nowan has no WAN port cabled"), goodPool[2]!], ['pool run: [Some Section] over the WAN was skipped for its needs although a member serves them: "needs a current model appliance with wan: nowan has no WAN port cabled"', "pool run: [Some Section] over the WAN is skipped on -, the one-appliance run's is passed on one"]],
    ["a verdict unlike the one-appliance run's", [v("plain", "failed", "nowan"), goodPool[1]!, goodPool[2]!], ["pool run: [Some Section] plain is failed on nowan, the one-appliance run's is passed on one"]],
  ])("finds %s", (_what, pool, expected) => {
    expect(problems(pool)).toEqual(expected);
  });

  it("finds a one-appliance run that misses or repeats a scenario", () => {
    expect(problems(goodPool, [...single, single[0]!])).toEqual(["one-appliance run: [Some Section] plain has 2 verdicts, expected exactly 1"]);
    expect(problems(goodPool, single.slice(0, 2))).toEqual(["one-appliance run: [Some Section] over IPv6 has 0 verdicts, expected exactly 1"]);
  });
});
