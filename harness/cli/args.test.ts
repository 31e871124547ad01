// The argument layer every `hil` command uses: exact messages for each kind of bad input, help without side effects.
import { describe, expect, it } from "vitest";
import { closest, helpText, parse, runCommand, runGroup, type CommandSpec, type Io } from "./args.ts";

const spec: CommandSpec = {
  name: "hil demo",
  summary: "a demo command",
  positionals: [{ name: "SPEC" }, { name: "MORE", optional: true }],
  options: {
    name: { type: "string", value: "NAME", help: "the lab's name" },
    services: { type: "string", value: "LIST", help: "services to start", default: "dnsmasq,squid", choices: ["dnsmasq", "squid"], list: true },
    mode: { type: "string", value: "MODE", help: "how", choices: ["fast", "slow"] },
    seconds: { type: "string", value: "N", help: "how long", default: "10", check: (v) => (/^\d+$/.test(v) && Number(v) > 0 ? undefined : "a whole number of seconds above 0") },
    json: { type: "boolean", short: "j", help: "print JSON" },
  },
};

function capture(): Io & { outText: string[]; errText: string[] } {
  const outText: string[] = [];
  const errText: string[] = [];
  return { outText, errText, out: (t) => outText.push(t), err: (t) => errText.push(t) };
}

const problem = (argv: string[], s: CommandSpec = spec) => {
  try {
    parse(s, argv);
  } catch (error) {
    return (error as Error).message;
  }
  return "accepted";
};

describe("parse", () => {
  it("reads options, defaults, lists and positionals", () => {
    const a = parse(spec, ["static", "--name", "x", "-j", "--mode=slow"]);
    expect([a.positional("SPEC"), a.positional("MORE"), a.string("name"), a.flag("json"), a.string("mode"), a.list("services"), a.string("seconds")]).toEqual(["static", undefined, "x", true, "slow", ["dnsmasq", "squid"], "10"]);
    expect(parse(spec, ["s", "--services", "squid"]).list("services")).toEqual(["squid"]);
  });

  it("gives a variadic last positional every remaining argument, and names it when none is given", () => {
    const many: CommandSpec = { name: "hil many", summary: "s", positionals: [{ name: "FIRST" }, { name: "IN", variadic: true }], options: { out: { type: "string", help: "o" } } };
    const a = parse(many, ["f", "a", "--out", "o", "b", "c"]);
    expect([a.positional("FIRST"), a.all("IN"), a.string("out")]).toEqual(["f", ["a", "b", "c"], "o"]);
    expect(problem(["f"], many)).toBe("missing IN");
    expect(helpText(many)).toMatch(/^usage: hil many FIRST IN\.\.\. \[options\]\n/);
  });

  it("names an unknown option and suggests the near one", () => {
    expect(problem(["s", "--nme", "x"])).toBe("unknown option '--nme' (did you mean '--name'?)");
    expect(problem(["s", "--zzzzzz"])).toBe("unknown option '--zzzzzz'");
    expect(problem(["s", "-x"])).toBe("unknown option '-x'");
  });

  it("refuses values outside the choices, naming option, expectation and value", () => {
    expect(problem(["s", "--services", "bogus"])).toBe("expected --services to be a comma list of dnsmasq or squid, got 'bogus'");
    expect(problem(["s", "--services", "squid,bogus"])).toBe("expected --services to be a comma list of dnsmasq or squid, got 'squid,bogus'");
    expect(problem(["s", "--mode", "medium"])).toBe("expected --mode to be fast or slow, got 'medium'");
    expect(problem(["s", "--seconds", "-3"])).toBe("option '--seconds' needs a value N, got the option '-3' (write --seconds=-3 if that is the value)");
    expect(problem(["s", "--seconds=-3"])).toBe("expected --seconds to be a whole number of seconds above 0, got '-3'");
  });

  it("refuses missing values, values for flags, missing and extra positionals, and an unexpected --", () => {
    expect(problem(["s", "--name"])).toBe("option '--name' needs a value NAME");
    expect(problem(["s", "--name", "--json"])).toBe("option '--name' needs a value NAME, got the option '--json' (write --name=--json if that is the value)");
    expect(problem(["s", "--json=yes"])).toBe("option '--json' takes no value, got '--json=yes'");
    expect(problem([])).toBe("missing SPEC");
    expect(problem(["a", "b", "c"])).toBe("unexpected argument 'c'");
    expect(problem(["a", "--", "x"])).toBe("unexpected '--'");
  });

  it("keeps what follows -- for a command that takes it", () => {
    const exec: CommandSpec = { name: "hil x exec", summary: "s", positionals: [{ name: "HOST" }], rest: "CMD [ARGS...]" };
    expect(parse(exec, ["dut", "--", "ip", "--help", "-x"]).rest).toEqual(["ip", "--help", "-x"]);
    expect(problem(["dut", "--"], exec)).toBe("missing CMD [ARGS...] after '--'");
  });

  it("suggests only near names", () => {
    expect(closest("certfy", ["certify", "lab"])).toBe("certify");
    expect(closest("xyz", ["certify", "lab"])).toBeUndefined();
  });
});

