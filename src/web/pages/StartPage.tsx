import { useEffect, useMemo, useState } from "preact/hooks";
import type { CreateSessionBodyT } from "../../api/schemas.ts";
import { api } from "../api/client.ts";
import { Notice } from "../components/Notice.tsx";
import { PageTitle } from "../components/PageTitle.tsx";
import { ReturningCandidate } from "../components/ReturningCandidate.tsx";
import { SpokenModeChoice } from "../components/SpokenModeChoice.tsx";
import { JobDescriptionField } from "../components/start/JobDescriptionField.tsx";
import { PlanPreview } from "../components/start/PlanPreview.tsx";
import { useAppData } from "../lib/appData.ts";
import { explain } from "../lib/errors.ts";
import { navigate } from "../lib/router.ts";
import { saveSessionPrefs } from "../lib/sessionPrefs.ts";

type Difficulty = "mixed" | "easy" | "medium" | "hard";
type Mode = "typed" | "spoken";

interface Choices {
  role: string;
  plan: string;
  rounds: string[];
  questionCount: number;
  difficulty: Difficulty;
  mode: Mode;
  readAloud: boolean;
  keepAudio: boolean;
  jobDescription: string;
}

const PREFS_KEY = "mockloop.startChoices";
const CUSTOM = "custom";
const newSeed = () => Math.floor(Math.random() * 2 ** 31);

/** One body for the preview and the start, so the plan shown is the plan asked. */
function startRequest(c: Choices, planSeed: number): CreateSessionBodyT {
  return {
    role: c.role,
    ...(c.plan === CUSTOM ? { rounds: c.rounds } : { preset: c.plan }),
    questionCount: c.questionCount,
    difficulty: c.difficulty,
    mode: c.mode,
    ...(c.jobDescription.trim() ? { jobDescription: c.jobDescription.trim() } : {}),
    planSeed,
  };
}

function savedChoices(): Partial<Choices> {
  try {
    return JSON.parse(localStorage.getItem(PREFS_KEY) ?? "{}") as Partial<Choices>;
  } catch {
    return {};
  }
}

