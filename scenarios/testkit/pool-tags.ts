// `npx tsx scenarios/testkit/pool-tags.ts POOL_INVENTORY POOL_RESULTS ONE_RESULTS SECTION...`: the verdict of
// .ci/pool-tags. Reads both runs' allure results (the verdicts the certification record is made of), prints one row
// per selected scenario (its needs, where and how it ran in each run), and exits 1 naming every problem
// (scenarios/testkit/pool-run-check.ts), or when the pool run used fewer than two of its members.
import { loadInventory } from "../../harness/dut/inventory.ts";
import { poolMembers } from "../../harness/dut/pool.ts";
import { readVerdicts } from "../../harness/report/summary.ts";
import { SCENARIOS } from "../catalogue.ts";
import { needsOf } from "../needs.ts";
import { poolRunProblems } from "./pool-run-check.ts";

const [inventoryFile, poolDir, singleDir, ...sections] = process.argv.slice(2);
if (!inventoryFile || !poolDir || !singleDir || !sections.length) {
  console.error("usage: pool-tags.ts POOL_INVENTORY POOL_RESULTS ONE_RESULTS SECTION...");
  process.exit(2);
}
const unknown = sections.filter((s) => !SCENARIOS.some((sc) => sc.section === s));
if (unknown.length) {
  console.error(`pool-tags: expected manual sections of the catalogue, found ${unknown.map((s) => JSON.stringify(s)).join(", ")}`);
  process.exit(2);
}
const members = poolMembers(await loadInventory(inventoryFile), "*");
const selected = SCENARIOS.filter((sc) => sections.includes(sc.section)).map((sc) => ({ section: sc.section, behaviour: sc.behaviour, needs: needsOf(sc.spec) }));
const pool = await readVerdicts(poolDir);
const single = await readVerdicts(singleDir);
const { rows, problems } = poolRunProblems(selected, members, pool, single);
const cell = (vs: readonly { status: string; dut: { name: string } }[]) => vs.map((v) => `${v.status}@${v.dut.name}`).join(",") || "none";
for (const r of rows) {
  const needs = [r.scenario.needs.model, ...(r.scenario.needs.features ?? [])].join("+");
  console.log(`[pool-tags] ${cell(r.pool).padEnd(22)} one: ${cell(r.single).padEnd(22)} needs ${needs.padEnd(13)} [${r.scenario.section}] ${r.scenario.behaviour.slice(0, 60)}`);
  if (r.declared) console.log(`[pool-tags]   declared skip: ${r.declared}`);
}
const used = new Set(pool.filter((v) => v.dut.name !== "-").map((v) => v.dut.name));
if (used.size < 2) problems.push(`pool run: its scenarios ran on ${used.size} member(s) (${[...used].join(", ") || "none"}), expected at least 2 of ${members.map((a) => a.name).join(", ")}`);
console.log(`[pool-tags] ${selected.length} scenarios; pool run: ${pool.length} verdicts on ${[...used].join(", ")}; one-appliance run: ${single.length} verdicts; ${rows.filter((r) => r.declared).length} declared skips`);
for (const p of problems) console.error(`[pool-tags] PROBLEM: ${p}`);
process.exit(problems.length ? 1 : 0);
