/**
 * The audio formats accepted for recordings, with the file extension transcription servers use to
 * pick a decoder. Anything else is refused, so a stored clip is never served back as another type.
 */
export const AUDIO_EXTENSIONS: Readonly<Record<string, string>> = {
  "audio/webm": "webm",
  "audio/ogg": "ogg",
  "audio/wav": "wav",
  "audio/x-wav": "wav",
  "audio/wave": "wav",
  "audio/mpeg": "mp3",
  "audio/mp3": "mp3",
  "audio/mp4": "m4a",
  "audio/x-m4a": "m4a",
  "audio/aac": "aac",
  "audio/flac": "flac",
};

export const AUDIO_TYPES = Object.keys(AUDIO_EXTENSIONS);

/**
 * A Content-Type from the allow-list, rebuilt from its parts ("audio/webm;codecs=opus"), or null.
 * The only parameter kept is codecs, with a plain value.
 */
export function normaliseAudioType(header: string): string | null {
  const [essence, ...params] = header.split(";").map((p) => p.trim());
  const type = (essence ?? "").toLowerCase();
  if (!AUDIO_EXTENSIONS[type]) return null;
  const kept: string[] = [];
  for (const p of params) {
    if (p === "") continue;
    const m = /^codecs\s*=\s*("?)([\w.+-]+(?:\s*,\s*[\w.+-]+)*)\1$/i.exec(p);
    if (!m) return null;
    kept.push(`codecs=${(m[2] as string).replace(/\s+/g, "")}`);
  }
  return [type, ...kept].join(";");
}
