// Contender b (see contend.ts).
import { it } from "vitest";
import { contend } from "./contend.ts";

it("contender b holds the appliance alone", () => contend("b"));
