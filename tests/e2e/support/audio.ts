import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";

/** 16-bit mono PCM WAV of a few seconds of a rising and falling tone (used when espeak-ng is absent). */
function toneWav(seconds: number, rate = 16_000): Buffer {
  const samples = Math.floor(seconds * rate);
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) {
    const t = i / rate;
    const v = Math.sin(2 * Math.PI * (220 + 60 * Math.sin(2 * Math.PI * 0.5 * t)) * t) * 0.4;
    data.writeInt16LE(Math.round(v * 32767), i * 2);
  }
  const header = Buffer.alloc(44);
  header.write("RIFF", 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write("WAVE", 8);
  header.write("fmt ", 12);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write("data", 36);
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

/** A WAV for Chromium's fake microphone: spoken words via espeak-ng when installed, else a tone. */
export function makeAnswerWav(path: string, words: string): "speech" | "tone" {
  try {
    execFileSync("espeak-ng", ["-s", "150", "-w", path, words], { stdio: "pipe" });
    return "speech";
  } catch {
    writeFileSync(path, toneWav(6));
    return "tone";
  }
}
