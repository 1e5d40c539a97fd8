/**
 * A tenant's findings on DynamoDB, with the SQL stores' semantics (see ../findings.ts): one row per
 * (scan, uid) in the scan's partition, and per (provider, uid) one *current* item holding what
 * `finding_tracks` holds — first and last seen, the latest and the settled scan and status — and a
 * copy of the latest row while the uid is in the latest view.
 *
 * Attributes of a row (short: findings are most of the table): `u` uid, `sid` scan, `p` provider,
 * `ck` check, `sv` service, `st` status, `sr` severity rank (0 = critical), `ac` account, `rg`
 * region, `ru` resource uid, `cp` requirements (`|req-a|req-b|`), `mu` muted, `mr`/`ml`/`me` mute
 * reason, rule and expiry, `d` delta, `pr` present (false for a resolved copy), `t` time, `fs`/`ls`
 * first and last seen, `dt` the rest as JSON (title, message, names, error); `hpk`/`hsk` place it in
 * the history index. A current item: `p`, `u`, `fs`/`ls`, `lsc`/`lst` latest scan and status,
 * `ssc`/`sst` settled scan and status, `L` the latest row (a map of the row's attributes).
 *
 * * **Insert**: read the batch's current items (BatchGetItem), put each row on the condition that
 *   the scan has no row of its uid yet (so a batch stored twice changes nothing), then write the
 *   current items of the rows stored now (BatchWriteItem) — and of rows stored by a call cut short
 *   before its current items were written, which its retry finishes.
 * * **Complete**: page through the scan's rows (time, presence, delta: only an aggregate is kept),
 *   then through the provider's current items, a page at a time: copy the covered settled failures
 *   the scan did not report in as resolved (conditional puts: completing twice copies once), drop
 *   the covered uids it did not report from the latest view and unsettle them, settle the uids it
 *   reported. Memory holds a page or two, whatever the number of findings.
 * * **Read**: a scan's list and counts read the scan's partition, the latest view reads the
 *   tenant's current partition (one provider's range when the query names one); filters and sorts
 *   apply in memory, so a page costs a read of the whole partition (the design notes say more).
 */
import { FINDING_STATUSES, UNKNOWN_REGION, type FindingStatus } from '@palisade/core';
import { isUuid, now, severityOf, severityRank, toTime, type FindingData } from '../rows.ts';
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
} from '../types.ts';
import { exists, flag, integer, missing, optionalJson, optionalText, text, type Item, type Value } from './codec.ts';
import { Cursor, compareParts, pageInMemory, pageInOrder, type KeyPart } from './paging.ts';
import { DynamoTable, keyString } from './requests.ts';
import { HISTORY_INDEX, type TenantKeys } from './table.ts';

const FINISHED = ['completed', 'failed', 'cancelled'];
/** Uids per round of reads and writes while storing a batch. */
const ROUND = 100;
/** Conditional writes in flight at once. */
const CONCURRENCY = 32;
/** A row's sort key (`F#<uid>`) and a current item's (`<provider>#<uid>`) must stay within DynamoDB's 1,024 bytes. */
const MAX_UID_BYTES = 900;

const SORT_ATTRIBUTES = { severity: 'sr', time: 't', checkId: 'ck', status: 'st' } as const;
const GROUP_ATTRIBUTES = { severity: 'sr', service: 'sv', accountUid: 'ac', providerId: 'p', checkId: 'ck', region: 'rg' } as const;
/** The row attributes a resolved copy takes from the settled row. */
const COPIED = ['u', 'p', 'ck', 'sv', 'st', 'sr', 'ac', 'rg', 'ru', 'cp', 'mu', 'mr', 'ml', 'me', 'fs', 'ls', 'dt'] as const;
/** The attributes of a row that are not its keys: what a current item's `L` holds. */
const ROW_ATTRIBUTES = [...COPIED, 'sid', 'd', 'pr', 't'] as const;

type FindingFilter = Omit<FindingQuery, 'cursor' | 'limit' | 'sort'>;
export type CountGroup = keyof typeof GROUP_ATTRIBUTES;
type Row = Item;

