// Address normalisation for queries: the forms tshark prints, from the forms people (and the LCD) write.
import { CaptureError } from "./errors.ts";

/**
 * Canonical text of an IPv4/IPv6 address as tshark prints it: IPv4 octets in plain decimal (the appliance LCD
 * shows "010.079.000.001", which means 10.79.0.1, never octal), IPv6 lower case and compressed (RFC 5952).
 */
export function canonicalIp(addr: string): string {
  const text = addr.trim();
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4) {
    const octets = v4.slice(1).map((o) => Number.parseInt(o, 10));
    if (octets.every((o) => o <= 255)) return octets.join(".");
  } else if (text.includes(":")) {
    try {
      return new URL(`http://[${text.replace(/^\[|\]$/g, "")}]/`).hostname.slice(1, -1);
    } catch {
      // fall through to the error below
    }
  }
  throw new CaptureError(`Expected an IPv4 or IPv6 address, got ${JSON.stringify(addr)}`);
}

/** Canonical MAC: lower case, colon separated ("AA-BB-..." and "aabb.ccdd.eeff" accepted). */
export function canonicalMac(mac: string): string {
  const hex = mac.trim().toLowerCase().replace(/[-:.]/g, "");
  if (!/^[0-9a-f]{12}$/.test(hex)) throw new CaptureError(`Expected a MAC address, got ${JSON.stringify(mac)}`);
  return hex.match(/../g)!.join(":");
}
