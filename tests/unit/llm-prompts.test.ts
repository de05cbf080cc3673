import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkPromptLock, updatePromptLock } from "../../src/llm/prompt-lock.ts";
import { listPromptFiles, loadPrompt, PROMPTS_DIR, PromptError, parsePromptFile } from "../../src/llm/prompts.ts";

const copyPrompts = () => {
  const dir = mkdtempSync(join(tmpdir(), "mockloop-prompts-"));
  cpSync(PROMPTS_DIR, dir, { recursive: true });
  return dir;
};

describe("prompt files", () => {
  it("has one versioned file for each prompt the app uses", () => {
    expect(listPromptFiles()).toEqual(["followup.md", "grader.md", "reference-grader.md", "session-summary.md"]);
    for (const id of ["grader", "reference-grader", "followup", "session-summary"]) {
      expect(loadPrompt(id).versionTag).toMatch(new RegExp(`^${id}@\\d+\\.\\d+\\.\\d+$`));
    }
  });

  it("matches the committed lock: a prompt changed without a version bump fails here", () => {
    const result = checkPromptLock();
    expect(result.problems).toEqual([]);
    expect(result.unlocked).toEqual([]);
  });

  it("catches an edit that keeps the version, and accepts it once the version is bumped and locked", () => {
    const dir = copyPrompts();
    const file = join(dir, "grader.md");
    writeFileSync(file, `${readFileSync(file, "utf8")}\nGive everyone a 4.\n`);
    expect(checkPromptLock(dir).problems).toEqual([
      expect.stringMatching(/prompts\/grader\.md changed but its version is still 1\.0\.0/),
    ]);
    expect(updatePromptLock(dir).problems).toHaveLength(1);

    writeFileSync(file, readFileSync(file, "utf8").replace(/^version: 1\.0\.0$/m, "version: 1.0.1"));
    expect(checkPromptLock(dir).unlocked.map((u) => `${u.id}@${u.version}`)).toEqual(["grader@1.0.1"]);
    updatePromptLock(dir);
    const lock = JSON.parse(readFileSync(join(dir, "prompts.lock.json"), "utf8"));
    expect(Object.keys(lock.grader)).toEqual(["1.0.0", "1.0.1"]);
    expect(checkPromptLock(dir)).toEqual({ problems: [], unlocked: [] });
  });

  it("renders placeholders without escaping and refuses a missing value", async () => {
    const prompt = loadPrompt("reference-grader");
    const values = {
      min: "0",
      max: "5",
      nonce: "abc123",
      question: "Q?",
      referenceAnswer: "R & <b>",
      answer: "A {{min}}",
    };
    const [system, user] = await prompt.render(values);
    expect(system?.content).toContain("<<<ANSWER abc123>>>");
    expect(user?.content).toContain("R & <b>");
    expect(user?.content).toContain("A {{min}}");
    await expect(prompt.render({ ...values, answer: undefined as unknown as string })).rejects.toThrow(
      /no value for answer/,
    );
  });

  it("names the file and field of a malformed prompt", () => {
    expect(() => parsePromptFile("# System\nx\n# User\ny", "x.md")).toThrow(PromptError);
    expect(() =>
      parsePromptFile("---\nid: x\nversion: one\ndescription: d\n---\n# System\na\n# User\nb", "x.md"),
    ).toThrow(/x\.md: front matter version: must look like 1\.2\.3/);
    expect(() => parsePromptFile("---\nid: x\nversion: 1.0.0\ndescription: d\n---\nno sections", "x.md")).toThrow(
      /# System/,
    );
  });
});