function rowOf(item: Item): Row {
  const row: Row = {};
  for (const name of ROW_ATTRIBUTES) if (item[name] !== undefined) row[name] = item[name];
  return row;
}

function latestOf(current: Item): Row | undefined {
  const latest = current.L;
  return latest && typeof latest === 'object' && !Array.isArray(latest) ? (latest as Row) : undefined;
}

/** The latest row of a current item, as a list of none or one. */
function latestRows(current: Item): Row[] {
  const latest = latestOf(current);
  return latest ? [latest] : [];
}

export class DynamoFindings {
  constructor(
    private readonly table: DynamoTable,
    private readonly keys: TenantKeys,
  ) {}

  private async scanOf(scanId: string): Promise<{ providerId: string; state: string }> {
    const scan = isUuid(scanId) ? await this.table.get(this.keys.entity('SCAN', scanId), ['providerId', 'state']) : undefined;
    if (!scan) throw new StoreError('NotFound', `no scan ${scanId}`, 'scanId');
    return { providerId: text(scan, 'providerId'), state: text(scan, 'state') };
  }

  /** A row as stored in `scanId`'s partition, placed in the history index. */
  private rowItem(scanId: string, row: Row): Item {
    const uid = text(row, 'u');
    return { ...this.keys.findingRow(scanId, uid), ...row, sid: scanId, hpk: this.keys.historyPartition(uid), hsk: `${text(row, 't')}#${scanId}` };
  }

  async insert(scanId: string, findings: readonly FindingInput[]): Promise<void> {
    const scan = await this.scanOf(scanId);
    if (FINISHED.includes(scan.state)) throw new StoreError('InvalidInput', `scan ${scanId} is ${scan.state}: it takes no more findings`, 'scanId');
    const byUid = new Map<string, FindingInput>();
    for (const finding of findings) {
      checkFinding(finding);
      if (!byUid.has(finding.uid)) byUid.set(finding.uid, finding);
    }
    // Every value checked before anything is written.
    const prepared = [...byUid.values()].map((finding) => ({ finding, time: toTime(finding.time, 'time'), severity: severityRank(finding.severity) }));

    for (let start = 0; start < prepared.length; start += ROUND) {
      const round = prepared.slice(start, start + ROUND);
      const tracks = await this.table.batchGet(round.map(({ finding }) => this.keys.current(scan.providerId, finding.uid)));
      const rows = round.map(({ finding, time, severity }) => {
        const track = tracks.get(keyString(this.keys.current(scan.providerId, finding.uid)));
        const settled = track && optionalText(track, 'ssc') !== undefined ? optionalText(track, 'sst') : undefined;
        const delta: FindingDelta =
          settled === undefined ? 'new' : settled === finding.status ? 'unchanged' : settled === 'FAIL' && finding.status === 'PASS' ? 'resolved' : 'changed';
        const firstSeen = track && text(track, 'fs') < time ? text(track, 'fs') : time;
        const lastSeen = track && text(track, 'ls') > time ? text(track, 'ls') : time;
        const data: FindingData = {
          title: finding.title,
          message: finding.message,
          provider: finding.provider,
          accountName: finding.accountName,
          resourceName: finding.resource.name,
          resourceType: finding.resource.type,
          error: finding.error,
        };
        const row: Row = {
          u: finding.uid,
          sid: scanId,
          p: scan.providerId,
          ck: finding.checkId,
          sv: finding.service,
          st: finding.status,
          sr: severity,
          ac: finding.accountUid,
          rg: finding.region,
          ru: finding.resource.uid,
          cp: finding.compliance.length === 0 ? '' : `|${finding.compliance.join('|')}|`,
          mu: finding.muted !== undefined,
          mr: finding.muted?.reason,
          ml: finding.muted?.rule,
          me: finding.muted?.expires,
          d: delta,
          pr: true,
          t: time,
          fs: firstSeen,
          ls: lastSeen,
          dt: JSON.stringify(data),
        };
        return { row, track };
      });
      // Only rows stored now update their current items: a row of this scan stored before stays as it was.
      const stored: typeof rows = [];
      const before: typeof rows = [];
      await DynamoTable.forEach(rows, CONCURRENCY, async (entry) => {
        if (await this.table.put(this.rowItem(scanId, entry.row), missing)) stored.push(entry);
        else before.push(entry);
      });
      // A reported row stored before whose current item does not point at it was stored by a call
      // cut short between the two writes: its current item is written now, from the row as stored.
      // (A resolved copy the scan's completion put there is no reported row: it stays out of view.)
      const unfinished = before.filter(({ track }) => track?.lsc !== scanId);
      const storedRows = await this.table.batchGet(unfinished.map(({ row }) => this.keys.findingRow(scanId, text(row, 'u'))));
      for (const entry of unfinished) {
        const row = storedRows.get(keyString(this.keys.findingRow(scanId, text(entry.row, 'u'))));
        if (row && flag(row, 'pr')) stored.push({ row: rowOf(row), track: entry.track });
      }
      await this.table.batchWrite({
        puts: stored.map(({ row, track }) => ({
          ...this.keys.current(scan.providerId, text(row, 'u')),
          p: scan.providerId,
          u: text(row, 'u'),
          fs: text(row, 'fs'),
          ls: text(row, 'ls'),
          lsc: scanId,
          lst: text(row, 'st'),
          ssc: track && optionalText(track, 'ssc'),
          sst: track && optionalText(track, 'sst'),
          L: row,
        })),
      });
    }
  }

