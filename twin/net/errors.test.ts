// curl's exit codes and statuses map onto the manual's errors (oracle ids and texts).
import { describe, expect, it } from "vitest";
import { errorById } from "../../fixtures/manual/index.ts";
import { classifyCurl, errorId } from "./errors.ts";

const text = (exit: number, http: number, connect: number, viaProxy: boolean) => {
  const c = classifyCurl(exit, http, connect, viaProxy);
  return c ? errorById(errorId(c)).text : null;
};

describe("curl classification", () => {
  it.each([
    [7, 0, 0, false, "Error connect to server (07)"],
    [28, 0, 0, true, "Timeout was reached (28)"],
    [55, 0, 0, false, "Failed sending peer data (55)"],
    [56, 0, 0, false, "Failed receiving peer data (56)"],
    [60, 0, 0, false, "SSL peer cert was not OK"],
    [6, 0, 0, false, "LAN DNS can't resolve QG URL"],
    [5, 0, 0, true, "LAN DNS can't resolve proxy"],
    [56, 0, 407, true, "unexpected proxy HTTP/407"],
    [0, 401, 0, false, "Unexpected QG HTTP/401"],
    [0, 500, 0, false, "Unexpected QG HTTP/500"],
  ])("exit %i, HTTP %i, CONNECT %i, proxy %s: %s", (exit, http, connect, proxy, expected) => {
    expect(text(exit, http, connect, proxy)).toBe(expected);
  });

  it("a 200 answer is no error", () => {
    expect(classifyCurl(0, 200, 0, false)).toBeNull();
  });
});
