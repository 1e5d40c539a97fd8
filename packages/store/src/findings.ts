/**
 * A tenant's findings: one row per (scan, uid), each with its delta against the uid's settled
 * status and its first and last seen, kept per (provider, uid) in `finding_tracks` with the scan and
 * status of the uid's latest row and of its settled row — its row in the last completed scan that
 * covered it. Scans may cover part of a provider (targeted re-scans): a scan settles only what it
 * covered, and later scans compare each uid with its own settled status.
 *
 * * **Insert** (per batch, in the caller's transaction): read the tracks of the batch's uids, move
 *   the "latest" mark of each uid to the new row, insert the rows (`ON CONFLICT DO NOTHING`, so a
 *   batch stored twice changes nothing) and update the tracks of the rows inserted. A settled FAIL
 *   reported as PASS is `resolved` from the start (its delta depends on nothing else).
 * * **Complete** (with the scan's coverage, default all): a covered uid settled as FAIL that the scan
 *   did not report is copied into the scan as `resolved` (`present` false, keeping what was last
 *   reported, `time` the scan's latest evaluation time); covered uids the scan did not report leave
 *   the latest view and lose their settled status; uids it reported settle on this scan. Findings
 *   outside the coverage keep their status and place in the latest view.
 * * **Read**: `scanId` selects a scan's rows, its absence the latest rows (`is_latest`: the latest
 *   reported row per provider × uid). Rows a scan did not report (resolved copies) appear only when the
 *   query's `delta` asks for them, so lists and counts show what a scan saw unless asked otherwise.
 */
import { FINDING_STATUSES, UNKNOWN_REGION, type FindingStatus } from '@palisade/core';
import { sql, type RawBuilder, type Selectable, type SelectQueryBuilder, type SqlBool } from 'kysely';
import { Keyset, type SortColumn } from './paging.ts';
import { findingOf, isUuid, now, optionalJson, severityOf, severityRank, toJson, toTime, type FindingData } from './rows.ts';
import { chunks, contains, flag, flagIs, greatest, least, typed, type Db } from './runtime.ts';
import type { Database, FindingsTable } from './schema.ts';
import type { TenantScope } from './tenant-scope.ts';
import {
  StoreError,
  type FindingDelta,
  type FindingHistoryEntry,
  type FindingInput,
  type FindingQuery,
  type MuteRule,
  type Page,
  type PageRequest,
  type ScanCoverage,
  type ScanEvent,
  type StoredFinding,
} from './types.ts';

/** Rows per statement: 23 columns × 1,000 stays under both databases' parameter limits. */
const ROWS_PER_STATEMENT = 1000;
const FINISHED = ['completed', 'failed', 'cancelled'];

const SORT_COLUMNS = { severity: 'severity', time: 'time', checkId: 'check_id', status: 'status' } as const;
const GROUP_COLUMNS = { severity: 'severity', service: 'service', accountUid: 'account_uid', providerId: 'provider_id', checkId: 'check_id', region: 'region' } as const;

type FindingRow = Selectable<FindingsTable>;
type FindingFilter = Omit<FindingQuery, 'cursor' | 'limit' | 'sort'>;
export type CountGroup = keyof typeof GROUP_COLUMNS;

export class FindingsRepository {
  constructor(private readonly scope: TenantScope) {}

  private async scanOf(db: Db, scanId: string): Promise<{ provider_id: string; state: string }> {
    const scan = isUuid(scanId)
      ? await db.selectFrom('scans').select(['provider_id', 'state']).where(this.scope.mine('scans')).where('id', '=', scanId).executeTakeFirst()
      : undefined;
    if (!scan) throw new StoreError('NotFound', `no scan ${scanId}`, 'scanId');
    return scan;
  }

