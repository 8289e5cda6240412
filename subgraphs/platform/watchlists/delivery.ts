import { sql } from 'drizzle-orm';
import { Agent, request } from 'undici';
import { legalPerson, naturalPerson } from '../../../drizzle/schema/platform.ts';
import { watchAlert, watchDelivery, watchWebhook } from '../../../drizzle/schema/platform-watchlists.ts';
import { liveConsentCondition } from '../../kernel/access/consents.ts';
import type { WatchWebhookSettings } from '../../kernel/config.ts';
import { type Drizzle, rows } from '../../kernel/db.ts';
import { maskPersonName } from '../../kernel/id-number.ts';
import type { Logger } from '../../kernel/logging.ts';
import { appendAccesses } from '../../kernel/query-log/index.ts';
import { errorSummary } from '../../kernel/query-log/sql.ts';
import { BlockedAddressError, publicOnlyLookup } from './address-guard.ts';
import { openWebhookSecret } from './secret-seal.ts';
import { sealStoredSecrets } from './store.ts';
import { isPrivateHost, signatureHeader } from './webhook.ts';

/** Delay before the next attempt after `attempts` failed ones: backoff, 2×, 4× … at most the maximum. */
export function webhookRetryDelayMs(attempts: number, settings: Pick<WatchWebhookSettings, 'backoffMs' | 'maxBackoffMs'>): number {
  return Math.min(settings.maxBackoffMs, settings.backoffMs * 2 ** Math.max(0, attempts - 1));
}

interface ClaimedRow extends Record<string, unknown> {
  id: unknown;
  attempts: number;
  /** last_attempt_at before this claim, put back when nothing is sent. */
  previous_attempt_at: string | null;
  alert_id: unknown;
  owner_kind: string;
  owner_id: string;
  subject_type: string;
  subject_id: string;
  purpose: string | null;
  kind: string;
  record_id: string | null;
  domain: string | null;
  record_type: string | null;
  category: string | null;
  severity: string | null;
  decision_date: string | null;
  list_type: string | null;
  list_name: string | null;
  occurred_at: string;
  url: string | null;
  secret: string | null;
  legal_name: string | null;
  person_name: string | null;
  allowed: boolean;
}

interface Outcome {
  id: number;
  status: 'PENDING' | 'DELIVERED' | 'DEAD' | 'CANCELLED';
  /** False when the delivery was cancelled at claim time: the claim's attempt is not counted. */
  sent: boolean;
  previousAttemptAt: string | null;
  delayMs: number;
  code: number | null;
  error: string | null;
}

/**
 * What a receiver gets: the alert as its watcher may see it. A natural person is named by the
 * platform's opaque id and a masked name, never an ID number or a full name.
 */
export function deliveryBody(row: ClaimedRow): string {
  const subject =
    row.subject_type === 'LEGAL_PERSON'
      ? { type: 'LEGAL_PERSON', uscc: row.subject_id, name: row.legal_name }
      : { type: 'NATURAL_PERSON', naturalPersonId: row.subject_id, maskedName: row.person_name ? maskPersonName(row.person_name) : null };
  return JSON.stringify({
    type: 'watch.alert',
    deliveryId: String(row.id),
    alert: {
      id: String(row.alert_id),
      kind: row.kind,
      occurredAt: new Date(row.occurred_at).toISOString(),
      subject,
      recordId: row.record_id,
      domain: row.domain,
      recordType: row.record_type,
      category: row.category,
      severity: row.severity,
      decisionDate: row.decision_date,
      listType: row.list_type,
      listName: row.list_name,
    },
  });
}

/**
 * Claims up to `batchSize` due deliveries with everything needed to send them, in one statement:
 * `for update skip locked` keeps two replicas off the same rows, and the claim moves
 * next_attempt_at past the request's timeout, a lease no other replica takes while the POST is
 * in flight (and which lets one take over if this process dies mid-attempt).
 */