  /**
   * Pages through the scan's rows, then through the provider's current items, settling each page
   * (its resolved copies put, then its current items rewritten) while the next one is read: what
   * it holds does not grow with the number of findings. The current items a page rewrites are
   * behind the read, and the copies go to the scan's partition, so no page read sees another
   * page's writes; each uid's copy is put before its current item loses the settled status, as
   * when everything was read first, so a completion cut short is finished by the next.
   */
  async complete(scanId: string, coverage?: ScanCoverage): Promise<{ readonly resolved: number }> {
    const scan = await this.scanOf(scanId);
    // Of the scan's rows only an aggregate: when its present rows were last seen, and how many it reported resolved.
    let resolvedAt: string | undefined;
    let resolved = 0;
    for await (const rows of this.table.pages({ partition: this.keys.scanPartition(scanId), prefix: 'F#', attributes: ['t', 'pr', 'd'] })) {
      for (const row of rows) {
        if (flag(row, 'pr') && (resolvedAt === undefined || text(row, 't') > resolvedAt)) resolvedAt = text(row, 't');
        if (row.d === 'resolved') resolved++;
      }
    }
    const time = resolvedAt ?? now();
    const covers = coverageTest(coverage);
    const settle = this.table.batchWriter();
    for await (const tracks of this.table.pagesAhead({ partition: this.keys.currentPartition(), prefix: `${scan.providerId}#` })) {
      resolved += await this.copyResolved(scanId, tracks, time, covers);
      await settle.put(settledTracks(scanId, tracks, coverage, covers));
    }
    await settle.flush();
    return { resolved };
  }

  /**
   * Covered uids settled as FAIL that this scan did not report: their settled rows are copied into
   * the scan as resolved (conditional puts: completing twice copies once). The number copied now.
   */
  private async copyResolved(scanId: string, tracks: readonly Item[], time: string, covers: (row: Row) => boolean): Promise<number> {
    const failing = tracks.filter((track) => track.sst === 'FAIL' && typeof track.ssc === 'string' && track.lsc !== scanId);
    const elsewhere = failing.filter((track) => latestOf(track)?.sid !== track.ssc);
    const settledRows = await this.table.batchGet(elsewhere.map((track) => this.keys.findingRow(text(track, 'ssc'), text(track, 'u'))));
    const copies: Item[] = [];
    for (const track of failing) {
      const latest = latestOf(track);
      const settled = latest?.sid === track.ssc ? latest : settledRows.get(keyString(this.keys.findingRow(text(track, 'ssc'), text(track, 'u'))));
      if (!settled || !flag(settled, 'pr') || !covers(settled)) continue;
      const copy: Row = { sid: scanId, d: 'resolved', pr: false, t: time };
      for (const name of COPIED) if (settled[name] !== undefined) copy[name] = settled[name];
      copies.push(this.rowItem(scanId, copy));
    }
    let copied = 0;
    await DynamoTable.forEach(copies, CONCURRENCY, async (copy) => {
      if (await this.table.put(copy, missing)) copied++;
    });
    return copied;
  }

