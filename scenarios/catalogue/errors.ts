// Catalogue fragment: Troubleshooting table rows produced by the real network condition that causes each (Appliance Network Errors, older model's E-codes).
import type { Scenario } from "../scenario.ts";

export const ERROR_SCENARIOS: readonly Scenario[] = [];
