// The check of a run on a pool of appliances against a run of the same selection on one appliance that has
// everything (.ci/pool-tags): every selected scenario ran exactly once in each; a scenario no member of the pool can
// serve was skipped with the reason naming each member and what it lacks, and only those were skipped for that; every
// other ran on a member that has what it needs; its verdict equals the one-appliance run's.
import type { Appliance } from "../../harness/dut/inventory.ts";
import { needsText, unfit, type Needs } from "../../harness/dut/pool.ts";
import type { Verdict } from "../../harness/report/summary.ts";

/** A selected scenario and what it needs. */
export interface Selected {
  readonly section: string;
  readonly behaviour: string;
  readonly needs: Needs;
}

/** What a verdict list must say of a scenario (the record's verdicts carry the same fields). */
export type SeenVerdict = Pick<Verdict, "section" | "test" | "status" | "message"> & { readonly dut: { readonly name: string } };

/** The skip reason of a scenario no member of the pool can serve (scenarios/section.ts needsSkip). */
export function declaredSkip(sc: Selected, members: readonly Appliance[]): string | null {
  if (members.some((a) => unfit(a, sc.needs) === null)) return null;
  return `needs ${needsText(sc.needs)}, which no appliance of the pool is: ${members.map((a) => unfit(a, sc.needs)).join("; ")}`;
}

const label = (sc: Selected) => `[${sc.section}] ${sc.behaviour}`;
/** The verdicts of `sc` in `list` (a test's name ends with its behaviour; the section is the verdict's label). */
const verdictsOf = (list: readonly SeenVerdict[], sc: Selected) => list.filter((v) => v.section === sc.section && v.test.endsWith(sc.behaviour));

/** One row per selected scenario: where and how it ran in each run. */
export interface Row {
  readonly scenario: Selected;
  readonly declared: string | null;
  readonly pool: readonly SeenVerdict[];
  readonly single: readonly SeenVerdict[];
}

/** Everything wrong with the pool run (empty: it is what one appliance's run is, spread over the pool). */
export function poolRunProblems(selected: readonly Selected[], members: readonly Appliance[], pool: readonly SeenVerdict[], single: readonly SeenVerdict[]): { rows: Row[]; problems: string[] } {
  const problems: string[] = [];
  const rows = selected.map((sc) => ({ scenario: sc, declared: declaredSkip(sc, members), pool: verdictsOf(pool, sc), single: verdictsOf(single, sc) }));
  for (const [run, list] of [["pool", pool], ["one-appliance", single]] as const) {
    for (const v of list) if (!selected.some((sc) => verdictsOf([v], sc).length)) problems.push(`${run} run: a verdict for no selected scenario: [${v.section}] ${v.test}`);
  }
  for (const { scenario: sc, declared, pool: p, single: s } of rows) {
    if (p.length !== 1) problems.push(`pool run: ${label(sc)} has ${p.length} verdicts, expected exactly 1`);
    if (s.length !== 1) problems.push(`one-appliance run: ${label(sc)} has ${s.length} verdicts, expected exactly 1`);
    const v = p[0];
    if (!v) continue;
    if (declared !== null) {
      if (v.status !== "skipped" || v.message !== declared) problems.push(`pool run: ${label(sc)} no member can serve: expected skipped with "${declared}", found ${v.status}${v.message ? ` "${v.message}"` : ""}`);
      continue;
    }
    // A skip of the pool's for the needs is wrong here: some member serves it.
    if (v.status === "skipped" && v.message?.startsWith("needs ")) problems.push(`pool run: ${label(sc)} was skipped for its needs although a member serves them: "${v.message}"`);
    if (v.dut.name !== "-") {
      const member = members.find((a) => a.name === v.dut.name);
      const why = member ? unfit(member, sc.needs) : `${v.dut.name} is no member of the pool`;
      if (why !== null) problems.push(`pool run: ${label(sc)} ran on an appliance that cannot serve it: ${why}`);
    }
    if (s[0] && s[0].status !== v.status) problems.push(`pool run: ${label(sc)} is ${v.status} on ${v.dut.name}, the one-appliance run's is ${s[0].status} on ${s[0].dut.name}`);
  }
  return { rows, problems };
}