  /** The rows a filter reads: a scan's partition, or the latest rows (of one provider when it names one); undefined when it can match nothing. */
  private async rowsOf(filter: FindingFilter): Promise<Row[] | undefined> {
    if (filter.providerId !== undefined && !isUuid(filter.providerId)) return undefined;
    if (filter.scanId !== undefined) {
      if (!isUuid(filter.scanId)) return undefined;
      return (await this.table.queryAll({ partition: this.keys.scanPartition(filter.scanId), prefix: 'F#' })).map(rowOf);
    }
    const current = await this.table.queryAll({ partition: this.keys.currentPartition(), ...(filter.providerId === undefined ? {} : { prefix: `${filter.providerId}#` }) });
    return current.flatMap(latestRows);
  }

  private async matching(filter: FindingFilter): Promise<Row[]> {
    const rows = await this.rowsOf(filter);
    if (!rows) return [];
    if (filter.compliance !== undefined && filter.complianceChecks?.length === 0) return [];
    const severities = filter.severity?.length ? filter.severity.map(severityRank) : undefined;
    const checks = filter.compliance !== undefined && filter.complianceChecks !== undefined ? new Set(filter.complianceChecks) : undefined;
    return rows.filter((row) => {
      if (filter.providerId !== undefined && row.p !== filter.providerId) return false;
      if (filter.status?.length && !filter.status.includes(text(row, 'st') as FindingStatus)) return false;
      if (severities && !severities.includes(integer(row, 'sr'))) return false;
      if (filter.accountUid !== undefined && row.ac !== filter.accountUid) return false;
      if (filter.region !== undefined && row.rg !== filter.region) return false;
      if (filter.service !== undefined && row.sv !== filter.service) return false;
      if (filter.checkId !== undefined && row.ck !== filter.checkId) return false;
      if (filter.resourceUid !== undefined && row.ru !== filter.resourceUid) return false;
      if (filter.compliance !== undefined) {
        if (checks && !checks.has(text(row, 'ck'))) return false;
        const requirements = text(row, 'cp');
        if (!requirements.includes(`|${filter.compliance}|`) && !requirements.includes(`|${filter.compliance}:`)) return false;
      }
      if (filter.muted !== undefined && flag(row, 'mu') !== filter.muted) return false;
      // Resolved copies are never latest rows; in a scan they show only when `delta` asks for them.
      if (filter.delta?.length) return filter.delta.includes(text(row, 'd') as FindingDelta);
      return filter.scanId === undefined || flag(row, 'pr');
    });
  }

  /** A scan's findings (`scanId`), or the latest ones (no `scanId`). */
  async list(query: FindingQuery): Promise<Page<StoredFinding>> {
    const sort = query.sort ?? 'severity';
    const descending = sort.startsWith('-');
    const field = (descending ? sort.slice(1) : sort) as keyof typeof SORT_ATTRIBUTES;
    const attribute = SORT_ATTRIBUTES[field];
    if (!attribute) throw new StoreError('InvalidInput', `unknown sort ${sort}`, 'sort');
    const { cursor: _cursor, limit: _limit, ...identity } = query;
    const cursor = new Cursor(['findings', this.keys.tenantId, normalizedFilter(identity), sort], query, [attribute === 'sr' ? 'number' : 'string', 'string', 'string']);
    const rows = await this.matching(query);
    return pageInMemory(cursor, rows, (row) => [row[attribute] as KeyPart, text(row, 'u'), text(row, 'sid')], descending ? 'desc' : 'asc', (row) => this.findingOf(row));
  }

