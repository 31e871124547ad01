// The parts of the oracle the flow runner reads, plus the LCD's whitespace rule applied to flow texts.
import { normaliseMessage } from "../console/lcd.ts";

export { defaultMenuState, fillValue, flows } from "../../fixtures/manual/index.ts";
export type { FieldStep, Flow, FlowId, MenuRef, Step } from "../../fixtures/manual/index.ts";

/** A flow text as the LCD reads it (words joined by single spaces). */
export function normaliseFlowText(text: string): string {
  return normaliseMessage(text);
}
