import { runCli } from "./cli.ts";
import { runAsBin } from "./cli-io.ts";

runAsBin(runCli);
