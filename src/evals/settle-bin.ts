import { runAsBin } from "./cli-io.ts";
import { runSettleCli } from "./settle-cli.ts";

runAsBin(runSettleCli);
