import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { BaseMessage } from "@langchain/core/messages";
import { ChatPromptTemplate } from "@langchain/core/prompts";
import { parse as parseYaml } from "yaml";
import { z } from "zod";

export const PROMPTS_DIR = fileURLToPath(new URL("../../prompts", import.meta.url));

const FrontMatter = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/, "must be kebab-case"),
  version: z.string().regex(/^\d+\.\d+\.\d+$/, "must look like 1.2.3"),
  description: z.string().min(1),
});

export interface PromptFile {
  id: string;
  version: string;
  description: string;
  system: string;
  user: string;
  /** The file exactly as stored, for the version lock. */
  raw: string;
  file: string;
}

export class PromptError extends Error {}

/**
 * Reads a prompt: YAML front matter (id, version, description), then a "# System" and a
 * "# User" section. Placeholders are mustache ({{name}}), filled without HTML escaping.
 */
export function parsePromptFile(raw: string, file: string): PromptFile {
  const text = raw.replace(/\r\n/g, "\n");
  const fm = /^---\n([\s\S]*?)\n---\n/.exec(text);
  if (!fm) throw new PromptError(`${file}: missing front matter (--- id, version, description ---)`);
  const meta = FrontMatter.safeParse(parseYaml(fm[1] ?? ""));
  if (!meta.success) {
    const issue = meta.error.issues[0];
    throw new PromptError(`${file}: front matter ${issue?.path.join(".") || ""}: ${issue?.message}`);
  }
  const body = text.slice(fm[0].length);
  const sections = /^# System\s*\n([\s\S]*?)^# User\s*\n([\s\S]*)$/m.exec(body);
  if (!sections) throw new PromptError(`${file}: needs a "# System" section followed by a "# User" section`);
  return {
    ...meta.data,
    system: (sections[1] ?? "").trim(),
    user: (sections[2] ?? "").trim(),
    raw,
    file,
  };
}

export function listPromptFiles(dir = PROMPTS_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".md"))
    .sort();
}

/** A loaded prompt ready to render into chat messages. */
export class Prompt {
  readonly template: ChatPromptTemplate;

  constructor(readonly file: PromptFile) {
    this.template = ChatPromptTemplate.fromMessages(
      [
        ["system", file.system],
        ["human", file.user],
      ],
      { templateFormat: "mustache" },
    );
  }

  /** Stored with every grade and follow-up, e.g. "grader@1.0.0". */
  get versionTag(): string {
    return `${this.file.id}@${this.file.version}`;
  }

  async render(values: Record<string, string>): Promise<BaseMessage[]> {
    const missing = this.template.inputVariables.filter((v) => values[v] === undefined);
    if (missing.length > 0) throw new PromptError(`${this.file.file}: no value for ${missing.join(", ")}`);
    return this.template.formatMessages(values);
  }
}

export function loadPrompt(id: string, dir = PROMPTS_DIR): Prompt {
  const file = `${id}.md`;
  return new Prompt(parsePromptFile(readFileSync(join(dir, file), "utf8"), file));
}
