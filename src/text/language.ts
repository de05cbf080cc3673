import { countWords } from "./words.ts";

/** Languages told apart by their function words; others are recognised by script. */
const FUNCTION_WORDS: Record<string, { name: string; words: string }> = {
  en: {
    name: "English",
    words:
      "the an and is are was were of to in that it this with for on be by as not but or which have has would will can we you they because so when then than",
  },
  de: {
    name: "German",
    words:
      "der die das und ist sind nicht ein eine einen dem den des mit für auf zu von im wird werden dass ich wir man auch oder aber wenn weil sich es bei nach",
  },
  fr: {
    name: "French",
    words:
      "le la les et est sont un une des du de dans pour sur pas que qui avec par ce cette nous je il elle ou mais au aux plus être sont",
  },
  es: {
    name: "Spanish",
    words:
      "el la los las y es son un una de del en para con por que no se lo como más pero o al su sus este esta muy yo nosotros cuando porque",
  },
  it: {
    name: "Italian",
    words:
      "il lo la gli le e è sono un una di del della in per con che non si come più ma o al nel questo questa io noi quando perché anche",
  },
  pt: {
    name: "Portuguese",
    words:
      "o a os as e é são um uma de do da em para com por que não se como mais mas ou ao no na este esta eu nós quando porque também",
  },
  nl: {
    name: "Dutch",
    words:
      "de het een en is zijn van in op te dat die met voor niet aan er ook als maar of bij naar wordt worden ik wij je dit deze omdat",
  },
  sv: {
    name: "Swedish",
    words: "och är en ett det att som på för med av inte till den de har jag vi om men eller när från kan ska",
  },
  pl: {
    name: "Polish",
    words: "i w na z do że się nie jest są to jak co ale lub dla przez od po czy jego ich tak bardzo jestem",
  },
};

const LISTS = Object.fromEntries(
  Object.entries(FUNCTION_WORDS).map(([code, l]) => [code, new Set(l.words.split(" "))]),
) as Record<string, Set<string>>;

/** Scripts that identify a language family on their own. */
const SCRIPTS: { code: string; name: string; pattern: RegExp }[] = [
  { code: "ja", name: "Japanese", pattern: /[\p{Script=Hiragana}\p{Script=Katakana}]/gu },
  { code: "ko", name: "Korean", pattern: /\p{Script=Hangul}/gu },
  { code: "zh", name: "Chinese", pattern: /\p{Script=Han}/gu },
  { code: "ru", name: "a Cyrillic-script language", pattern: /\p{Script=Cyrillic}/gu },
  { code: "ar", name: "Arabic", pattern: /\p{Script=Arabic}/gu },
  { code: "he", name: "Hebrew", pattern: /\p{Script=Hebrew}/gu },
  { code: "el", name: "Greek", pattern: /\p{Script=Greek}/gu },
  { code: "hi", name: "a Devanagari-script language", pattern: /\p{Script=Devanagari}/gu },
  { code: "th", name: "Thai", pattern: /\p{Script=Thai}/gu },
];

export interface DetectedLanguage {
  /** ISO 639-1 code where known; "en" also when the text is too short to tell. */
  code: string;
  name: string;
  english: boolean;
}

const ENGLISH: DetectedLanguage = { code: "en", name: "English", english: true };

/**
 * A small, dependency-free guess at the language of an answer: by script for non-Latin writing,
 * else by which language's function words the text uses most. English technical terms inside
 * another language do not make it English, because function words carry the grammar.
 */
export function detectLanguage(text: string): DetectedLanguage {
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  if (letters === 0) return ENGLISH;
  // Japanese mixes Han with kana; kana decides it, so it is checked before Han.
  for (const s of SCRIPTS) {
    const n = text.match(s.pattern)?.length ?? 0;
    const share = n / letters;
    if (share >= 0.3 || (s.code === "ja" && n >= 5 && share >= 0.1)) {
      return { code: s.code, name: s.name, english: false };
    }
  }
  // One-letter words ("a", "e", "y") are too ambiguous across languages, and "e.g." is English.
  const words = (text.toLowerCase().match(/\p{L}+/gu) ?? []).filter((w) => w.length > 1);
  if (words.length < 6) return ENGLISH;
  const hits = Object.fromEntries(Object.keys(LISTS).map((c) => [c, 0])) as Record<string, number>;
  for (const w of words)
    for (const [code, list] of Object.entries(LISTS)) if (list.has(w)) hits[code] = (hits[code] ?? 0) + 1;
  const [top, topHits] = Object.entries(hits).sort((a, b) => b[1] - a[1])[0] as [string, number];
  const en = hits.en ?? 0;
  if (top === "en" || topHits < 3 || topHits < en * 1.5 || topHits / words.length < 0.12) return ENGLISH;
  return { code: top, name: FUNCTION_WORDS[top]?.name ?? top, english: false };
}

export { countWords };
