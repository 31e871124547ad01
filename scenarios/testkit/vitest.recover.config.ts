// Inner run of scenarios/recovery.test.ts: scenarios on a twin-as-hardware box that a test-side fault hangs. Results
// go to a JSON file (HIL_RECOVER_JSON) and to allure (HIL_ALLURE_RESULTS), where skip reasons are kept.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["scenarios/testkit/*.recover.ts"], pool: "forks", maxWorkers: 1, fileParallelism: false, setupFiles: ["allure-vitest/setup"],
    reporters: [["json", { outputFile: process.env.HIL_RECOVER_JSON ?? "reports/recover.json" }], ["allure-vitest/reporter", { resultsDir: process.env.HIL_ALLURE_RESULTS ?? "reports/allure-results" }]],
  },
});
