// First: .env and the tracing guard, as for the server (model-graded evals send answers to the model).
import "../preload.ts";
import { runCli } from "./cli.ts";
import { runAsBin } from "./cli-io.ts";

runAsBin(runCli);
