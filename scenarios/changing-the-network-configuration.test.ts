// Manual section "Changing the Network Configuration": its scenarios from the catalogue (scenarios/catalogue.ts).
import { section } from "./section.ts";

section("Changing the Network Configuration");
