// Contender a (see contend.ts).
import { it } from "vitest";
import { contend } from "./contend.ts";

it("contender a holds the appliance alone", () => contend("a"));
