import { subjectsWithLiveConsent } from '../../kernel/access/consents.ts';
import { watchWebhookSettings } from '../../kernel/config.ts';
import { badUserInput, codedError } from '../../kernel/errors.ts';
import { MAX_BULK_CODES } from '../../kernel/pagination.ts';
import { checkUscc } from '../../kernel/uscc.ts';
import type { MutationResolvers, WatchSubjectInput } from '../generated/resolvers-types.ts';
import type { Context } from '../loaders.ts';
import { type WatchOwner, watchOwner } from '../watchlists/owner.ts';
import { deleteWatches, insertWatches, registeredSubjects, type SubjectRef, setWebhookSecret, subjectKey, upsertWebhook, webhookOf, deleteWebhook } from '../watchlists/store.ts';
import { checkWebhookUrl, webhookSecret } from '../watchlists/webhook.ts';
import { sealWebhookSecret, webhookSecretKey } from '../watchlists/secret-seal.ts';

type WatchMutations = Pick<MutationResolvers, 'watchSubjects' | 'unwatchSubjects' | 'registerWatchWebhook' | 'rotateWatchWebhookSecret' | 'removeWatchWebhook'>;

interface Problem {
  field: string;
  reason: string;
  message: string;
}

interface Row {
  index: number;
  subject: SubjectRef | null;
  status: 'ACCEPTED' | 'DUPLICATE' | 'REJECTED' | null;
  problem: Problem | null;
}

const PERSON_ID = /^[\x21-\x7e]{1,128}$/;

/** Reads each row's subject; a row naming none, both, or a malformed one is rejected, a repeat is a duplicate. */
function parseRows(subjects: readonly WatchSubjectInput[]): Row[] {
  if (subjects.length === 0) throw badUserInput('input.subjects', 'EMPTY', 'at least one subject');
  if (subjects.length > MAX_BULK_CODES) throw badUserInput('input.subjects', 'TOO_MANY_SUBJECTS', `at most ${MAX_BULK_CODES} subjects per call, got ${subjects.length}`);
  const seen = new Set<string>();
  return subjects.map((s, index): Row => {
    const reject = (field: string, reason: string, message: string): Row => ({ index, subject: null, status: 'REJECTED', problem: { field: `subjects.${index}${field}`, reason, message } });
    const hasUscc = s.uscc != null && s.uscc !== '';
    const hasPerson = s.naturalPersonId != null && s.naturalPersonId !== '';
    if (hasUscc === hasPerson) {
      return hasUscc ? reject('', 'AMBIGUOUS_SUBJECT', 'name either uscc or naturalPersonId, not both') : reject('', 'REQUIRED', 'name the subject by uscc or naturalPersonId');
    }
    let subject: SubjectRef;
    if (hasUscc) {
      const check = checkUscc(s.uscc!);
      if (!check.valid) return reject('.uscc', 'INVALID_USCC', `${check.reason}: ${check.message}`);
      subject = { type: 'LEGAL_PERSON', id: check.code };
    } else {
      if (!PERSON_ID.test(s.naturalPersonId!)) return reject('.naturalPersonId', 'INVALID_ID', 'a platform person id is 1–128 printable characters');
      subject = { type: 'NATURAL_PERSON', id: s.naturalPersonId! };
    }
    const key = subjectKey(subject);
    if (seen.has(key)) return { index, subject, status: 'DUPLICATE', problem: null };
    seen.add(key);
    return { index, subject, status: null, problem: null };
  });
}

function payload(rows: Row[]) {
  return {
    accepted: rows.filter((r) => r.status === 'ACCEPTED').length,
    duplicates: rows.filter((r) => r.status === 'DUPLICATE').length,
    rejected: rows.filter((r) => r.status === 'REJECTED').length,
    results: rows.map((r) => ({ index: r.index, status: r.status!, subject: r.subject, problems: r.problem ? [r.problem] : [] })),
  };
}

/** An agency watches for the purpose it states: its consents are per purpose (征信业管理条例 art. 18). */
function agencyPurpose(ctx: Context, owner: WatchOwner): string | null {
  if (owner.kind !== 'agency') return null;
  if (!ctx.caller.purpose) throw codedError('FORBIDDEN', 'state the purpose of watching in the x-query-purpose header', { reason: 'PURPOSE_REQUIRED' });
  return ctx.caller.purpose;
}

