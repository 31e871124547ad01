// The appliance UI driver: typed states, the strategy, menu selection, field entry and flows from the oracle.
export { Ui, type UiOptions, type Target } from "./driver.ts";
export { parseState, describeState, isHomeLike, type UiState, type ManualError } from "./state.ts";
export { runFlow, cancel, atRef, shows, type FlowOptions, type FlowResult } from "./flow.ts";
export { enterValue, fieldForm, type EntryMode } from "./fields.ts";
export { planMoves, pathToFlow, itemsOf } from "./menus.ts";
export { DeviationError, RecoveryFailed, StartUnavailable, StrategyError } from "./errors.ts";
export { StartStrategy, type ActivationRecord, type StrategyOptions, type TransitionReport } from "./strategy.ts";
export { resolveStart, planStart, START_DEFAULTS, type StartSpec, type StartState, type SeenConfig, type PlanStep, type FlowValues } from "./start.ts";
