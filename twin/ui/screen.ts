// The firmware's screens as a typed union, and the pieces every screen shares.
import type { Flow, MenuId, MenuRef } from "../../fixtures/manual/index.ts";
import type { CheckOutcome } from "../network/firmware.ts";
import type { Editor } from "./editor.ts";

/** What the home screen reports: still contacting the platform, the check's outcome, or a failed poll. */
export type HomeStatus = { readonly kind: "contacting" } | CheckOutcome | { readonly kind: "communication-failure" };

/** A flow in progress. */
export interface FlowRun {
  readonly flow: Flow;
  step: number;
  readonly values: Map<string, string>;
  editor: Editor | null;
  /** Ups pressed so far on the current confirm/field step (for two-Up cancels). */
  ups: number;
}

/** One screen of the firmware. */
export type Screen =
  | { readonly kind: "dark" }
  | { readonly kind: "message"; readonly text: string }
  | { readonly kind: "home" }
  | { readonly kind: "menu"; readonly menu: MenuId; readonly index: number; readonly cancelTo?: MenuRef }
  | { readonly kind: "flow"; readonly run: FlowRun }
  | { readonly kind: "notice"; readonly text: string; readonly back: Screen };
