import { countCharacters, MAX_JOB_DESCRIPTION_CHARS } from "../../../api/text-length.ts";

/** An optional pasted job description; the counter counts as the server does. */
export function JobDescriptionField({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const length = countCharacters(value.trim());
  const over = length > MAX_JOB_DESCRIPTION_CHARS;
  return (
    <div class="field job-description">
      <label class="field-label" for="job-description">
        Job description <span class="muted">(optional)</span>
      </label>
      <p class="hint" id="job-description-hint">
        Paste the advert you are preparing for. Questions on what it stresses come first, and the plan below says why
        each was chosen. It is kept with the interview on this server.
      </p>
      <textarea
        id="job-description"
        class="job-description-box"
        value={value}
        rows={5}
        aria-describedby="job-description-hint job-description-count"
        aria-invalid={over ? true : undefined}
        placeholder="For example: you will own our real-time fraud scoring service…"
        onInput={(e) => onChange(e.currentTarget.value)}
      />
      <span id="job-description-count" class={`muted small${over ? " warn-text" : ""}`}>
        {length.toLocaleString()} / {MAX_JOB_DESCRIPTION_CHARS.toLocaleString()} characters
      </span>
    </div>
  );
}