  /** With `scanId` that scan's row; without, the latest row of `uid` (a newer resolved copy, or the newest row). */
  async get(uid: string, scanId?: string): Promise<StoredFinding | undefined> {
    if (scanId !== undefined) {
      if (!isUuid(scanId)) return undefined;
      const item = await this.table.get(this.keys.findingRow(scanId, uid));
      return item && this.findingOf(rowOf(item));
    }
    // The latest copies of the uid, one per provider (read from the table); else its newest row, found through the history index.
    const providers = await this.table.queryAll({ partition: this.keys.partition, prefix: this.keys.prefix('PROVIDER'), attributes: ['id'] });
    const current = await this.table.batchGet(providers.map((provider) => this.keys.current(text(provider, 'id'), uid)));
    const latest = [...current.values()]
      .flatMap(latestRows)
      .sort((a, b) => compareParts(text(b, 't'), text(a, 't')) || compareParts(text(b, 'sid'), text(a, 'sid')))[0];
    if (latest) return this.findingOf(latest);
    for await (const page of this.table.pages({ index: HISTORY_INDEX, partition: this.keys.historyPartition(uid), descending: true, pageSize: 1 })) {
      const newest = page[0];
      if (!newest) continue;
      const item = await this.table.get({ pk: text(newest, 'pk'), sk: text(newest, 'sk') });
      return item && this.findingOf(rowOf(item));
    }
    return undefined;
  }

  /** The statuses a uid was reported with, newest first. */
  async history(uid: string, page?: PageRequest): Promise<Page<FindingHistoryEntry>> {
    const cursor = new Cursor(['history', this.keys.tenantId, uid], page, ['string', 'string']);
    const after = cursor.after;
    const pages = this.table.pages({
      index: HISTORY_INDEX,
      partition: this.keys.historyPartition(uid),
      descending: true,
      ...(after ? { below: `${after[0]}#${after[1]}` } : {}),
      pageSize: Math.min(1000, cursor.limit + 1),
    });
    const split = (entry: Item): [string, string] => {
      const key = text(entry, 'hsk');
      const at = key.indexOf('#');
      return [key.slice(0, at), key.slice(at + 1)];
    };
    const { rows, nextCursor } = await pageInOrder(cursor, pages, (entry) => flag(entry, 'pr'), split);
    const scans = await this.table.batchGet(
      [...new Set(rows.map((entry) => split(entry)[1]))].map((scanId) => this.keys.entity('SCAN', scanId)),
      ['trigger', 'event'],
    );
    const items = rows.flatMap((entry): FindingHistoryEntry[] => {
      const [time, scanId] = split(entry);
      const scan = scans.get(keyString(this.keys.entity('SCAN', scanId)));
      if (!scan) return [];
      const event = optionalJson<ScanEvent>(scan, 'event');
      return [{ scanId, status: text(entry, 'st') as FindingStatus, muted: flag(entry, 'mu'), time, trigger: text(scan, 'trigger'), ...(event ? { event } : {}) }];
    });
    return { items, ...(nextCursor ? { nextCursor } : {}) };
  }

  async count(query: FindingFilter & { readonly groupBy?: CountGroup }): Promise<readonly { readonly group: string; readonly status: FindingStatus; readonly muted: boolean; readonly count: number }[]> {
    const groupBy = query.groupBy ?? 'severity';
    const attribute = GROUP_ATTRIBUTES[groupBy];
    if (!attribute) throw new StoreError('InvalidInput', `unknown group ${groupBy}`, 'groupBy');
    const counts = new Map<string, { order: KeyPart; status: FindingStatus; muted: boolean; count: number }>();
    for (const row of await this.matching(query)) {
      const order = row[attribute] as KeyPart;
      const status = text(row, 'st') as FindingStatus;
      const muted = flag(row, 'mu');
      const key = JSON.stringify([order, status, muted]);
      const entry = counts.get(key);
      if (entry) entry.count++;
      else counts.set(key, { order, status, muted, count: 1 });
    }
    return [...counts.values()]
      .sort((a, b) => compareParts(a.order, b.order) || compareParts(a.status, b.status) || Number(a.muted) - Number(b.muted))
      .map((entry) => ({ group: groupBy === 'severity' ? severityOf(Number(entry.order)) : String(entry.order), status: entry.status, muted: entry.muted, count: entry.count }));
  }

