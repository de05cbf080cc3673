import { checkPromptLock, updatePromptLock } from "./prompt-lock.ts";

/** `npm run prompts:lock` records new prompt versions; with --check it only verifies (for CI). */
const checkOnly = process.argv.includes("--check");
const result = checkOnly ? checkPromptLock() : updatePromptLock();
for (const p of result.problems) console.error(p);
if (checkOnly) {
  for (const u of result.unlocked) console.error(`prompts/${u.file}: version ${u.version} is not in the lock yet`);
  process.exit(result.problems.length + result.unlocked.length > 0 ? 1 : 0);
}
for (const u of result.unlocked) console.log(`locked ${u.id}@${u.version}`);
process.exit(result.problems.length > 0 ? 1 : 0);
