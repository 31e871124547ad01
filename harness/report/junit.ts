// JUnit XML as vitest's junit reporter writes it: one <testsuites> root, one <testsuite> per test file. Reads which
// files a report ran, and merges the reports of several runs (shards, hosts) into one whose totals are the sums.
import { readFile } from "node:fs/promises";

const SUITE = /<testsuite\s[^>]*?(?:\/>|>[\s\S]*?<\/testsuite>)/g;
const ROOT = /<testsuites\b([^>]*)>/;

const unescape = (s: string) => s.replace(/&(lt|gt|quot|apos|amp);/g, (_m, e: string) => ({ lt: "<", gt: ">", quot: '"', apos: "'", amp: "&" })[e]!);
const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");

/** The value of attribute `name` in the attribute text `attrs` (unescaped), or undefined. */
function attribute(attrs: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(attrs);
  return m ? unescape(m[1]!) : undefined;
}

/** One JUnit report: its root's totals and its suites (their XML, as written). */
export interface JunitReport {
  tests: number;
  failures: number;
  errors: number;
  time: number;
  suites: { name: string; xml: string; testcases: number }[];
}

/** Parse vitest's JUnit XML; `source` names the file in the error when it is not that. */
export function parseJunit(xml: string, source: string): JunitReport {
  const root = ROOT.exec(xml);
  if (!root) throw new Error(`${source}: expected JUnit XML with a <testsuites> root, found ${JSON.stringify(xml.slice(0, 60))}`);
  const number = (name: string) => {
    const v = attribute(root[1]!, name);
    const n = Number(v ?? "0");
    if (!Number.isFinite(n)) throw new Error(`${source}: expected <testsuites ${name}> to be a number, found '${v}'`);
    return n;
  };
  const suites = [...xml.matchAll(SUITE)].map(([x]) => {
    const head = /^<testsuite\s[^>]*>/.exec(x)![0];
    const name = attribute(head, "name");
    if (name === undefined) throw new Error(`${source}: a <testsuite> without a name: ${head}`);
    return { name, xml: x, testcases: (x.match(/<testcase\b/g) ?? []).length };
  });
  return { tests: number("tests"), failures: number("failures"), errors: number("errors"), time: number("time"), suites };
}

/** The test files (suite names) of the JUnit report at `path`, sorted; undefined when there is no report. */
export async function junitFiles(path: string): Promise<string[] | undefined> {
  const xml = await readFile(path, "utf8").catch(() => undefined);
  return xml === undefined ? undefined : parseJunit(xml, path).suites.map((s) => s.name).sort();
}

/** One XML text of the reports: every suite once (a file in two reports is an error naming both), totals summed. */
export function mergeJunit(reports: readonly { source: string; xml: string }[]): string {
  const parsed = reports.map((r) => ({ source: r.source, report: parseJunit(r.xml, r.source) }));
  const seen = new Map<string, string>();
  for (const { source, report } of parsed)
    for (const s of report.suites) {
      const first = seen.get(s.name);
      if (first) throw new Error(`test file ${s.name} is in two JUnit reports: ${first} and ${source}`);
      seen.set(s.name, source);
    }
  const sum = (k: "tests" | "failures" | "errors" | "time") => parsed.reduce((a, p) => a + p.report[k], 0);
  const suites = parsed.flatMap((p) => p.report.suites).sort((a, b) => a.name.localeCompare(b.name));
  return [
    '<?xml version="1.0" encoding="UTF-8" ?>',
    `<testsuites name="${escape("vitest tests")}" tests="${sum("tests")}" failures="${sum("failures")}" errors="${sum("errors")}" time="${sum("time")}">`,
    ...suites.map((s) => `    ${s.xml}`),
    "</testsuites>",
    "",
  ].join("\n");
}
