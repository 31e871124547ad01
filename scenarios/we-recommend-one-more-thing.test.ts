// Manual section "We recommend one more thing": its scenarios from the catalogue (scenarios/catalogue.ts).
import { section } from "./section.ts";

section("We recommend one more thing");