  /**
   * Mutes or unmutes the latest findings a rule matches (their rows and the latest view's copies).
   * Each criterion is an exact value or `*` (any); an absent criterion matches any value.
   */
  async setMuted(
    match: Pick<MuteRule, 'findingUid' | 'providerId' | 'account' | 'checkId' | 'region' | 'resource'>,
    muted: { readonly reason: string; readonly rule: string } | undefined,
  ): Promise<number> {
    if (match.providerId !== undefined && match.providerId !== '*' && !isUuid(match.providerId)) return 0;
    const criteria: [string | undefined, string][] = [
      [match.findingUid, 'u'],
      [match.providerId, 'p'],
      [match.account, 'ac'],
      [match.checkId, 'ck'],
      [match.region, 'rg'],
      [match.resource, 'ru'],
    ];
    const provider = match.providerId !== undefined && match.providerId !== '*' ? match.providerId : undefined;
    const current = await this.table.queryAll({ partition: this.keys.currentPartition(), ...(provider ? { prefix: `${provider}#` } : {}) });
    const matched = current.filter((item) => {
      const latest = latestOf(item);
      return latest !== undefined && criteria.every(([value, attribute]) => value === undefined || value === '*' || latest[attribute] === value);
    });
    const fields: Record<string, Value> = muted ? { mu: true, mr: muted.reason, ml: muted.rule, me: null } : { mu: false, mr: null, ml: null, me: null };
    await DynamoTable.forEach(matched, CONCURRENCY, async (item) => {
      const latest = latestOf(item)!;
      await this.table.update({ pk: text(item, 'pk'), sk: text(item, 'sk') }, Object.fromEntries(Object.entries(fields).map(([name, value]) => [`L.${name}`, value])), (e) => `attribute_exists(${e.name('L')})`);
      await this.table.update(this.keys.findingRow(text(latest, 'sid'), text(latest, 'u')), fields, exists);
    });
    return matched.length;
  }

  /**
   * Deletes a scan's partition: its rows and the delivery marks it holds. Children go before what
   * names them, so that a deletion cut short is finished by the next: the latest view's copies of
   * its rows leave the view first (unless `withCurrent` is false: the provider's current items are
   * being deleted anyway), then `deleteDeliveries` is given the marks, then the partition goes.
   */
  async deleteScanPartition(scanId: string, providerId: string, withCurrent: boolean, deleteDeliveries: (marks: readonly Item[]) => Promise<void>): Promise<void> {
    const items = await this.table.queryAll({ partition: this.keys.scanPartition(scanId), attributes: ['pk', 'sk', 'u', 'integrationId', 'notificationId'] });
    if (withCurrent) {
      const uids = items.filter((item) => text(item, 'sk').startsWith('F#')).map((item) => text(item, 'u'));
      const current = await this.table.batchGet(uids.map((uid) => this.keys.current(providerId, uid)));
      const stale = [...current.values()].filter((item) => latestOf(item)?.sid === scanId);
      await this.table.batchWrite({ puts: stale.map(({ L: _latest, ...rest }) => rest) });
    }
    await deleteDeliveries(items.filter((item) => text(item, 'sk').startsWith('D#')));
    await this.table.batchWrite({ deletes: items.map((item) => ({ pk: text(item, 'pk'), sk: text(item, 'sk') })) });
  }

  /** Deletes a provider's current items (its latest view and tracks). */
  async deleteProviderCurrent(providerId: string): Promise<void> {
    const items = await this.table.queryAll({ partition: this.keys.currentPartition(), prefix: `${providerId}#`, attributes: ['pk', 'sk'] });
    await this.table.batchWrite({ deletes: items.map((item) => ({ pk: text(item, 'pk'), sk: text(item, 'sk') })) });
  }

