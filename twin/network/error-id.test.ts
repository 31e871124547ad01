// Network conditions map onto the manual's error rows (oracle ids and texts); curl's exit codes are
// classified in twin/network/platform.ts and tested there.
import { describe, expect, it } from "vitest";
import { errorById } from "../../fixtures/manual/index.ts";
import { errorId } from "./error-id.ts";

describe("condition to manual error", () => {
  it.each([
    [{ kind: "timeout", viaProxy: true } as const, "Timeout was reached (28)"],
    [{ kind: "recv-failed", viaProxy: false } as const, "Failed receiving peer data (56)"],
    [{ kind: "ssl-peer-cert" } as const, "SSL peer cert was not OK"],
    [{ kind: "dns-cannot-resolve-platform", iface: "LAN" } as const, "LAN DNS can't resolve QG URL"],
  ])("%o shows %s", (condition, expected) => {
    expect(errorById(errorId(condition)).text).toBe(expected);
  });
});
