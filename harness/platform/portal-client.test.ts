// The portal client on its own: a missing socket gives an error naming the endpoint and the socket.
import { describe, expect, it } from "vitest";
import { Portal } from "./portal.ts";

describe("Portal client", () => {
  it("names the endpoint and socket when nothing listens", async () => {
    const error = await new Portal("/run/hil-no-such-dir/portal.sock").health().catch((e: Error) => e);
    expect((error as Error).message).toBe("Portal GET /portal/v1/health on /run/hil-no-such-dir/portal.sock failed: connect ENOENT /run/hil-no-such-dir/portal.sock");
  });
});