  async insert(db: Db, scanId: string, findings: readonly FindingInput[]): Promise<void> {
    const scan = await this.scanOf(db, scanId);
    if (FINISHED.includes(scan.state)) throw new StoreError('InvalidInput', `scan ${scanId} is ${scan.state}: it takes no more findings`, 'scanId');
    const byUid = new Map<string, FindingInput>();
    for (const finding of findings) {
      checkFinding(finding);
      if (!byUid.has(finding.uid)) byUid.set(finding.uid, finding);
    }
    if (byUid.size === 0) return;
    const runtime = this.scope.runtime;

    for (const batch of chunks([...byUid.values()], ROWS_PER_STATEMENT)) {
      const uids = batch.map((finding) => finding.uid);
      const tracks = new Map(
        (
          await db
            .selectFrom('finding_tracks')
            .select(['uid', 'first_seen', 'last_seen', 'latest_scan_id', 'settled_scan_id', 'settled_status'])
            .where(this.scope.mine('finding_tracks'))
            .where('provider_id', '=', scan.provider_id)
            .where('uid', 'in', uids)
            .execute()
        ).map((track) => [track.uid, track]),
      );

      // The latest mark moves from each uid's previous latest row to the row inserted now.
      const previousLatest = new Map<string, string[]>();
      for (const track of tracks.values()) {
        if (track.latest_scan_id === null || track.latest_scan_id === scanId) continue;
        previousLatest.set(track.latest_scan_id, [...(previousLatest.get(track.latest_scan_id) ?? []), track.uid]);
      }
      for (const [previousScan, previousUids] of previousLatest) {
        await db
          .updateTable('findings')
          .set({ is_latest: flag(runtime, false) })
          .where(this.scope.mine('findings'))
          .where('scan_id', '=', previousScan)
          .where('uid', 'in', previousUids)
          .execute();
      }

      const rows = batch.map((finding) => {
        const time = toTime(finding.time, 'time');
        const track = tracks.get(finding.uid);
        const previous = track?.settled_scan_id ? (track.settled_status ?? undefined) : undefined;
        const delta: FindingDelta =
          previous === undefined ? 'new' : previous === finding.status ? 'unchanged' : previous === 'FAIL' && finding.status === 'PASS' ? 'resolved' : 'changed';
        const data: FindingData = {
          title: finding.title,
          message: finding.message,
          provider: finding.provider,
          accountName: finding.accountName,
          resourceName: finding.resource.name,
          resourceType: finding.resource.type,
          error: finding.error,
        };
        return this.scope.own({
          scan_id: scanId,
          uid: finding.uid,
          provider_id: scan.provider_id,
          check_id: finding.checkId,
          service: finding.service,
          status: finding.status,
          severity: severityRank(finding.severity),
          account_uid: finding.accountUid,
          region: finding.region,
          resource_uid: finding.resource.uid,
          compliance: finding.compliance.length === 0 ? '' : `|${finding.compliance.join('|')}|`,
          muted: flag(runtime, finding.muted !== undefined),
          mute_reason: finding.muted?.reason ?? null,
          mute_rule: finding.muted?.rule ?? null,
          mute_expires: finding.muted?.expires ?? null,
          delta,
          present: flag(runtime, true),
          is_latest: flag(runtime, true),
          time,
          first_seen: track && track.first_seen < time ? track.first_seen : time,
          last_seen: track && track.last_seen > time ? track.last_seen : time,
          data: toJson(data),
        });
      });
      // Only rows stored now update their tracks: a row of this scan stored before stays as it was.
      const inserted = new Set(
        (
          await db
            .insertInto('findings')
            .values(rows)
            .onConflict((conflict) => conflict.columns(['tenant_id', 'scan_id', 'uid']).doNothing())
            .returning('uid')
            .execute()
        ).map((row) => row.uid),
      );
      if (inserted.size === 0) continue;
      await db
        .insertInto('finding_tracks')
        .values(
          rows
            .filter((row) => inserted.has(row.uid))
            .map((row) =>
              this.scope.own({ provider_id: row.provider_id, uid: row.uid, first_seen: row.time, last_seen: row.time, latest_scan_id: scanId, latest_status: row.status }),
            ),
        )
        .onConflict((conflict) =>
          conflict.columns(['tenant_id', 'provider_id', 'uid']).doUpdateSet({
            first_seen: least(runtime, sql.ref('finding_tracks.first_seen'), sql.ref('excluded.first_seen')),
            last_seen: greatest(runtime, sql.ref('finding_tracks.last_seen'), sql.ref('excluded.last_seen')),
            latest_scan_id: sql.ref('excluded.latest_scan_id'),
            latest_status: sql.ref('excluded.latest_status'),
          }),
        )
        .execute();
    }
  }

