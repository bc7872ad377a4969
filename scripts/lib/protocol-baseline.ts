/**
 * The Göteborg source project's own regex parse (`parsed` in ../shared/corpus/goteborg-kf.jsonl.gz) as a
 * paragraph, so it can be scored beside the parser. It states no stance: its `typ` (the tail of the yrkande,
 * "kommunstyrelsens förslag", "på stadsledningskontorets förslag") is read as generously as it allows.
 */
import { findNamePartyPairs } from '../../server/ingest/stages/metadata/names.js';
import type { ProposalStance, ProtocolParagraph } from '../../server/ingest/types.js';

export interface BaselineFile {
  id: string;
  parsed: {
    yrkanden: Array<{ namn: string; parti: string | null; typ: string | null }>;
    reservationer: string[];
    votering: { ja?: number; nej?: number; avstår?: number } | null;
  };
}

function stance(typ: string | null): ProposalStance {
  const t = (typ ?? '').toLocaleLowerCase('sv');
  if (/återremi/u.test(t)) return 'aterremiss';
  if (/^på\s|avslag/u.test(t)) return 'avslag';
  if (/tillägg/u.test(t)) return 'tillagg';
  if (/(?:yrkande|förslaget?)\s+(?:från|till)\s+\p{Lu}/u.test(typ ?? '')) return 'eget';
  return 'bifall';
}

export function baselineParagraph(number: string, b: BaselineFile): ProtocolParagraph {
  const v = b.parsed.votering;
  return {
    number, title: null, diarienummer: null, decision: null,
    proposals: b.parsed.yrkanden.map((y) => ({ name: y.namn, party: y.parti, stance: stance(y.typ), text: '' })),
    vote: v ? { ja: v.ja ?? 0, nej: v.nej ?? 0, avstar: v.avstår ?? 0, members: [] } : null,
    reservations: b.parsed.reservationer.map((r) => {
      const pairs = findNamePartyPairs(r);
      return { parties: [...new Set(pairs.map((p) => p.party))], names: pairs.map((p) => p.name), text: r };
    }),
    notes: [], handlingar: [], jav: [], start: 0, end: 0,
  };
}
