// The HTML report of a report directory: `allure awesome --single-file` over its allure results (one file that opens
// from disk). Used by `hil certify` and `hil report merge`.
import { join } from "node:path";
import { execa } from "execa";

/** Render `<out>/html/index.html` from `<out>/allure-results`; returns allure's output when it failed. */
export async function renderHtml(root: string, out: string, title: string): Promise<string | undefined> {
  const report = await execa(join(root, "node_modules/.bin/allure"), ["awesome", join(out, "allure-results"), "-o", join(out, "html"), "--single-file", "--name", title], { cwd: root, reject: false, all: true });
  return report.exitCode === 0 ? undefined : (report.all ?? `allure exited with ${report.exitCode}`);
}