  async complete(db: Db, scanId: string, coverage?: ScanCoverage): Promise<{ readonly resolved: number }> {
    const scan = await this.scanOf(db, scanId);
    const runtime = this.scope.runtime;
    const latestTime = await db
      .selectFrom('findings')
      .select((eb) => eb.fn.max('time').as('time'))
      .where(this.scope.mine('findings'))
      .where('scan_id', '=', scanId)
      .where(flagIs(runtime, 'findings.present', true))
      .executeTakeFirst();
    const resolvedAt = latestTime?.time ?? now();

    // Covered uids settled as FAIL that this scan did not report (their tracks do not point at it):
    // their settled rows are copied in as resolved.
    const copied = ['uid', 'provider_id', 'check_id', 'service', 'status', 'severity', 'account_uid', 'region', 'resource_uid', 'compliance', 'muted', 'mute_reason', 'mute_rule', 'mute_expires', 'first_seen', 'last_seen', 'data'] as const;
    let source = db
      .selectFrom('findings as b')
      .innerJoin('finding_tracks as t', (join) =>
        join.onRef('t.tenant_id', '=', 'b.tenant_id').onRef('t.provider_id', '=', 'b.provider_id').onRef('t.uid', '=', 'b.uid').onRef('t.settled_scan_id', '=', 'b.scan_id'),
      )
      .select(['b.tenant_id', typed(runtime, scanId, 'uuid').as('scan_id'), ...copied.map((column) => `b.${column}` as const)])
      .select([sql.lit('resolved').as('delta'), sql.lit(flag(runtime, false)).as('present'), sql.lit(flag(runtime, false)).as('is_latest'), typed(runtime, resolvedAt, 'timestamptz').as('time')])
      .where(this.scope.mine('findings', 'b'))
      .where(this.scope.mine('finding_tracks', 't'))
      .where('t.provider_id', '=', scan.provider_id)
      .where('t.settled_status', '=', 'FAIL')
      .where(flagIs(runtime, 'b.present', true))
      .where((eb) => eb.or([eb('t.latest_scan_id', 'is', null), eb('t.latest_scan_id', '<>', scanId)]));
    const coveredCopy = coverageCondition(coverage, 'b');
    if (coveredCopy) source = source.where(coveredCopy);
    await db
      .insertInto('findings')
      .columns(['tenant_id', 'scan_id', ...copied, 'delta', 'present', 'is_latest', 'time'])
      .expression(source)
      .onConflict((conflict) => conflict.columns(['tenant_id', 'scan_id', 'uid']).doNothing())
      .execute();

    // Covered uids this scan did not report leave the latest view, and lose their settled status.
    const stale = db
      .selectFrom('finding_tracks')
      .select(['finding_tracks.latest_scan_id', 'finding_tracks.uid'])
      .where(this.scope.mine('finding_tracks'))
      .where('finding_tracks.provider_id', '=', scan.provider_id)
      .where('finding_tracks.latest_scan_id', '<>', scanId);
    let leave = db
      .updateTable('findings')
      .set({ is_latest: flag(runtime, false) })
      .where(this.scope.mine('findings'))
      .where(sql<SqlBool>`(${sql.ref('findings.scan_id')}, ${sql.ref('findings.uid')}) IN (${stale})`);
    const coveredRow = coverageCondition(coverage, 'findings');
    if (coveredRow) leave = leave.where(coveredRow);
    await leave.execute();
    let unsettle = db
      .updateTable('finding_tracks')
      .set({ latest_scan_id: null, settled_scan_id: null, settled_status: null })
      .where(this.scope.mine('finding_tracks'))
      .where('provider_id', '=', scan.provider_id)
      .where('latest_scan_id', '<>', scanId);
    const coveredTrack = coverageCondition(coverage, 'f');
    if (coveredTrack) {
      unsettle = unsettle.where((eb) =>
        eb.exists(
          eb
            .selectFrom('findings as f')
            .select(sql.lit(1).as('one'))
            .whereRef('f.tenant_id', '=', 'finding_tracks.tenant_id')
            .whereRef('f.uid', '=', 'finding_tracks.uid')
            .whereRef('f.scan_id', '=', 'finding_tracks.latest_scan_id')
            .where(coveredTrack),
        ),
      );
    }
    await unsettle.execute();
    // Every uid this scan reported settles on it.
    await db
      .updateTable('finding_tracks')
      .set({ settled_scan_id: scanId, settled_status: sql.ref('latest_status') })
      .where(this.scope.mine('finding_tracks'))
      .where('provider_id', '=', scan.provider_id)
      .where('latest_scan_id', '=', scanId)
      .execute();

    const resolved = await db
      .selectFrom('findings')
      .select((eb) => eb.fn.countAll().as('count'))
      .where(this.scope.mine('findings'))
      .where('scan_id', '=', scanId)
      .where('delta', '=', 'resolved')
      .executeTakeFirstOrThrow();
    return { resolved: Number(resolved.count) };
  }