describe("runCommand", () => {
  it("prints the help and runs nothing when --help or -h is anywhere before --", async () => {
    for (const argv of [["--help"], ["s", "--nme", "-h"], ["--services", "bogus", "--help"]]) {
      const io = capture();
      let ran = false;
      expect(await runCommand(spec, argv, () => ((ran = true), 0), io)).toBe(0);
      expect(ran).toBe(false);
      expect(io.outText).toEqual([helpText(spec)]);
    }
    expect(helpText(spec)).toBe(
      [
        "usage: hil demo SPEC [MORE] [options]",
        "",
        "a demo command",
        "",
        "options:",
        "  --name NAME      the lab's name",
        "  --services LIST  services to start (comma list of dnsmasq, squid; default dnsmasq,squid)",
        "  --mode MODE      how (one of fast, slow)",
        "  --seconds N      how long (default 10)",
        "  -j, --json       print JSON",
        "  -h, --help       show this help and exit (does nothing else)",
      ].join("\n"),
    );
  });

  it("returns 2 with the command, the problem and the usage on stderr, without running", async () => {
    const io = capture();
    let ran = false;
    expect(await runCommand(spec, ["s", "--nme", "x"], () => ((ran = true), 0), io)).toBe(2);
    expect(ran).toBe(false);
    expect(io.errText).toEqual(["hil demo: unknown option '--nme' (did you mean '--name'?)\n\nusage: hil demo SPEC [MORE] [options]\n(hil demo --help for details)"]);
    expect(io.outText).toEqual([]);
  });

  it("runs the handler with the arguments and returns its code", async () => {
    expect(await runCommand(spec, ["s", "--json"], (a) => (a.flag("json") ? 7 : 0), capture())).toBe(7);
  });
});

describe("runGroup", () => {
  const subs = { up: { spec: { ...spec, name: "hil g up", summary: "bring it up" }, run: () => 5 }, down: { spec: { name: "hil g down", summary: "take it down" }, run: () => 6 } };

  it("dispatches, lists subcommands on --help, and names an unknown or missing subcommand", async () => {
    expect(await runGroup("hil g", "a group", subs, ["down"], capture())).toBe(6);
    const help = capture();
    expect(await runGroup("hil g", "a group", subs, ["--help"], help)).toBe(0);
    expect(help.outText[0]).toBe("usage: hil g <subcommand> [options]\n\na group\n\nsubcommands:\n  up    bring it up\n  down  take it down\n\nhil g <subcommand> --help for its options");
    const bad = capture();
    expect(await runGroup("hil g", "a group", subs, ["dwn"], bad)).toBe(2);
    expect(bad.errText[0]).toMatch(/^hil g: unknown subcommand 'dwn' \(did you mean 'down'\?\)\n\nusage: hil g <subcommand>/);
    const none = capture();
    expect(await runGroup("hil g", "a group", subs, [], none)).toBe(2);
    expect(none.errText[0]).toMatch(/^hil g: missing subcommand\n\n/);
    const downExtra = capture();
    expect(await runGroup("hil g", "a group", subs, ["down", "--force"], downExtra)).toBe(2);
    expect(downExtra.errText[0]).toBe("hil g down: unknown option '--force'\n\nusage: hil g down\n(hil g down --help for details)");
  });
});
