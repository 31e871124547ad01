// Manual section "Split Network Configuration": its scenarios from the catalogue (scenarios/catalogue.ts).
import { section } from "./section.ts";

section("Split Network Configuration");
