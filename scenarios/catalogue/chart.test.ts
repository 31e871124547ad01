// The chart fragment covers every cell of the Quick Start option chart once, each with its own defect, and its
// behaviours differ early enough that each test keeps its own evidence directory (named from the first 80 characters).
import { describe, expect, it } from "vitest";
import { quickStartChart } from "../../fixtures/manual/index.ts";
import { optionsOf } from "../checks/chart.ts";
import { CHART_SCENARIOS } from "./chart.ts";

/** The longest section file prefix ("network-settings-in-ipv6-only-mode-") leaves this much of a test name. */
const NAME_ROOM = 80 - "network-settings-in-ipv6-only-mode-".length;

describe("chart catalogue fragment", () => {
  it("has one scenario per chart cell, in the chart's rows and columns", () => {
    const cells = Object.entries(quickStartChart.rows).flatMap(([row, cols]) => Object.keys(cols).map((col) => `chart-${row}-${col}`));
    expect(cells).toHaveLength(12);
    expect(CHART_SCENARIOS.map((s) => s.id).filter((id) => cells.includes(id))).toEqual(cells);
  });

  it("names the chart's options for each cell in the order listed", () => {
    expect(optionsOf({ row: "splitStatic", column: "staticProxy" })).toEqual(["A", "B", "D"]);
    expect(optionsOf({ row: "standard", column: "dhcp" })).toEqual([]);
  });

  it("gives every scenario its own defect and a distinct id and evidence name", () => {
    const defects = CHART_SCENARIOS.flatMap((s) => s.catches ?? []);
    expect(new Set(defects).size).toBe(CHART_SCENARIOS.length);
    expect(new Set(CHART_SCENARIOS.map((s) => s.id)).size).toBe(CHART_SCENARIOS.length);
    const names = CHART_SCENARIOS.map((s) => `${s.section}|${s.behaviour.replace(/[^A-Za-z0-9._-]+/g, "_").slice(0, NAME_ROOM)}`);
    expect(new Set(names).size).toBe(CHART_SCENARIOS.length);
  });
});
