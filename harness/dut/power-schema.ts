// The inventory's `power` field: which driver powers the appliance. `none`; shell command lines (`command`); a
// PDUDaemon's HTTP API (`pdudaemon`: one driver for the dozens of PDU models it knows); or the control socket of a
// twin-as-hardware box (`twin`). Strict: unknown keys are refused, each mistake is explained by the one branch it meant.
import { z } from "zod";

const line = z.string().min(1, "a non-empty shell command line");
const commandSchema = z.object({ command: z.object({ on: line, off: line, cut: line.optional() }).strict() }).strict();
const url = z.string().regex(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, "an http(s) URL of the daemon, like http://127.0.0.1:16421");
const pdudaemonSchema = z
  .object({
    pdudaemon: z
      .object({
        url,
        /** The PDU's name in pdudaemon's configuration (its `pdus` key). */
        hostname: z.string().regex(/^[^\s&=#?]+$/, "the PDU's name in pdudaemon's configuration (no spaces, '&', '=', '#', '?')"),
        /** The outlet the appliance is plugged into. */
        port: z.number().int("an outlet number (a positive integer)").positive("an outlet number (a positive integer)"),
      })
      .strict(),
  })
  .strict();
const twinSchema = z.object({ twin: z.object({ control: z.string().regex(/^\/\S+$/, "the absolute path of the box's control socket") }).strict() }).strict();

/** The `power` field of an inventory appliance. */
export const powerSchema = z.union([z.literal("none"), commandSchema, pdudaemonSchema, twinSchema]);
/** What `power` accepts, in the inventory's words. */
export const POWER_EXPECTED = "none, {command: {on, off, cut?}}, {pdudaemon: {url, hostname, port}} or {twin: {control}}";

/** A validated power setting, defaults resolved (a command's `cut` defaults to its `off`: a PDU can only cut). */
export type PowerSetting =
  | "none"
  | { readonly command: { readonly on: string; readonly off: string; readonly cut: string } }
  | { readonly pdudaemon: { readonly url: string; readonly hostname: string; readonly port: number } }
  | { readonly twin: { readonly control: string } };

/** Resolve the defaults of a parsed `power` field (frozen). */
export function resolvePower(p: z.infer<typeof powerSchema>): PowerSetting {
  if (p === "none") return "none";
  if ("command" in p) return Object.freeze({ command: Object.freeze({ on: p.command.on, off: p.command.off, cut: p.command.cut ?? p.command.off }) });
  if ("pdudaemon" in p) return Object.freeze({ pdudaemon: Object.freeze({ ...p.pdudaemon, url: p.pdudaemon.url.replace(/\/+$/, "") }) });
  return Object.freeze({ twin: Object.freeze({ ...p.twin }) });
}

/** Which driver a power value meant (its one key), to explain a mistake by that branch alone. */
const BRANCHES = { command: commandSchema, pdudaemon: pdudaemonSchema, twin: twinSchema } as const;
const ALLOWED: Record<string, string> = { command: "on, off, cut", pdudaemon: "url, hostname, port", twin: "control" };

/** One mistake of a `power` value: the path below `power`, what was expected, the value found there. */
export interface PowerMistake {
  readonly path: readonly PropertyKey[];
  readonly expected: string;
  readonly found: unknown;
}

/** Explain why `value` is no valid `power` setting, by the branch its single key names (else the whole choice). */
export function explainPower(value: unknown): PowerMistake {
  const keys = value !== null && typeof value === "object" && !Array.isArray(value) ? Object.keys(value) : [];
  const branch = keys.length === 1 ? BRANCHES[keys[0] as keyof typeof BRANCHES] : undefined;
  if (!branch) return { path: [], expected: POWER_EXPECTED, found: value };
  const r = branch.safeParse(value);
  const issue = r.success ? undefined : r.error.issues[0];
  if (!issue) return { path: [], expected: POWER_EXPECTED, found: value };
  const at = issue.path.reduce<unknown>((o, k) => (o as Record<PropertyKey, unknown> | undefined)?.[k as PropertyKey], value);
  if (issue.code === "unrecognized_keys") {
    return { path: issue.path, expected: `no key ${issue.keys.map((k) => JSON.stringify(k)).join(", ")} (allowed: ${ALLOWED[keys[0]!]})`, found: issue.keys[0] };
  }
  const expected = issue.message.replace(/^Invalid (input|option): expected /, "").replace(/, received .*$/, "");
  return { path: issue.path, expected, found: at };
}
