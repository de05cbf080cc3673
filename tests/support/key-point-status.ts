import { loadContent } from "../../src/content/load.ts";
import { OfflineGrader } from "../../src/grading/offline/grader.ts";

const content = loadContent();
const hub = content.hub("ml-engineer")!;
const grader = OfflineGrader.forContent(content);

/** The offline grader's status for one key point of a bank question, given a one-turn answer. */
export function keyPointStatus(questionId: string, answer: string, keyPointId: string) {
  const question = hub.questionsById.get(questionId)!;
  return grader
    .matchKeyPoints(question, [{ turnId: "t1", kind: "question", prompt: question.text, answer }])
    .find((m) => m.keyPoint.id === keyPointId)?.status;
}

export const bankQuestions = () => hub.questions;

/** The offline grader's key-point matches for a one-turn answer to a bank question. */
export function matchesFor(questionId: string, answer: string) {
  const question = hub.questionsById.get(questionId)!;
  return grader.matchKeyPoints(question, [{ turnId: "t1", kind: "question", prompt: question.text, answer }]);
}

/** The offline grader's "what to improve" lines for a one-turn answer to a bank question. */
export function improvementsFor(questionId: string, answer: string): string[] {
  const question = hub.questionsById.get(questionId)!;
  return grader.gradeSync(question, hub.rubric, [{ turnId: "t1", kind: "question", prompt: question.text, answer }])
    .improvements;
}
