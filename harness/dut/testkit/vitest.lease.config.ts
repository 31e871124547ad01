// Inner run of lease.test.ts: two files in two fork workers contend for one appliance's lease and console.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: { include: ["harness/dut/testkit/*.lease.ts"], pool: "forks", maxWorkers: 2, fileParallelism: true, testTimeout: 60_000 },
});
