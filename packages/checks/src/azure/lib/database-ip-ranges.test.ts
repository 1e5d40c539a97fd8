import { describe, expect, it } from 'vitest';
import { ipv4PrefixLength, ipv4RangeSize, ipv4ToNumber, isAzureServicesRule, isWideRange, maxAddressesForPrefix } from './database-ip-ranges.ts';

const rule = (startIpAddress: string, endIpAddress: string) => ({ startIpAddress, endIpAddress });

describe('database IP ranges', () => {
  it('parses IPv4 addresses and nothing else', () => {
    expect(ipv4ToNumber('0.0.0.0')).toBe(0);
    expect(ipv4ToNumber('255.255.255.255')).toBe(4_294_967_295);
    expect(ipv4ToNumber('10.1.2.3')).toBe(167_838_211);
    expect(ipv4ToNumber('256.0.0.1')).toBeUndefined();
    expect(ipv4ToNumber('10.1.2')).toBeUndefined();
    expect(ipv4ToNumber('2001:db8::1')).toBeUndefined();
  });

  it('counts the addresses of a range', () => {
    expect(ipv4RangeSize('203.0.113.10', '203.0.113.10')).toBe(1);
    expect(ipv4RangeSize('0.0.0.0', '255.255.255.255')).toBe(4_294_967_296);
    expect(ipv4RangeSize('10.0.0.10', '10.0.0.1')).toBeUndefined();
  });

  it('tells the Azure services rule and wide ranges apart', () => {
    expect(isAzureServicesRule(rule('0.0.0.0', '0.0.0.0'))).toBe(true);
    expect(isAzureServicesRule(rule('0.0.0.0', '255.255.255.255'))).toBe(false);
    expect(maxAddressesForPrefix(16)).toBe(65_536);
    expect(isWideRange(rule('0.0.0.0', '0.0.0.0'), 16)).toBe(false);
    expect(isWideRange(rule('198.51.0.0', '198.51.255.255'), 16)).toBe(false);
    expect(isWideRange(rule('198.50.0.0', '198.51.255.255'), 16)).toBe(true);
    expect(isWideRange(rule('0.0.0.0', '255.255.255.255'), 0)).toBe(false);
  });

  it('reads prefix lengths of addresses and CIDR blocks', () => {
    expect(ipv4PrefixLength('203.0.113.7')).toBe(32);
    expect(ipv4PrefixLength('203.0.113.0/24')).toBe(24);
    expect(ipv4PrefixLength('0.0.0.0/0')).toBe(0);
    expect(ipv4PrefixLength('203.0.113.0/33')).toBeUndefined();
    expect(ipv4PrefixLength('not-an-ip')).toBeUndefined();
  });
});
