// From an oracle field step to an editor, and the check made when ENTER accepts a value.
import { formatIpv4, parseIpv4 } from "../../fixtures/manual/addr.ts";
import { netmaskRing, prefixToNetmask } from "../../fixtures/manual/netmask.ts";
import { IPV6_PREFIX_MAX, IPV6_PREFIX_MIN, portLinks } from "../../fixtures/manual/values.ts";
import type { FieldKind, FieldStep, NetworkMode } from "../../fixtures/manual/index.ts";
import type { DefectName } from "../defects.ts";
import type { Editor } from "./editor.ts";
import { DigitsEditor } from "./editors/digits.ts";
import { RingEditor } from "./editors/ring.ts";
import { TextEditor, type TextLimits } from "./editors/text.ts";
import { ViewEditor } from "./editors/view.ts";
import { fieldRules, validateField } from "../../fixtures/manual/fields.ts";

function limits(kind: FieldKind, defects: ReadonlySet<DefectName>): TextLimits {
  const rule = fieldRules[kind];
  const base = { maxLength: rule.maxLength, window: rule.window ?? 16, insertDelete: rule.insertDelete };
  return {
    ...base,
    maxLength: kind === "proxyUser" && defects.has("proxy-user-limit") ? 40 : base.maxLength,
    masked: kind === "proxyPassword",
    ...(kind === "winsDomain" && (defects.has("domain-forbidden-char") || defects.has("domain-lower-case"))
      ? { extra: [...(defects.has("domain-forbidden-char") ? ["-"] : []), ...(defects.has("domain-lower-case") ? [..."abcdefghijklmnopqrstuvwxyz"] : [])] }
      : {}),
  };
}

/** The editor for a field step, pre-filled with `initial`. */
export function editorFor(step: FieldStep, initial: string, mode: NetworkMode, defects: ReadonlySet<DefectName>): Editor {
  const kind = step.field;
  switch (kind) {
    case "ipv4": {
      const stored = initial !== "000.000.000.000" && parseIpv4(initial);
      const shown = defects.has("no-zero-pad") && stored ? stored.join(".") : initial;
      return new DigitsEditor(shown);
    }
    case "vlan":
    case "proxyPort":
      return new DigitsEditor(initial);
    case "netmask": {
      const ring = netmaskRing.map(prefixToNetmask);
      const reversed = defects.has("netmask-order");
      return new RingEditor(ring, initial, reversed ? { forward: "up", back: "down" } : { forward: "down", back: "up" });
    }
    case "ipv6Prefix": {
      const ring = Array.from({ length: IPV6_PREFIX_MAX - IPV6_PREFIX_MIN + 1 }, (_, i) => String(i + IPV6_PREFIX_MIN));
      return new RingEditor(ring, initial, { forward: "up", back: "down" });
    }
    case "portLink": {
      const reversed = defects.has("port-ring-reversed");
      return new RingEditor(portLinks, initial, reversed ? { forward: "left", back: "right" } : { forward: "right", back: "left" });
    }
    case "readonly":
      return new ViewEditor(initial, fieldRules.readonly.window ?? 16);
    case "proxyHost":
    case "proxyUser":
    case "proxyPassword":
    case "winsDomain":
    case "ipv6":
      return new TextEditor(kind, initial, limits(kind, defects), { mode });
  }
}

/** Why a value is refused when ENTER is pressed (short, for the LCD), or null when it is accepted. */
export function refusal(step: FieldStep, editor: Editor, mode: NetworkMode, defects: ReadonlySet<DefectName>): string | null {
  const value = entered(step, editor);
  const kind = step.field;
  if (step.optional && (value.trim() === "" || value === "000.000.000.000")) return null;
  if (kind === "vlan" && defects.has("vlan-range")) return /^\d{4}$/.test(value) ? null : lcdReason(kind, "");
  if (kind === "winsDomain" && defects.has("domain-forbidden-char")) return null;
  if (kind === "winsDomain" && defects.has("domain-lower-case")) {
    const v = validateField(kind, value.toUpperCase(), { mode, optional: step.optional });
    return v.ok ? null : lcdReason(kind, v.reason);
  }
  // proxy-user-limit: the length rule is not applied (the rest of the rule still is).
  const checked = kind === "proxyUser" && defects.has("proxy-user-limit") ? value.trim().slice(0, 32) : value;
  const v = validateField(kind, checked, { mode, optional: step.optional });
  return v.ok ? null : lcdReason(kind, v.reason);
}

/** The value an editor holds, as stored: an IPv4 address shown without padding (a defect) is padded again. */
export function entered(step: FieldStep, editor: Editor): string {
  const value = editor.value();
  const octets = step.field === "ipv4" ? parseIpv4(value) : null;
  return octets ? formatIpv4(octets) : value;
}

/** A short LCD text for the oracle's reason (the manual gives no wording: twin-local). */
function lcdReason(kind: FieldKind, reason: string): string {
  if (/embedded spaces/.test(reason)) return "NO SPACES INSIDE THE ENTRY";
  if (/is required/.test(reason)) return "A VALUE IS REQUIRED";
  if (/is not allowed/.test(reason)) return "CHARACTER NOT ALLOWED";
  if (/at most/.test(reason)) return "ENTRY TOO LONG";
  const byKind: Partial<Record<FieldKind, string>> = {
    ipv4: "INVALID IP ADDRESS: OCTETS 000-255",
    vlan: "VLAN MUST BE 0000-4094",
    proxyPort: "PORT MUST BE 00001-65535",
    ipv6: "INVALID IPv6 ADDRESS",
    proxyHost: "INVALID PROXY HOST",
    proxyUser: "INVALID PROXY USER",
  };
  return byKind[kind] ?? "INVALID ENTRY";
}