async function ownWebhook(ctx: Context, owner: WatchOwner) {
  const row = await webhookOf(ctx.db, owner);
  if (!row) throw codedError('NOT_FOUND', 'no webhook is registered', { reason: 'NO_WEBHOOK' });
  return row;
}

/** Watchlists: the caller's watched subjects and its webhook endpoint. */
export const watchMutations: WatchMutations = {
  watchSubjects: async (_p, { input }, ctx) => {
    const owner = watchOwner(ctx.caller);
    const purpose = agencyPurpose(ctx, owner);
    const rows = parseRows(input.subjects);
    const pending = () => rows.filter((r) => r.status === null);
    const known = await registeredSubjects(ctx.db, pending().map((r) => r.subject!));
    for (const r of pending()) {
      if (!known.has(subjectKey(r.subject!))) {
        const field = r.subject!.type === 'LEGAL_PERSON' ? 'uscc' : 'naturalPersonId';
        r.status = 'REJECTED';
        r.problem = { field: `subjects.${r.index}.${field}`, reason: 'UNKNOWN_SUBJECT', message: `${r.subject!.id} is not registered` };
      }
    }
    if (owner.kind === 'agency') {
      const consented = await subjectsWithLiveConsent(ctx.db, pending().map((r) => r.subject!.id), owner.id, purpose!);
      for (const r of pending()) {
        if (!consented.has(r.subject!.id)) {
          r.status = 'REJECTED';
          r.problem = { field: `subjects.${r.index}`, reason: 'NO_CONSENT', message: `the subject has not given this agency a live consent for ${purpose}` };
        }
      }
    }
    const inserted = await insertWatches(ctx.db, owner, purpose, pending().map((r) => r.subject!));
    for (const r of pending()) r.status = inserted.has(subjectKey(r.subject!)) ? 'ACCEPTED' : 'DUPLICATE';
    return payload(rows);
  },

  unwatchSubjects: async (_p, { input }, ctx) => {
    const owner = watchOwner(ctx.caller);
    const rows = parseRows(input.subjects);
    const pending = rows.filter((r) => r.status === null);
    const deleted = await deleteWatches(ctx.db, owner, pending.map((r) => r.subject!));
    for (const r of pending) {
      if (deleted.has(subjectKey(r.subject!))) r.status = 'ACCEPTED';
      else {
        r.status = 'REJECTED';
        r.problem = { field: `subjects.${r.index}`, reason: 'NOT_WATCHED', message: 'the subject is not on your watchlist' };
      }
    }
    return payload(rows);
  },

  registerWatchWebhook: async (_p, { input }, ctx) => {
    const owner = watchOwner(ctx.caller);
    const url = checkWebhookUrl(input.url, watchWebhookSettings());
    const secret = webhookSecret(input.secret, 'input.secret');
    return { webhook: await upsertWebhook(ctx.db, owner, url, sealWebhookSecret(webhookSecretKey(ctx.idHashKey), owner, secret)), secret };
  },

  rotateWatchWebhookSecret: async (_p, { input }, ctx) => {
    const owner = watchOwner(ctx.caller);
    await ownWebhook(ctx, owner);
    const secret = webhookSecret(input?.secret, 'input.secret');
    const webhook = await setWebhookSecret(ctx.db, owner, sealWebhookSecret(webhookSecretKey(ctx.idHashKey), owner, secret));
    if (!webhook) throw codedError('NOT_FOUND', 'no webhook is registered', { reason: 'NO_WEBHOOK' });
    return { webhook, secret };
  },

  removeWatchWebhook: async (_p, _a, ctx) => {
    const owner = watchOwner(ctx.caller);
    const { removed, cancelled } = await deleteWebhook(ctx.db, owner);
    if (!removed) throw codedError('NOT_FOUND', 'no webhook is registered', { reason: 'NO_WEBHOOK' });
    return { removed, cancelledDeliveries: cancelled };
  },
};