async function claimDue(db: Drizzle, settings: WatchWebhookSettings): Promise<ClaimedRow[]> {
  const leaseMs = settings.timeoutMs * 2 + 5_000;
  const consentLive = liveConsentCondition(sql`a.subject_id`, sql`a.owner_id`, sql`a.purpose`);
  return rows<ClaimedRow>(
    db,
    sql`with due as (
          select id, last_attempt_at from ${watchDelivery}
          where status = 'PENDING' and next_attempt_at <= now()
          order by next_attempt_at, id
          limit ${settings.batchSize}
          for update skip locked
        ), claimed as (
          update ${watchDelivery} d set attempts = d.attempts + 1, last_attempt_at = now(),
            next_attempt_at = now() + make_interval(secs => ${leaseMs / 1000})
          from due where d.id = due.id
          returning d.id, d.attempts, d.alert_id, due.last_attempt_at as previous_attempt_at
        )
        select c.id, c.attempts, c.alert_id, c.previous_attempt_at, a.owner_kind, a.owner_id, a.subject_type, a.subject_id, a.purpose, a.kind, a.record_id,
          a.domain, a.record_type, a.category, a.severity, a.decision_date, a.list_type, a.list_name,
          to_char(a.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as occurred_at,
          h.url, h.secret, lp.name as legal_name, np.name as person_name,
          (a.owner_kind <> 'agency' or ${consentLive}) as allowed
        from claimed c
        join ${watchAlert} a on a.id = c.alert_id
        left join ${watchWebhook} h on h.owner_kind = a.owner_kind and h.owner_id = a.owner_id
        left join ${legalPerson} lp on a.subject_type = 'LEGAL_PERSON' and lp.uscc = a.subject_id
        left join ${naturalPerson} np on a.subject_type = 'NATURAL_PERSON' and np.id = a.subject_id
        order by c.id`,
  );
}

/** Only rows still PENDING take the outcome: one cancelled while its POST was in flight stays CANCELLED. */
async function recordOutcomes(db: Drizzle, outcomes: readonly Outcome[]): Promise<void> {
  if (outcomes.length === 0) return;
  await db.execute(
    sql`update ${watchDelivery} d set status = o.status, last_response_status = o.code, last_error = o.error,
          attempts = case when o.sent then d.attempts else d.attempts - 1 end,
          last_attempt_at = case when o.sent then d.last_attempt_at else o."previousAttemptAt" end,
          next_attempt_at = case when o.status = 'PENDING' then now() + make_interval(secs => o."delayMs" / 1000.0) else d.next_attempt_at end,
          delivered_at = case when o.status = 'DELIVERED' then now() else d.delivered_at end
        from jsonb_to_recordset(${JSON.stringify(outcomes)}::jsonb) as o(id bigint, status text, sent boolean, "previousAttemptAt" timestamptz,
          "delayMs" int, code int, error text)
        where d.id = o.id and d.status = 'PENDING'`,
  );
}

/** A failure's class for the row and the log: the status, or what went wrong on the way; never a body. */
function failureClass(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string') {
    if (code === 'BLOCKED_ADDRESS') return code;
    if (code.includes('TIMEOUT') || code === 'UND_ERR_ABORTED') return 'TIMEOUT';
    return code.startsWith('UND_ERR') || code.startsWith('E') ? `CONNECTION_${code}` : 'CONNECTION';
  }
  if ((error as Error)?.name === 'TimeoutError' || (error as Error)?.name === 'AbortError') return 'TIMEOUT';
  return 'CONNECTION';
}

/** The connection pool deliveries go through: where private addresses are not allowed, every socket resolves its host through the guard. */
export function deliveryAgent(settings: Pick<WatchWebhookSettings, 'timeoutMs' | 'allowPrivate'>): Agent {
  const connect = settings.allowPrivate ? { timeout: settings.timeoutMs } : { timeout: settings.timeoutMs, lookup: publicOnlyLookup() };
  return new Agent({ connect, headersTimeout: settings.timeoutMs, bodyTimeout: settings.timeoutMs });
}