  /** The filters of `FindingQuery` on a query over `findings`; false when they can match nothing. */
  private filtered<O>(query: SelectQueryBuilder<Database, 'findings', O>, filter: FindingFilter): SelectQueryBuilder<Database, 'findings', O> | undefined {
    const runtime = this.scope.runtime;
    let result = query.where(this.scope.mine('findings'));
    if (filter.scanId === undefined) result = result.where(flagIs(runtime, 'findings.is_latest', true));
    else if (isUuid(filter.scanId)) result = result.where('findings.scan_id', '=', filter.scanId);
    else return undefined;
    if (filter.providerId !== undefined) {
      if (!isUuid(filter.providerId)) return undefined;
      result = result.where('findings.provider_id', '=', filter.providerId);
    }
    if (filter.status?.length) result = result.where('findings.status', 'in', filter.status);
    if (filter.severity?.length) result = result.where('findings.severity', 'in', filter.severity.map(severityRank));
    if (filter.accountUid !== undefined) result = result.where('findings.account_uid', '=', filter.accountUid);
    if (filter.region !== undefined) result = result.where('findings.region', '=', filter.region);
    if (filter.service !== undefined) result = result.where('findings.service', '=', filter.service);
    if (filter.checkId !== undefined) result = result.where('findings.check_id', '=', filter.checkId);
    if (filter.resourceUid !== undefined) result = result.where('findings.resource_uid', '=', filter.resourceUid);
    if (filter.compliance !== undefined) {
      if (filter.complianceChecks !== undefined) {
        if (filter.complianceChecks.length === 0) return undefined;
        result = result.where('findings.check_id', 'in', [...filter.complianceChecks]);
      }
      const requirement = filter.compliance;
      result = result.where((eb) =>
        eb.or([contains(runtime, 'findings.compliance', `|${requirement}|`), contains(runtime, 'findings.compliance', `|${requirement}:`)]),
      );
    }
    if (filter.muted !== undefined) result = result.where(flagIs(runtime, 'findings.muted', filter.muted));
    // Resolved copies are never latest rows; in a scan they show only when `delta` asks for them.
    if (filter.delta?.length) result = result.where('findings.delta', 'in', filter.delta);
    else if (filter.scanId !== undefined) result = result.where(flagIs(runtime, 'findings.present', true));
    return result;
  }

  /** A scan's findings (`scanId`), or the latest ones (no `scanId`). */
  async list(db: Db, query: FindingQuery): Promise<Page<StoredFinding>> {
    const sort = query.sort ?? 'severity';
    const descending = sort.startsWith('-');
    const field = (descending ? sort.slice(1) : sort) as keyof typeof SORT_COLUMNS;
    const column = SORT_COLUMNS[field];
    if (!column) throw new StoreError('InvalidInput', `unknown sort ${sort}`, 'sort');
    const direction = descending ? 'desc' : 'asc';
    const columns: SortColumn<FindingRow>[] = [
      { ref: `findings.${column}`, direction, of: (row) => row[column], kind: column === 'severity' ? 'number' : 'string' },
      { ref: 'findings.uid', direction, of: (row) => row.uid, kind: 'string' },
      { ref: 'findings.scan_id', direction, of: (row) => row.scan_id, kind: 'string' },
    ];
    const { cursor: _cursor, limit: _limit, ...identity } = query;
    const keyset = new Keyset(['findings', this.scope.tenantId, normalizedFilter(identity), sort], query, columns);
    const filtered = this.filtered(db.selectFrom('findings').selectAll('findings'), query);
    if (!filtered) return { items: [] };
    const rows = await keyset.apply(filtered).execute();
    return keyset.page(rows, findingOf);
  }

