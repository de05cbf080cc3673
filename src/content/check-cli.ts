import { ContentError, loadContent } from "./load.ts";

try {
  const content = loadContent();
  for (const hub of content.roles.values()) {
    const byRound = new Map<string, number>();
    for (const q of hub.questions) byRound.set(q.round, (byRound.get(q.round) ?? 0) + 1);
    const rounds = hub.role.rounds.map((r) => `${r.id}=${byRound.get(r.id) ?? 0}`).join(", ");
    console.log(`${hub.role.id}: ${hub.questions.length} questions (${rounds}), rubric v${hub.rubric.version}`);
  }
  console.log(`lexicon: ${content.lexicon.size} concepts from content/lexicon/`);
  console.log("content ok");
} catch (err) {
  if (err instanceof ContentError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}
