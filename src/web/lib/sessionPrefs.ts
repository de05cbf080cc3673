/** Per-interview choices that only the browser needs (the server never sees them). */
export interface SessionPrefs {
  readAloud: boolean;
  keepAudio: boolean;
}

const key = (id: string) => `mockloop.session.${id}`;

export function saveSessionPrefs(id: string, prefs: SessionPrefs): void {
  localStorage.setItem(key(id), JSON.stringify(prefs));
}

export function loadSessionPrefs(id: string): SessionPrefs {
  try {
    return {
      readAloud: true,
      keepAudio: false,
      ...(JSON.parse(localStorage.getItem(key(id)) ?? "{}") as Partial<SessionPrefs>),
    };
  } catch {
    return { readAloud: true, keepAudio: false };
  }
}
