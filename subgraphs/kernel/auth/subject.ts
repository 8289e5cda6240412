import type { Subject } from './evaluate.ts';

/**
 * Whom an object is about, by the conventions every subgraph's objects follow: an entity carries
 * its key (`LegalPerson.uscc`, `NaturalPerson.id`), a record its `subjectUscc` or
 * `subjectPersonId`, a log or consent entry its `subjectType` and `subjectId`.
 */
export function subjectOf(typeName: string, parent: unknown): Subject | null {
  if (parent === null || typeof parent !== 'object') return null;
  const p = parent as Record<string, unknown>;
  if (typeName === 'LegalPerson' && typeof p.uscc === 'string') return { type: 'LEGAL_PERSON', id: p.uscc };
  if (typeName === 'NaturalPerson' && typeof p.id === 'string') return { type: 'NATURAL_PERSON', id: p.id };
  if (typeof p.subjectUscc === 'string') return { type: 'LEGAL_PERSON', id: p.subjectUscc };
  if (typeof p.subjectPersonId === 'string') return { type: 'NATURAL_PERSON', id: p.subjectPersonId };
  if ((p.subjectType === 'LEGAL_PERSON' || p.subjectType === 'NATURAL_PERSON') && typeof p.subjectId === 'string') {
    return { type: p.subjectType, id: p.subjectId };
  }
  return null;
}
