// The power driver of an inventory appliance, behind the one PowerControl interface (on, off, cut).
import { noPowerControl } from "./errors.ts";
import { commandPower } from "./power-command.ts";
import { pdudaemonPower } from "./power-pdudaemon.ts";
import type { PowerSetting } from "./power-schema.ts";
import { twinPower } from "./power-twin.ts";
import type { PowerControl } from "./types.ts";

/** Power control of appliance `name` of inventory `file` by its `power` setting; `none` refuses, naming the file. */
export function powerOf(name: string, setting: PowerSetting, file: string): PowerControl {
  if (setting === "none") {
    const refuse = (action: string) => () => Promise.reject(noPowerControl(name, file, action));
    return { on: refuse("on"), off: refuse("off"), cut: refuse("cut") };
  }
  if ("command" in setting) return commandPower(name, setting.command);
  if ("pdudaemon" in setting) return pdudaemonPower(name, setting.pdudaemon);
  return twinPower(name, setting.twin.control);
}