export interface WebhookDeliveryWorker {
  /** Sends everything due now (tests); returns how many deliveries were attempted. */
  drain(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * The platform process's webhook sender: polls the outbox, POSTs each due delivery signed with its
 * owner's current secret, and records 2xx as DELIVERED, anything else as a retry after
 * exponential backoff, DEAD after the last attempt. An agency's delivery whose consent is no
 * longer live, or one whose webhook was removed, is CANCELLED unsent.
 */
export function startWebhookDelivery(db: Drizzle, settings: WatchWebhookSettings, secretKey: Buffer, logger: Logger): WebhookDeliveryWorker {
  const agent = deliveryAgent(settings);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let failures = 0;
  let running: Promise<number> = Promise.resolve(0);

  const send = async (row: ClaimedRow): Promise<Outcome> => {
    const id = Number(row.id);
    const sent = { id, sent: true, previousAttemptAt: row.previous_attempt_at };
    const retry = (code: number | null, error: string): Outcome =>
      row.attempts >= settings.maxAttempts
        ? { ...sent, status: 'DEAD', delayMs: 0, code, error }
        : { ...sent, status: 'PENDING', delayMs: webhookRetryDelayMs(row.attempts, settings), code, error };
    const unsent = (error: string): Outcome => ({ ...sent, sent: false, status: 'CANCELLED', delayMs: 0, code: null, error });
    if (!row.url || !row.secret) return unsent('WEBHOOK_REMOVED');
    if (!row.allowed) return unsent('NO_CONSENT');
    const body = deliveryBody(row);
    let secret: string;
    try {
      secret = openWebhookSecret(secretKey, { kind: row.owner_kind, id: row.owner_id }, row.secret);
    } catch {
      // Sealed under another ID_HASH_KEY: a configuration fault, retried in case it is mended.
      return retry(null, 'SECRET_UNREADABLE');
    }
    try {
      // An IP literal is connected to without a lookup, so the guard sees it here.
      const host = new URL(row.url).hostname;
      if (!settings.allowPrivate && isPrivateHost(host)) throw new BlockedAddressError(host);
      const res = await request(row.url, {
        method: 'POST',
        dispatcher: agent,
        body,
        signal: AbortSignal.timeout(settings.timeoutMs),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'credit-platform-watchlists/1',
          'x-credit-delivery': String(row.id),
          'x-credit-event': 'watch.alert',
          'x-credit-signature': signatureHeader(secret, body, Math.floor(Date.now() / 1000)),
        },
      });
      // The answer's body is not ours to read or keep; drop it so the connection can be reused.
      await res.body.dump().catch(() => undefined);
      if (res.statusCode >= 200 && res.statusCode < 300) return { ...sent, status: 'DELIVERED', delayMs: 0, code: res.statusCode, error: null };
      return retry(res.statusCode, `HTTP_${res.statusCode}`);
    } catch (error) {
      return retry(null, failureClass(error));
    }
  };

  const runOnce = async (): Promise<number> => {
    let total = 0;
    try {
      for (;;) {
        const claimed = await claimDue(db, settings);
        failures = 0;
        if (claimed.length === 0) return total;
        const outcomes = await Promise.all(claimed.map(send));
        await recordOutcomes(db, outcomes);
        // An alert sent to an agency is an access to the subject's authorized information: registered like a read.
        const now = new Date();
        const accesses = claimed
          .filter((r, i) => r.owner_kind === 'agency' && outcomes[i]!.sent)
          .map((r) => ({
            requestId: `watch-delivery:${String(r.id)}:${r.attempts}`,
            callerKind: 'agency' as const,
            callerId: r.owner_id,
            subjectType: r.subject_type as 'LEGAL_PERSON' | 'NATURAL_PERSON',
            subjectId: r.subject_id,
            fields: ['WatchAlert.webhook'],
            purpose: r.purpose,
            accessedAt: now,
          }));
        await appendAccesses(db, accesses);
        for (const [i, o] of outcomes.entries()) {
          const fields = { delivery: o.id, attempt: claimed[i]!.attempts, status: o.status, responseStatus: o.code, failure: o.error };
          if (o.status === 'DEAD') logger.warn(fields, 'webhook delivery set aside after its last attempt');
          else if (o.status === 'PENDING') logger.info(fields, 'webhook delivery failed; will retry');
          else logger.debug(fields, 'webhook delivery done');
        }
        total += claimed.length;
        if (stopped || claimed.length < settings.batchSize) return total;
      }
    } catch (error) {
      failures++;
      logger.error({ err: errorSummary(error) }, 'webhook delivery run failed');
      return total;
    }
  };
  // Secrets stored before sealing existed are sealed first; deliveries open either form meanwhile.
  running = sealStoredSecrets(db, secretKey).then(
    (sealed) => {
      if (sealed > 0) logger.info({ sealed }, 'sealed webhook secrets stored in the clear');
      return 0;
    },
    (error) => {
      logger.error({ err: errorSummary(error) }, 'sealing stored webhook secrets failed');
      return 0;
    },
  );
  const run = (): Promise<number> => (running = running.then(runOnce, runOnce));
  const schedule = () => {
    if (stopped) return;
    const delay = failures > 0 ? Math.max(settings.pollIntervalMs, webhookRetryDelayMs(failures, { backoffMs: 1000, maxBackoffMs: 300_000 })) : settings.pollIntervalMs;
    timer = setTimeout(() => void run().finally(schedule), delay);
    timer.unref();
  };
  schedule();
  return {
    drain: run,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      await agent.close();
    },
  };
}
