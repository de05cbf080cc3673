import type { Content, RoleHub } from "../content/load.ts";
import type { Question } from "../content/schema.ts";
import type { Db } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { questionAttemptRows } from "../repository/attempts.ts";
import { type AttemptView, compareAttempts } from "./attempts.ts";

/** Enough to compare a week of daily retries; older attempts are left out of the comparison. */
export const MAX_ATTEMPTS_SHOWN = 20;

export interface QuestionAttempts {
  questionId: string;
  role: string;
  questionText: string;
  attempts: AttemptView[];
}

function findQuestion(content: Content, questionId: string, roleId?: string): { hub: RoleHub; question: Question } {
  if (roleId !== undefined && !content.hub(roleId)) {
    throw new AppError("not_found", `No role "${roleId}". GET /api/roles lists the roles.`, { field: "role" });
  }
  const hubs = roleId !== undefined ? [content.hub(roleId) as RoleHub] : [...content.roles.values()];
  for (const hub of hubs) {
    const question = hub.questionsById.get(questionId);
    if (question) return { hub, question };
  }
  throw new AppError("not_found", `No question "${questionId}" in the bank. GET /api/roles lists the roles.`, {
    field: "questionId",
  });
}

/** The candidate's attempts at a bank question, each compared with the one before. */
export async function questionAttempts(
  db: Db,
  content: Content,
  candidateId: string,
  questionId: string,
  roleId?: string,
): Promise<QuestionAttempts> {
  const { hub, question } = findQuestion(content, questionId, roleId);
  const rows = await questionAttemptRows(db, candidateId, hub.role.id, questionId, MAX_ATTEMPTS_SHOWN);
  const attempts = compareAttempts(
    question,
    hub.rubric,
    rows.map((r) => ({
      sessionId: r.grade.sessionId,
      questionIndex: r.grade.questionIndex,
      status: r.grade.status,
      result: r.grade.result,
      turns: r.turns,
    })),
  );
  return { questionId, role: hub.role.id, questionText: question.text, attempts };
}