export function StartPage() {
  const { roles } = useAppData();
  const [choices, setChoices] = useState<Choices | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [planSeed, setPlanSeed] = useState(newSeed);

  const role = useMemo(() => roles?.find((r) => r.id === choices?.role) ?? roles?.[0], [roles, choices?.role]);

  useEffect(() => {
    if (!roles || choices) return;
    const saved = savedChoices();
    const first = roles.find((r) => r.id === saved.role) ?? roles[0];
    if (!first) return;
    const preset = first.presets.find((p) => p.id === saved.plan) ?? first.presets[0];
    setChoices({
      role: first.id,
      plan: saved.plan === CUSTOM ? CUSTOM : (preset?.id ?? CUSTOM),
      rounds: saved.rounds?.filter((r) => first.rounds.some((x) => x.id === r)) ?? first.rounds.map((r) => r.id),
      questionCount: saved.questionCount ?? preset?.questionCount ?? 4,
      difficulty: saved.difficulty ?? "mixed",
      mode: saved.mode ?? "typed",
      readAloud: saved.readAloud ?? true,
      keepAudio: false,
      jobDescription: saved.jobDescription ?? "",
    });
  }, [roles, choices]);

  if (!roles) {
    return (
      <>
        <PageTitle title="Start">Practise your interview loop</PageTitle>
        <p class="loading">Loading the interview options…</p>
      </>
    );
  }
  if (!choices || !role) return null;

  const set = (patch: Partial<Choices>) => setChoices({ ...choices, ...patch });
  const choosePlan = (plan: string) => {
    const preset = role.presets.find((p) => p.id === plan);
    set({ plan, questionCount: preset?.questionCount ?? choices.questionCount });
  };
  const toggleRound = (id: string, on: boolean) =>
    set({ rounds: on ? [...choices.rounds, id] : choices.rounds.filter((r) => r !== id) });

  const submit = async (e: Event) => {
    e.preventDefault();
    if (choices.plan === CUSTOM && choices.rounds.length === 0) {
      setError("Pick at least one round to practise.");
      return;
    }
    setBusy(true);
    setError(null);
    localStorage.setItem(PREFS_KEY, JSON.stringify({ ...choices, keepAudio: false }));
    try {
      const session = await api.createSession(startRequest(choices, planSeed));
      saveSessionPrefs(session.id, { readAloud: choices.readAloud, keepAudio: choices.keepAudio });
      navigate(`/interview/${session.id}`);
    } catch (err) {
      setError(explain(err));
      setBusy(false);
    }
  };

  return (
    <>
      <div class="intro">
        <PageTitle title="Start">Practise the {role.title} loop</PageTitle>
        <p class="lede">{role.summary}</p>
      </div>
      <ReturningCandidate />
      <form class="card start-form" onSubmit={submit} aria-describedby={error ? "start-error" : undefined}>
        {roles.length > 1 && (
          <div class="field">
            <label class="field-label" for="role">
              Role
            </label>
            <select id="role" value={choices.role} onChange={(e) => set({ role: e.currentTarget.value })}>
              {roles.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.title}
                </option>
              ))}
            </select>
          </div>
        )}
        <fieldset>
          <legend>What to practise</legend>
          <div class="choice-grid">
            {role.presets.map((p) => (
              <label class="choice" key={p.id}>
                <input
                  type="radio"
                  name="plan"
                  value={p.id}
                  checked={choices.plan === p.id}
                  onChange={() => choosePlan(p.id)}
                />
                <span>
                  <span class="title">{p.title}</span>
                  <span class="desc">{p.description}</span>
                </span>
              </label>
            ))}
            <label class="choice">
              <input
                type="radio"
                name="plan"
                value={CUSTOM}
                checked={choices.plan === CUSTOM}
                onChange={() => choosePlan(CUSTOM)}
              />
              <span>
                <span class="title">Choose rounds</span>
                <span class="desc">Mix the rounds you want to work on.</span>
              </span>
            </label>
          </div>
        </fieldset>
        {choices.plan === CUSTOM && (
          <fieldset>
            <legend>Rounds</legend>
            {role.rounds.map((r) => (
              <label class="check" key={r.id}>
                <input
                  type="checkbox"
                  checked={choices.rounds.includes(r.id)}
                  onChange={(e) => toggleRound(r.id, e.currentTarget.checked)}
                />
                <span>
                  <strong>{r.title}</strong>
                  <span class="muted small"> — {r.purpose}</span>
                </span>
              </label>
            ))}
          </fieldset>
        )}
        <div class="field-pair">
          <div class="field">
            <label class="field-label" for="question-count">
              Length
            </label>
            <div class="stepper">
              <input
                id="question-count"
                type="number"
                min={1}
                max={20}
                value={choices.questionCount}
                aria-describedby="length-hint"
                onInput={(e) => {
                  const n = Number(e.currentTarget.value);
                  if (Number.isInteger(n) && n >= 1 && n <= 20) set({ questionCount: n });
                }}
              />
              <span>questions</span>
            </div>
            <p class="hint" id="length-hint" style="margin-top:8px">
              Your questions and their guideline time are listed below.
            </p>
          </div>
          <fieldset class="field">
            <legend>Difficulty</legend>
            <div class="segmented">
              {(["mixed", "easy", "medium", "hard"] as const).map((d) => (
                <label key={d}>
                  <input
                    type="radio"
                    name="difficulty"
                    value={d}
                    checked={choices.difficulty === d}
                    onChange={() => set({ difficulty: d })}
                  />
                  {d[0]?.toUpperCase() + d.slice(1)}
                </label>
              ))}
            </div>
          </fieldset>
        </div>
        <JobDescriptionField value={choices.jobDescription} onChange={(jobDescription) => set({ jobDescription })} />
        {(choices.plan !== CUSTOM || choices.rounds.length > 0) && (
          <PlanPreview
            request={startRequest(choices, planSeed)}
            title={role.presets.find((p) => p.id === choices.plan)?.title ?? "Your rounds"}
            onRedraw={() => setPlanSeed(newSeed())}
          />
        )}
        <SpokenModeChoice value={choices} onChange={set} />
        {error && (
          <div id="start-error" style="margin-top:24px">
            <Notice kind="error">{error}</Notice>
          </div>
        )}
        <div class="form-actions">
          <button class="btn primary large" type="submit" disabled={busy}>
            {busy ? "Preparing your interview…" : "Start interview"}
          </button>
          <span class="muted small">You can skip any question or end early.</span>
        </div>
      </form>
    </>
  );
}