  private findingOf(row: Row): StoredFinding {
    const data = JSON.parse(text(row, 'dt')) as FindingData;
    const expires = optionalText(row, 'me');
    const muted = flag(row, 'mu') ? { reason: optionalText(row, 'mr') ?? '', rule: optionalText(row, 'ml') ?? '', ...(expires === undefined ? {} : { expires }) } : undefined;
    return {
      tenantId: this.keys.tenantId,
      scanId: text(row, 'sid'),
      providerId: text(row, 'p'),
      uid: text(row, 'u'),
      checkId: text(row, 'ck'),
      title: data.title,
      service: text(row, 'sv'),
      status: text(row, 'st') as FindingStatus,
      severity: severityOf(integer(row, 'sr')),
      message: data.message,
      provider: data.provider,
      accountUid: text(row, 'ac'),
      accountName: data.accountName,
      region: text(row, 'rg'),
      resource: { uid: text(row, 'ru'), name: data.resourceName, type: data.resourceType },
      compliance: text(row, 'cp')
        .split('|')
        .filter((entry) => entry !== ''),
      muted,
      error: data.error,
      time: text(row, 't'),
      delta: text(row, 'd') as FindingDelta,
      firstSeen: text(row, 'fs'),
      lastSeen: text(row, 'ls'),
    };
  }
}

/**
 * The current items of `tracks` that completing `scanId` changes: covered uids the scan did not
 * report leave the latest view and lose their settled status; every uid it reported settles on it.
 */
function settledTracks(scanId: string, tracks: readonly Item[], coverage: ScanCoverage | undefined, covers: (row: Row) => boolean): Item[] {
  const changed: Item[] = [];
  for (const track of tracks) {
    const latestScan = optionalText(track, 'lsc');
    if (latestScan === scanId) {
      if (track.ssc !== scanId || track.sst !== track.lst) changed.push({ ...track, ssc: scanId, sst: track.lst });
    } else if (latestScan !== undefined) {
      const latest = latestOf(track);
      if (coverage !== undefined && !(latest && covers(latest))) continue;
      changed.push({ pk: track.pk, sk: track.sk, p: track.p, u: track.u, fs: track.fs, ls: track.ls });
    }
  }
  return changed;
}

/** The filter as the cursor fingerprint sees it: absent and empty lists are the same query. */
function normalizedFilter(filter: FindingFilter): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(filter)
      .filter(([, value]) => value !== undefined && !(Array.isArray(value) && value.length === 0))
      .sort(([a], [b]) => compareParts(a, b)),
  );
}

/**
 * Whether a row is within `coverage` (everything when absent). A region list still covers what has
 * no region of its own (global resources, unknown regions); an IAM user or role named without its
 * path covers it under any path.
 */
function coverageTest(coverage: ScanCoverage | undefined): (row: Row) => boolean {
  if (!coverage) return () => true;
  const regions = coverage.regions && new Set([...coverage.regions, 'global', UNKNOWN_REGION]);
  const checks = coverage.checks && new Set(coverage.checks);
  const accounts = coverage.accounts && new Set(coverage.accounts);
  const resources = coverage.resources && new Set(coverage.resources);
  const pathed = (coverage.resources ?? []).flatMap((arn) => {
    const match = /^(arn:[^:]+:iam::\d{12}:(?:user|role)\/)([^/]+)$/.exec(arn);
    return match ? [{ prefix: match[1]!, suffix: `/${match[2]!}` }] : [];
  });
  return (row) => {
    if (checks && !checks.has(text(row, 'ck'))) return false;
    if (regions && !regions.has(text(row, 'rg'))) return false;
    if (accounts && !accounts.has(text(row, 'ac'))) return false;
    if (resources) {
      const uid = text(row, 'ru');
      const covered = resources.has(uid) || pathed.some(({ prefix, suffix }) => uid.length >= prefix.length + suffix.length && uid.startsWith(prefix) && uid.endsWith(suffix));
      if (!covered) return false;
    }
    return true;
  };
}

function checkFinding(finding: FindingInput): void {
  if (typeof finding.uid !== 'string' || finding.uid === '') throw new StoreError('InvalidInput', 'a finding needs a uid', 'uid');
  if (Buffer.byteLength(finding.uid) > MAX_UID_BYTES) throw new StoreError('InvalidInput', `finding uid longer than ${MAX_UID_BYTES} bytes: ${finding.uid.slice(0, 40)}…`, 'uid');
  if (!FINDING_STATUSES.includes(finding.status)) throw new StoreError('InvalidInput', `finding ${finding.uid}: unknown status ${String(finding.status)}`, 'status');
  if (finding.compliance.some((entry) => entry.includes('|'))) throw new StoreError('InvalidInput', `finding ${finding.uid}: a requirement id contains '|'`, 'compliance');
}