  /** With `scanId` that scan's row; without, the latest row of `uid` (a newer resolved copy, or the newest row). */
  async get(db: Db, uid: string, scanId?: string): Promise<StoredFinding | undefined> {
    if (scanId !== undefined && !isUuid(scanId)) return undefined;
    let query = db.selectFrom('findings').selectAll().where(this.scope.mine('findings')).where('uid', '=', uid);
    query = scanId === undefined ? query.orderBy('is_latest', 'desc').orderBy('time', 'desc').orderBy('scan_id', 'desc') : query.where('scan_id', '=', scanId);
    const row = await query.limit(1).executeTakeFirst();
    return row && findingOf(row);
  }

  /** The statuses a uid was reported with, newest first. */
  async history(db: Db, uid: string, page?: PageRequest): Promise<Page<FindingHistoryEntry>> {
    type Row = { scan_id: string; status: string; muted: boolean | number; time: string; trigger: string; event: unknown };
    const keyset = new Keyset<Row>(['history', this.scope.tenantId, uid], page, [
      { ref: 'findings.time', direction: 'desc', of: (row) => row.time, kind: 'string' },
      { ref: 'findings.scan_id', direction: 'desc', of: (row) => row.scan_id, kind: 'string' },
    ]);
    const rows: Row[] = await keyset
      .apply(
        db
          .selectFrom('findings')
          .innerJoin('scans', (join) => join.onRef('scans.tenant_id', '=', 'findings.tenant_id').onRef('scans.id', '=', 'findings.scan_id'))
          .select(['findings.scan_id', 'findings.status', 'findings.muted', 'findings.time', 'scans.trigger', 'scans.event'])
          .where(this.scope.mine('findings'))
          .where(this.scope.mine('scans'))
          .where('findings.uid', '=', uid)
          .where(flagIs(this.scope.runtime, 'findings.present', true)),
      )
      .execute();
    return keyset.page(rows, (row) => {
      const event = optionalJson<ScanEvent>(row.event);
      return { scanId: row.scan_id, status: row.status as FindingStatus, muted: Boolean(row.muted), time: row.time, trigger: row.trigger, ...(event ? { event } : {}) };
    });
  }

  async count(
    db: Db,
    query: FindingFilter & { readonly groupBy?: CountGroup },
  ): Promise<readonly { readonly group: string; readonly status: FindingStatus; readonly muted: boolean; readonly count: number }[]> {
    const groupBy = query.groupBy ?? 'severity';
    const column = GROUP_COLUMNS[groupBy];
    if (!column) throw new StoreError('InvalidInput', `unknown group ${groupBy}`, 'groupBy');
    const filtered = this.filtered(db.selectFrom('findings'), query);
    if (!filtered) return [];
    const rows = await filtered
      .select([sql.ref<string | number>(`findings.${column}`).as('grp'), 'findings.status', 'findings.muted', (eb) => eb.fn.countAll().as('count')])
      .groupBy([`findings.${column}`, 'findings.status', 'findings.muted'])
      .execute();
    return rows
      .map((row) => ({
        group: groupBy === 'severity' ? severityOf(Number(row.grp)) : String(row.grp),
        status: row.status as FindingStatus,
        muted: Boolean(row.muted),
        count: Number(row.count),
        order: row.grp,
      }))
      .sort((a, b) => compare(a.order, b.order) || compare(a.status, b.status) || Number(a.muted) - Number(b.muted))
      .map(({ order: _order, ...entry }) => entry);
  }

