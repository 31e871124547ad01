// User-facing messages of the DUT layer, built in one place; the underlying error stays as `cause`.
import { invalidMessage } from "../../netns/util/validate.ts";

/** A DUT could not be attached or controlled. */
export class DutError extends Error {
  override readonly name = "DutError";
}

/** The twin process did not come up. */
export function twinStartFailed(name: string, what: string, output: string, cause?: unknown): DutError {
  const tail = output.trim().split("\n").slice(-8).join("\n");
  return new DutError(`DUT ${name}: the twin did not start: ${what}${tail ? `\ntwin output:\n${tail}` : ""}`, { cause });
}

/** A power command failed. */
export function powerFailed(name: string, action: string, detail: string, cause?: unknown): DutError {
  return new DutError(`DUT ${name}: power ${action} failed: ${detail}`, { cause });
}

/** The inventory gives this appliance no power control. */
export function noPowerControl(name: string, file: string, action: string): DutError {
  return new DutError(`DUT ${name}: cannot power ${action}: ${file} sets power: none for this appliance (add power: {command: {on, off}}, {pdudaemon: {url, hostname, port}} or {twin: {control}})`);
}

/** An inventory file is invalid. */
export function inventoryInvalid(file: string, path: string, expected: string, found: string): DutError {
  return new DutError(invalidMessage({ source: `inventory ${file}`, field: path, expected, found }));
}

/** No appliance of that name in the inventory. */
export function unknownAppliance(file: string, name: string, known: readonly string[]): DutError {
  return new DutError(`Inventory ${file} has no appliance named ${JSON.stringify(name)} (known: ${known.join(", ") || "none"})`);
}

/** HIL_DUT names something this layer cannot attach. */
export function badDutSelector(value: string, detail: string): DutError {
  return new DutError(`HIL_DUT=${JSON.stringify(value)}: ${detail}`);
}
