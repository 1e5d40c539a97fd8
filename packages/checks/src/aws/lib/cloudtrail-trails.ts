/**
 * CloudTrail reasoning shared by the trail and monitoring checks: one entry per trail across
 * regions (a multi-region or organization trail is listed in every region it covers) and what a
 * trail's event selectors capture.
 */
import { errorResult, fail, pass, resource } from '@palisade/core';
import { accountResource, collectAcrossRegions } from '@palisade/core/aws';
import type {
  ApiError,
  CheckResult,
  Fetched,
  ResourceRef,
} from '@palisade/core';
import type {
  AwsAccountSnapshot,
  CloudTrailAdvancedEventSelector,
  CloudTrailAdvancedFieldSelector,
  CloudTrailTrail,
} from '@palisade/core/aws';

/** What GetEventSelectors returned for a trail. */
export type TrailEventSelectors = NonNullable<CloudTrailTrail['eventSelectors']['value']>;

/** The first successful read among the copies, else the first failure. */
function firstReadable<T>(copies: readonly Fetched<T>[]): Fetched<T> {
  return copies.find((copy) => copy.error === undefined) ?? copies[0]!;
}

/**
 * Every trail once, by ARN. The copy listed in the trail's home region wins; status and event
 * selectors come from whichever copy could be read, so one denied shadow copy does not hide data
 * another region returned.
 */
export function uniqueTrails(account: AwsAccountSnapshot): Fetched<readonly CloudTrailTrail[]> {
  const listed = collectAcrossRegions(account, 'cloudtrail', (data) => data.trails);
  if (listed.error) return listed;
  const copiesByArn = new Map<string, { region: string; item: CloudTrailTrail }[]>();
  for (const entry of listed.value) {
    const copies = copiesByArn.get(entry.item.arn) ?? [];
    copies.push(entry);
    copiesByArn.set(entry.item.arn, copies);
  }
  const trails = [...copiesByArn.values()].map((copies) => {
    const home = copies.find((copy) => copy.region === copy.item.homeRegion) ?? copies[0]!;
    return {
      ...home.item,
      status: firstReadable(copies.map((copy) => copy.item.status)),
      eventSelectors: firstReadable(copies.map((copy) => copy.item.eventSelectors)),
    };
  });
  return { value: trails.sort((a, b) => a.arn.localeCompare(b.arn)) };
}

export function trailResource(trail: CloudTrailTrail): ResourceRef {
  return resource(trail.arn, 'AwsCloudTrailTrail', trail.name, trail.homeRegion);
}

/** Evaluates every trail once; ERROR on the account when the trails of any region could not be listed. */
export function eachTrail(account: AwsAccountSnapshot, evaluate: (trail: CloudTrailTrail) => CheckResult | readonly CheckResult[]): readonly CheckResult[] {
  const trails = uniqueTrails(account);
  if (trails.error) return [errorResult(accountResource(account), trails.error, 'CloudTrail trails could not be listed')];
  return trails.value.flatMap((trail) => evaluate(trail));
}

const fieldOf = (selector: CloudTrailAdvancedEventSelector, field: string): CloudTrailAdvancedFieldSelector | undefined =>
  selector.fieldSelectors.find((candidate) => candidate.field === field);

const equalsExactly = (field: CloudTrailAdvancedFieldSelector | undefined, value: string): boolean =>
  field?.equals?.length === 1 && field.equals[0] === value;

/**
 * True when the selectors record all management events, read and write: a basic selector with
 * management events on and `ReadWriteType: All`, or an advanced selector on the Management
 * category that does not narrow by `readOnly`.
 */
export function capturesAllManagementEvents(selectors: TrailEventSelectors): boolean {
  const basic = selectors.basic.some((selector) => selector.includeManagementEvents && selector.readWriteType === 'All');
  const advanced = selectors.advanced.some(
    (selector) => equalsExactly(fieldOf(selector, 'eventCategory'), 'Management') && fieldOf(selector, 'readOnly') === undefined,
  );
  return basic || advanced;
}

