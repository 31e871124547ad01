import { describe, expect, it } from "vitest";
import { z } from "zod";
import { fieldOf, foundOf, InvalidSettingError, validate } from "./validate.ts";

const schema = z
  .object({
    name: z.string().regex(/^[a-z]+$/, "expected a name of a-z"),
    port: z.number().int().min(1),
    mode: z.enum(["on", "off"]).default("on"),
    line: z.object({ stop: z.union([z.literal(1), z.literal(2)]) }).strict().optional(),
    hosts: z.array(z.object({ ip: z.string() }).strict()).optional(),
  })
  .strict();

const message = (input: unknown) => {
  try {
    validate(schema, input, "settings lab.yaml");
    return "valid";
  } catch (e) {
    return (e as Error).message;
  }
};

describe("validate: one error format for settings", () => {
  it("returns the parsed value, frozen", () => {
    const v = validate(schema, { name: "a", port: 1 }, "x");
    expect(v).toEqual({ name: "a", port: 1, mode: "on" });
    expect(Object.isFrozen(v)).toBe(true);
  });

  it("names the source, the field, what was expected and what was found", () => {
    expect(message({ name: "A", port: 1 })).toBe('Invalid settings lab.yaml at name: expected a name of a-z, found "A"');
    expect(message({ name: "a" })).toBe("Invalid settings lab.yaml at port: expected number, found nothing");
    expect(message({ name: "a", port: 1, mode: "auto" })).toBe('Invalid settings lab.yaml at mode: expected one of "on"|"off", found "auto"');
    expect(message({ name: "a", port: 1, line: { stop: 3 } })).toBe("Invalid settings lab.yaml at line.stop: expected one of 1|2, found 3");
    expect(message({ name: "a", port: 1, hosts: [{ ip: "x", mac: "y" }] })).toBe('Invalid settings lab.yaml at hosts[0]: expected no key "mac", found "mac"');
    expect(message({ name: "a", port: 1, extra: true })).toBe('Invalid settings lab.yaml at (root): expected no key "extra", found "extra"');
  });

  it("throws the caller's error when asked, keeping the parts", () => {
    class MyError extends Error {}
    expect(() => validate(schema, {}, "opts", (i) => new MyError(`${i.field}|${i.expected}|${i.found}`))).toThrow(MyError);
    const e = (() => {
      try {
        validate(schema, { name: 1, port: 1 }, "opts");
      } catch (error) {
        return error as InvalidSettingError;
      }
    })();
    expect(e?.invalid).toEqual({ source: "opts", field: "name", expected: "string", found: "1" });
  });

  it("writes paths and found values plainly", () => {
    expect(fieldOf(["appliances", 0, "timings", "bootMs"])).toBe("appliances[0].timings.bootMs");
    expect(foundOf(undefined)).toBe("nothing");
    expect(foundOf(null)).toBe("null");
    expect(foundOf([1, 2])).toBe("[1,2]");
  });
});
