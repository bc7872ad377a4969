/**
 * An interpellation and its answer: "Svar på interpellation ställd av X om Y" belongs to
 * "Interpellation av X … om Y" when the interpellants are the same people and the subjects agree.
 * Also aligns each question with the answer's paragraphs that answer it.
 */
import { isStopword, stem, words } from '../analysis/swedish.js';

/** Content stems of the subject: the words after the first "om" of the title (the whole title when none). */
export function subjectStems(title: string): Set<string> {
  const w = words(title);
  const om = w.indexOf('om');
  const subject = om >= 0 ? w.slice(om + 1) : w;
  return new Set(subject.filter((x) => !isStopword(x) && x.length > 2 && !/^\d+$/.test(x)).map(stem));
}

/** Share of the shorter subject found in the longer one (a run-on title only adds words). */
export function subjectAgreement(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let hit = 0;
  for (const s of small) if (large.has(s)) hit++;
  return hit / small.size;
}

export const MIN_SUBJECT_AGREEMENT = 0.6;

export interface InterpellationSide {
  title: string;
  date: string | null;
  municipality: string | null;
  /** Person ids of the interpellants. */
  interpellants: number[];
}

/** Confidence that `answer` answers `interpellation`, or 0 when the rules say no. */
export function answerMatch(answer: InterpellationSide, interpellation: InterpellationSide): number {
  if (answer.municipality !== interpellation.municipality) return 0;
  if (answer.interpellants.length === 0 || interpellation.interpellants.length === 0) return 0;
  const theirs = new Set(interpellation.interpellants);
  if (answer.interpellants.length !== theirs.size || !answer.interpellants.every((p) => theirs.has(p))) return 0;
  if (answer.date && interpellation.date && answer.date < interpellation.date) return 0;
  const agreement = subjectAgreement(subjectStems(answer.title), subjectStems(interpellation.title));
  return agreement >= MIN_SUBJECT_AGREEMENT ? agreement : 0;
}

export interface AnsweredQuestion {
  question: string;
  /** Paragraph index where the answer quotes the question, if it does. */
  quotedAt: number | null;
  /** Paragraph indexes that answer it. */
  answer: number[];
}

function stemSet(text: string): Set<string> {
  return new Set(words(text).filter((x) => !isStopword(x) && x.length > 2).map(stem));
}

/** Jaccard similarity of two stem sets. */
function jaccard(a: Set<string>, b: Set<string>): number {
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  const union = a.size + b.size - inter;
  return union === 0 ? 0 : inter / union;
}

/** A signature block or closing line, not part of an answer ("Daniel Dronjak (M)", "Kommunstyrelsens ordförande"). */
function isClosing(p: string): boolean {
  return words(p).length <= 6;
}

/**
 * Which paragraphs answer which question. Answers usually quote each question and answer below
 * it; where a question is not quoted, the paragraph sharing most of its words is taken.
 */
export function alignAnswers(questions: string[], paragraphs: string[]): AnsweredQuestion[] {
  const stems = paragraphs.map(stemSet);
  const quoted = questions.map((q) => {
    const qs = stemSet(q);
    let best = -1;
    let bestScore = 0;
    stems.forEach((s, i) => {
      const score = jaccard(qs, s);
      if (score > bestScore) { bestScore = score; best = i; }
    });
    return bestScore >= 0.8 ? best : null;
  });
  const starts = quoted.filter((x): x is number => x !== null).sort((a, b) => a - b);
  const taken = new Set<number>(starts);
  return questions.map((question, i) => {
    const at = quoted[i];
    if (at !== null && at !== undefined) {
      const next = starts.find((s) => s > at) ?? paragraphs.length;
      const answer: number[] = [];
      for (let p = at + 1; p < next; p++) if (!isClosing(paragraphs[p]!) || p < next - 1) answer.push(p);
      while (answer.length && isClosing(paragraphs[answer[answer.length - 1]!]!)) answer.pop();
      answer.forEach((p) => taken.add(p));
      return { question, quotedAt: at, answer };
    }
    return { question, quotedAt: null, answer: [] as number[] };
  }).map((a) => {
    if (a.quotedAt !== null) return a;
    const qs = stemSet(a.question);
    let best = -1;
    let bestScore = 0.1;
    stems.forEach((s, i) => {
      if (taken.has(i) || isClosing(paragraphs[i]!)) return;
      const inter = [...qs].filter((x) => s.has(x)).length / Math.max(1, qs.size);
      if (inter > bestScore) { bestScore = inter; best = i; }
    });
    if (best >= 0) taken.add(best);
    return { ...a, answer: best >= 0 ? [best] : [] };
  });
}
