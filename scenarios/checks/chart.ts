// The Quick Start option chart ("Complete the Network Configuration (default IPv4+v6 mode)"): each cell's options
// (A static IP, B proxy, C split with DHCP on the WAN, D split with a static WAN) are enabled in the order listed; the
// home screen before each option shows the error the lab forces ("After you enable option B, you'll see another
// error"), the last one reaches the platform (ACTIVATION CODE; the name where the platform has the appliance activated
// already), and activation on the portal (or the earlier one) brings is_<username> with the LAN IP.
import { errorFor, quickStartChart, screens, type FlowId, type NetworkCondition } from "../../fixtures/manual/index.ts";
import { runFlow } from "../../harness/ui/index.ts";
import type { Session } from "../rig.ts";
import { reachedPlatform, same } from "./common.ts";
import { activatedAs, nameAndIp } from "./platform.ts";
import { staticLan, staticWan } from "./facts.ts";

/** A row of the chart (network layout). */
export type ChartRow = keyof typeof quickStartChart.rows;
/** A column of the chart (LAN addressing, proxy or not). */
export type ChartColumn = keyof (typeof quickStartChart.rows)["standard"];
/** A configuration option of the chart. */
export type ChartOption = "A" | "B" | "C" | "D";

/** The flow that enables each option (the "For information ..." column). */
export const OPTION_FLOW: Readonly<Record<ChartOption, FlowId>> = Object.freeze({ A: "static-lan", B: "proxy-enable", C: "wan-dhcp", D: "wan-static" });

/** The basic proxy account of the lab presets (fixtures/labs/proxy-basic.yaml, split-proxy.yaml). */
export const LAB_PROXY_PASSWORD = "lab-proxy-Pw1";
const LAB_PROXY = Object.freeze({ "PROXY HOST": "PROXY.LAB.TEST", "PROXY PORT": "3128", "PROXY USER": "scanner", "PROXY PASSW": LAB_PROXY_PASSWORD });
/** The values each option's flow is given: a static LAN and a static WAN on the lab's subnets (facts.ts). */
const OPTION_VALUES: Readonly<Record<ChartOption, (s: Session) => Readonly<Record<string, string>>>> = Object.freeze({ A: staticLan, B: () => LAB_PROXY, C: () => ({}), D: (s: Session) => staticWan(s) });

/** One cell: the lab it runs in, and the error shown before each of its options (null: not checked). */
export interface ChartCell {
  readonly row: ChartRow;
  readonly column: ChartColumn;
  readonly before: readonly (NetworkCondition | null)[];
}

/** The options the chart names for a cell, in the order listed. */
export function optionsOf(cell: Pick<ChartCell, "row" | "column">): readonly ChartOption[] {
  return (quickStartChart.rows[cell.row][cell.column] as readonly string[]).map((o) => o as ChartOption);
}

/** What the home screen shows: an error's text, ACTIVATION CODE, or the state's kind. */
export async function homeShown(s: Session): Promise<string> {
  const h = await s.ui.reach("home");
  return h.kind === "error" ? h.text : h.kind === "activation-code" ? screens.activationCode : h.kind;
}

/** What homeShown gives once the appliance has reached the platform: ACTIVATION CODE, or "home" (its name and IP)
 *  where the platform has it activated (common.ts reachedPlatform). */
export async function platformShown(s: Session): Promise<string> {
  return (await reachedPlatform(s)) === "home" ? "home" : screens.activationCode;
}

/** The check of one chart cell: each option in order (errors before each as the lab forces), then activation. */
export function chartCell(cell: ChartCell, user: string): (s: Session) => Promise<void> {
  const options = optionsOf(cell);
  if (cell.before.length !== options.length) {
    throw new Error(`chart cell ${cell.row}/${cell.column}: expected ${options.length} entries in before (one per option ${options.join(", ") || "none"}), got ${cell.before.length}`);
  }
  return async (s) => {
    const where = `${cell.row} x ${cell.column} (options ${options.join(" & ") || "none"})`;
    for (const [i, option] of options.entries()) {
      const shown = await homeShown(s);
      const want = cell.before[i];
      if (want) same(s.ui, `${where}: home screen before option ${option}`, errorFor(want).text, shown);
      await runFlow(s.ui, OPTION_FLOW[option], OPTION_VALUES[option](s));
    }
    same(s.ui, `${where}: home screen once every option is enabled`, await platformShown(s), await homeShown(s));
    await activatedAs(s, user, (x, u, step) => nameAndIp(x, u, `${where}: ${step}`));
  };
}
