// JUnit reports of several shards merge into one with every suite once and summed totals; a file twice is refused.
import { describe, expect, it } from "vitest";
import { mergeJunit, parseJunit } from "./junit.ts";

const report = (file: string, tests: number, failures: number, time: number) =>
  [
    '<?xml version="1.0" encoding="UTF-8" ?>',
    `<testsuites name="vitest tests" tests="${tests}" failures="${failures}" errors="0" time="${time}">`,
    `    <testsuite name="${file}" timestamp="2026-12-06T12:00:02.829Z" hostname="vm" tests="${tests}" failures="${failures}" errors="0" skipped="0" time="${time}">`,
    ...Array.from({ length: tests }, (_, i) => `        <testcase classname="${file}" name="S &gt; case ${i} (&apos;x&apos;)" time="1.5">\n        </testcase>`),
    "    </testsuite>",
    "</testsuites>",
    "",
  ].join("\n");

describe("mergeJunit", () => {
  it("keeps every suite once, sorted by file, with the totals summed", () => {
    const merged = mergeJunit([
      { source: "b/junit.xml", xml: report("scenarios/b.test.ts", 2, 1, 4) },
      { source: "a/junit.xml", xml: report("scenarios/a.test.ts", 3, 0, 6.5) },
    ]);
    const back = parseJunit(merged, "merged");
    expect(back).toMatchObject({ tests: 5, failures: 1, errors: 0, time: 10.5 });
    expect(back.suites.map((s) => [s.name, s.testcases])).toEqual([["scenarios/a.test.ts", 3], ["scenarios/b.test.ts", 2]]);
    expect(merged).toContain(`name="S &gt; case 0 (&apos;x&apos;)"`);
    expect(merged.startsWith('<?xml version="1.0" encoding="UTF-8" ?>\n<testsuites name="vitest tests" tests="5" failures="1" errors="0" time="10.5">\n')).toBe(true);
  });

  it("refuses a test file that two reports ran, and XML that is no JUnit report", () => {
    expect(() => mergeJunit([{ source: "s1/junit.xml", xml: report("scenarios/a.test.ts", 1, 0, 1) }, { source: "s2/junit.xml", xml: report("scenarios/a.test.ts", 1, 0, 1) }])).toThrow("test file scenarios/a.test.ts is in two JUnit reports: s1/junit.xml and s2/junit.xml");
    expect(() => mergeJunit([{ source: "s1/junit.xml", xml: "<html></html>" }])).toThrow('s1/junit.xml: expected JUnit XML with a <testsuites> root, found "<html></html>"');
  });
});
