// Catalogue fragment: proxy errors and Qualys Platform connectivity errors of the troubleshooting table, each produced by the real proxy or platform condition, with the older model's E-codes.
import type { Scenario } from "../scenario.ts";

export const CONNECTIVITY_SCENARIOS: readonly Scenario[] = [];
