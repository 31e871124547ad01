// Power by a twin-as-hardware box's control socket (`power: {twin: {control: PATH}}`): the box's power button
// (`off`: a clean shutdown) and its plug (`cut`), without a PDU or a helper script in between.
import { Deadline } from "../../netns/util/deadline.ts";
import { controlRequest } from "./control.ts";
import { powerFailed } from "./errors.ts";
import type { PowerControl } from "./types.ts";

/** How long the box may take to answer a power request. */
export const TWIN_POWER_MS = 10_000;

/** Power control through the control socket at `control`; the box must answer `ok`. */
export function twinPower(name: string, control: string): PowerControl {
  const press = (action: "on" | "off" | "cut") => async () => {
    const reply = await controlRequest(control, `power ${action}`, Deadline.in(TWIN_POWER_MS, `power ${action} on ${control}`)).catch((error: Error) => {
      throw powerFailed(name, action, `the box's control socket ${control} did not answer: ${error.message}`, error);
    });
    if (reply !== "ok") throw powerFailed(name, action, `the box's control socket ${control} answered ${JSON.stringify(reply)}`);
  };
  return { on: press("on"), off: press("off"), cut: press("cut") };
}
