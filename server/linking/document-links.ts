/**
 * Everything that links one document to the rest of the archive, gathered for its page and JSON:
 * reused paragraphs, the interpellation or answer, its ärenden, the people named, and for an
 * answer, which paragraphs answer which question.
 */
import type { Db } from '../../db/client.js';
import { getDocument, getDocumentHeads, type StoredDocument } from '../../db/documents.js';
import { reusedParagraphsOf } from '../../db/paragraphs.js';
import { linksOf, type LinkedDocument } from '../../db/links.js';
import { arendenOf, peopleOf } from '../../db/browse.js';
import { splitParagraphs } from './paragraphs.js';
import { alignAnswers, type AnsweredQuestion } from './interpellations.js';
import { paragraphOfWritten, paragraphsOf, type StoredParagraph } from '../../db/protocol.js';

export interface DocumentLinks {
  paragraphs: string[];
  /** `documents` lists at most MAX_LISTED; `documentCount` counts them all. */
  reusedParagraphs: Array<{ paragraph: number; text: string; documents: number[]; documentCount: number }>;
  /** Titles of the documents reused paragraphs point to. */
  reusedIn: Map<number, { id: number; title: string; kind: string; date: string | null }>;
  links: LinkedDocument[];
  arenden: Awaited<ReturnType<typeof arendenOf>>;
  people: Awaited<ReturnType<typeof peopleOf>>;
  answers: AnsweredQuestion[];
  /** A protocol's stored paragraphs with their positions; [] for other documents. */
  protocolParagraphs: StoredParagraph[];
  /** For a written reservation or note: the protocol paragraph it belongs to. */
  inParagraph: Awaited<ReturnType<typeof paragraphOfWritten>> | null;
}

export async function documentLinks(db: Db, doc: StoredDocument): Promise<DocumentLinks> {
  const paragraphs = splitParagraphs(doc.text);
  const reused = (await reusedParagraphsOf(db, doc.id)).map((r) => ({ ...r, text: paragraphs[r.paragraph] ?? '' }));
  const links = await linksOf(db, doc.id);
  let answers: AnsweredQuestion[] = [];
  if (doc.kind === 'interpellationssvar') {
    let questions = doc.metadata.questions;
    // An answer that does not quote the questions is aligned with the interpellation's.
    if (questions.length === 0) {
      const asked = links.find((l) => l.relation === 'answers' && l.direction === 'to');
      if (asked) questions = (await getDocument(db, asked.id))?.metadata.questions ?? [];
    }
    answers = alignAnswers(questions, paragraphs);
  }
  return {
    paragraphs,
    reusedParagraphs: reused,
    reusedIn: await getDocumentHeads(db, [...new Set(reused.flatMap((r) => r.documents))]),
    links,
    arenden: await arendenOf(db, doc.id),
    people: await peopleOf(db, doc.id),
    answers,
    protocolParagraphs: doc.kind === 'protokoll' ? await paragraphsOf(db, doc.id) : [],
    inParagraph: await paragraphOfWritten(db, doc.id) ?? null,
  };
}
