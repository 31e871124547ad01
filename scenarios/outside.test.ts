// The appliance is observed only from outside (issue 9): no code of the suite (scenarios/) or of the library it uses
// (harness/) runs anything in, or reads anything of, the DUT's namespace or the twin's state directory. On hardware
// those live inside the box; a check that reads them there passes on the twin and cannot run on an appliance.
// The twin backend is the exception: it starts the twin inside the lab's `dut` namespace, as a box is plugged in.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "..");
const SCANNED = ["scenarios", "harness"];

/** Files allowed to reach into the DUT's namespace, with the reason. */
const BACKENDS: Readonly<Record<string, string>> = {
  "harness/dut/twin.ts": "the twin backend starts the twin inside the lab's dut namespace",
};

/** What reaches into the appliance, and why each is forbidden. */
export const INSIDE: readonly { re: RegExp; what: string }[] = [
  { re: /\bexec\(\s*["'`]dut["'`]/, what: "runs a command in the DUT's namespace (lab.exec(\"dut\", ...))" },
  { re: /\bns\(\s*["'`]dut["'`]\s*\)/, what: "names the DUT's namespace (lab.ns(\"dut\")): act on lab.cableEnd(port) instead" },
  { re: /\brunIn\(\s*[^,)]*\bdut/i, what: "runs a command in a namespace named after the DUT (runIn(dut...))" },
  { re: /\bcaptureOn\([^)]*["'`]dut["'`]/, what: "captures inside the DUT's namespace: capture on the lab end of its cable (observe.ts captureAt)" },
  { re: /\bdut\.dir\b/, what: "reads or writes the twin's state directory (dut.dir): the twin's files are not the appliance's outside" },
  { re: /\/sys\/class\/net\/(?:lan0|wan0)\b/, what: "reads the appliance port's sysfs (/sys/class/net/lan0|wan0)" },
  { re: /\$\{[^}]*\}-dut\b|["'`][A-Za-z0-9_.-]*[A-Za-z0-9_]-dut["'`]/, what: "builds the DUT's namespace name (<prefix>-dut)" },
];

/** One reach into the appliance: where, the line, and what the pattern says. */
export interface Finding {
  readonly file: string;
  readonly line: number;
  readonly text: string;
  readonly what: string;
}

/** The lines of `source` (file `file`) that reach into the appliance; comment lines are skipped. */
export function findInside(file: string, source: string): Finding[] {
  const found: Finding[] = [];
  source.split("\n").forEach((raw, i) => {
    const text = raw.trim();
    if (/^(\/\/|\/\*|\*)/.test(text)) return;
    for (const { re, what } of INSIDE) if (re.test(text)) found.push({ file, line: i + 1, text, what });
  });
  return found;
}

/** The .ts files the guard reads: all of scenarios/ and harness/ but harness's own unit tests and the twin backend. */
function scannedFiles(): string[] {
  const self = relative(ROOT, import.meta.filename);
  const walk = (dir: string): string[] =>
    readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
      const rel = join(dir, e.name);
      if (e.isDirectory()) return e.name === "node_modules" ? [] : walk(rel);
      return e.name.endsWith(".ts") ? [rel] : [];
    });
  return SCANNED.flatMap(walk).filter((f) => f !== self && !(f in BACKENDS) && !(f.startsWith("harness/") && /\.(test|bench)\.ts$/.test(f)));
}

describe("the appliance is observed only from outside", () => {
  it("no code under scenarios/ or harness/ (but the twin backend) runs in or reads the DUT's namespace or the twin's state", () => {
    const files = scannedFiles();
    expect(files.length).toBeGreaterThan(50);
    const findings = files.flatMap((f) => findInside(f, readFileSync(join(ROOT, f), "utf8")));
    const report = findings.map((f) => `${f.file}:${f.line}: ${f.what}\n    ${f.text}`).join("\n");
    expect(report, `code that reaches into the appliance (observe it from outside: scenarios/checks/observe.ts, lab.cableEnd(port)):\n${report}`).toBe("");
  });

  it("catches each kind of reach on a planted line, and passes the outside ways of doing the same", () => {
    const planted = [
      'const r = await s.lab!.exec("dut", "ip", ["-4", "-o", "addr", "show"]);',
      'const fault = await applyDnsUnreachable(s.lab!.ns("dut"), s.lab!.prefix, LAN_DNS);',
      "await runIn(dutNs, \"cat\", [\"/proc/net/route\"]);",
      'const cap = await captureOn(s, "dut", "lan0");',
      'const file = join(s.dut.dir, "state", "net", "link-partner.lan0");',
      'const mac = readFileSync("/sys/class/net/lan0/address", "utf8");',
      "await run(\"ip\", [\"-n\", `${prefix}-dut`, \"addr\"]);",
    ];
    const found = findInside("scenarios/checks/planted.ts", planted.join("\n"));
    expect(found.map((f) => f.line)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(found[0]!.what).toContain("runs a command in the DUT's namespace");
    const outside = [
      'const end = s.lab!.cableEnd("lan0");',
      "const fault = await applyLinkDown(end.ns, end.iface);",
      'const cap = await captureOn(s, "target1", "eth0");',
      'const ip = await dutAddress(s, "LAN", 4);',
      '// a comment about lab.exec("dut", ...) is no reach',
    ];
    expect(findInside("scenarios/checks/planted.ts", outside.join("\n"))).toEqual([]);
  });
});