export type S3DataEventAccess = 'write' | 'read';

/** `arn:aws:s3`, `arn:aws:s3:::` and their other-partition forms all mean "every bucket". */
const ALL_BUCKETS = /^arn:aws(-[a-z-]+)?:s3(:::)?$/;

/**
 * True when the selectors record S3 object-level events of the given access for every bucket.
 * An advanced selector counts only when it filters on nothing but the category, resource type and
 * `readOnly`; any further field (bucket ARNs, event names) narrows it below "all buckets".
 */
export function logsAllS3ObjectEvents(selectors: TrailEventSelectors, access: S3DataEventAccess): boolean {
  const wantedReadWrite = access === 'write' ? 'WriteOnly' : 'ReadOnly';
  const basic = selectors.basic.some(
    (selector) =>
      (selector.readWriteType === 'All' || selector.readWriteType === wantedReadWrite) &&
      selector.dataResources.some((data) => data.type === 'AWS::S3::Object' && data.values.some((value) => ALL_BUCKETS.test(value))),
  );
  const wantedReadOnly = access === 'write' ? 'false' : 'true';
  const advanced = selectors.advanced.some((selector) => {
    if (!equalsExactly(fieldOf(selector, 'eventCategory'), 'Data')) return false;
    if (!equalsExactly(fieldOf(selector, 'resources.type'), 'AWS::S3::Object')) return false;
    const readOnly = fieldOf(selector, 'readOnly');
    if (readOnly !== undefined && !equalsExactly(readOnly, wantedReadOnly)) return false;
    return selector.fieldSelectors.every((field) => ['eventCategory', 'resources.type', 'readOnly'].includes(field.field));
  });
  return basic || advanced;
}

/**
 * One account-level result for CIS 3.8/3.9: PASS when a logging multi-region trail records S3
 * object-level events of the given access for all buckets. A single-region trail records data
 * events only for buckets in its own region, so it is named in the FAIL but does not pass.
 */
export function evaluateS3DataEvents(account: AwsAccountSnapshot, access: S3DataEventAccess): readonly CheckResult[] {
  const target = accountResource(account);
  const trails = uniqueTrails(account);
  if (trails.error) return [errorResult(target, trails.error, 'CloudTrail trails could not be listed')];
  const singleRegion: string[] = [];
  const notLogging: string[] = [];
  let unreadable: { error: ApiError; context: string } | undefined;
  for (const trail of trails.value) {
    if (trail.eventSelectors.error) {
      if (trail.isMultiRegion) unreadable ??= { error: trail.eventSelectors.error, context: `Event selectors of trail ${trail.name}` };
      continue;
    }
    if (!logsAllS3ObjectEvents(trail.eventSelectors.value, access)) continue;
    if (trail.status.error) {
      if (trail.isMultiRegion) unreadable ??= { error: trail.status.error, context: `Status of trail ${trail.name}` };
      continue;
    }
    if (!trail.status.value.isLogging) notLogging.push(trail.name);
    else if (!trail.isMultiRegion) singleRegion.push(trail.name);
    else return [pass(target, `Multi-region trail ${trail.name} records S3 object-level ${access} events for all buckets.`)];
  }
  if (unreadable) return [errorResult(target, unreadable.error, unreadable.context)];
  const notes = [
    ...(singleRegion.length > 0 ? [`single-region trail(s) ${singleRegion.join(', ')} record them only for buckets in their home region`] : []),
    ...(notLogging.length > 0 ? [`trail(s) ${notLogging.join(', ')} are configured for them but not logging`] : []),
  ];
  return [
    fail(target, `No logging multi-region trail records S3 object-level ${access} events for all buckets${notes.length > 0 ? `; ${notes.join('; ')}` : ''}.`),
  ];
}