  /**
   * Mutes or unmutes the latest findings a rule matches. Each criterion is an exact value or `*`
   * (any); an absent criterion matches any value. Unmuting clears the mute whichever rule set it.
   */
  async setMuted(
    db: Db,
    match: Pick<MuteRule, 'findingUid' | 'providerId' | 'account' | 'checkId' | 'region' | 'resource'>,
    muted: { readonly reason: string; readonly rule: string } | undefined,
  ): Promise<number> {
    const runtime = this.scope.runtime;
    const criteria: [string | undefined, 'uid' | 'provider_id' | 'account_uid' | 'check_id' | 'region' | 'resource_uid'][] = [
      [match.findingUid, 'uid'],
      [match.providerId, 'provider_id'],
      [match.account, 'account_uid'],
      [match.checkId, 'check_id'],
      [match.region, 'region'],
      [match.resource, 'resource_uid'],
    ];
    if (match.providerId !== undefined && match.providerId !== '*' && !isUuid(match.providerId)) return 0;
    let update = db
      .updateTable('findings')
      .set(
        muted
          ? { muted: flag(runtime, true), mute_reason: muted.reason, mute_rule: muted.rule, mute_expires: null }
          : { muted: flag(runtime, false), mute_reason: null, mute_rule: null, mute_expires: null },
      )
      .where(this.scope.mine('findings'))
      .where(flagIs(runtime, 'findings.is_latest', true));
    for (const [value, column] of criteria) {
      if (value !== undefined && value !== '*') update = update.where(column, '=', value);
    }
    const result = await update.executeTakeFirst();
    return Number(result.numUpdatedRows);
  }
}

function compare(a: string | number, b: string | number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The filter as the cursor fingerprint sees it: absent and empty lists are the same query. */
function normalizedFilter(filter: FindingFilter): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(filter)
      .filter(([, value]) => value !== undefined && !(Array.isArray(value) && value.length === 0))
      .sort(([a], [b]) => compare(a, b)),
  );
}

/** The rows `coverage` covers, as a condition on the findings table under `alias`; undefined when it covers all. */
function coverageCondition(coverage: ScanCoverage | undefined, alias: string): RawBuilder<SqlBool> | undefined {
  if (!coverage) return undefined;
  const parts: RawBuilder<unknown>[] = [];
  const within = (column: string, values: readonly string[]) =>
    values.length === 0 ? sql`1 = 0` : sql`${sql.ref(`${alias}.${column}`)} IN (${sql.join([...values])})`;
  if (coverage.checks) parts.push(within('check_id', coverage.checks));
  // A region list still covers what has no region of its own: global resources, and resources
  // whose region could not be read (a region filter keeps both).
  if (coverage.regions) parts.push(within('region', [...coverage.regions, 'global', UNKNOWN_REGION]));
  if (coverage.accounts) parts.push(within('account_uid', coverage.accounts));
  if (coverage.resources) {
    // An IAM user or role named without its path covers it under any path (names are unique in an account).
    const pathed = coverage.resources.flatMap((arn) => {
      const match = /^(arn:[^:]+:iam::\d{12}:(?:user|role)\/)([^/]+)$/.exec(arn);
      return match ? [sql`${sql.ref(`${alias}.resource_uid`)} LIKE ${`${escapeLike(match[1]!)}%/${escapeLike(match[2]!)}`} ESCAPE '\\'`] : [];
    });
    const exact = within('resource_uid', coverage.resources);
    parts.push(pathed.length === 0 ? exact : sql`(${exact} OR ${sql.join(pathed, sql` OR `)})`);
  }
  return parts.length === 0 ? undefined : sql<SqlBool>`(${sql.join(parts, sql` AND `)})`;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

function checkFinding(finding: FindingInput): void {
  if (typeof finding.uid !== 'string' || finding.uid === '') throw new StoreError('InvalidInput', 'a finding needs a uid', 'uid');
  if (!FINDING_STATUSES.includes(finding.status)) throw new StoreError('InvalidInput', `finding ${finding.uid}: unknown status ${String(finding.status)}`, 'status');
  if (finding.compliance.some((entry) => entry.includes('|'))) throw new StoreError('InvalidInput', `finding ${finding.uid}: a requirement id contains '|'`, 'compliance');
}
