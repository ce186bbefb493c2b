import { DomainError } from '../common/domain-error.js';
import { MAX_OPERATION_NAMES, MAX_OPERATION_NAME_LENGTH, Metrics } from './metrics.js';
import { meteredBody } from './metered.js';

async function value(metrics: Metrics, name: string, labels: Record<string, string>): Promise<number | undefined> {
  const metric = await metrics.registry.getSingleMetric(name)?.get();
  return metric?.values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))?.value;
}

describe('Metrics', () => {
  it('keeps operation names to a bounded set: later names count as "other"', async () => {
    const metrics = new Metrics();
    for (let i = 0; i < MAX_OPERATION_NAMES + 5; i++) metrics.recordOperation(`Op${i}`, 'query', true, 0.01);
    metrics.recordOperation('Op0', 'query', true, 0.01);
    metrics.recordOperation(null, 'query', false, 0.01);
    const counted = await metrics.registry.getSingleMetric('diplomacy_graphql_operations_total')!.get();
    expect(new Set(counted.values.map((v) => v.labels.operation)).size).toBe(MAX_OPERATION_NAMES + 2);
    expect(await value(metrics, 'diplomacy_graphql_operations_total', { operation: 'other' })).toBe(5);
    expect(await value(metrics, 'diplomacy_graphql_operations_total', { operation: 'Op0' })).toBe(2);
    expect(
      await value(metrics, 'diplomacy_graphql_operations_total', { operation: 'anonymous', outcome: 'error' }),
    ).toBe(1);
  });

  it('counts an overlong operation name as "other" without keeping it', async () => {
    const metrics = new Metrics();
    metrics.recordOperation('A'.repeat(MAX_OPERATION_NAME_LENGTH + 1), 'query', true, 0.01);
    metrics.recordOperation('A'.repeat(MAX_OPERATION_NAME_LENGTH), 'query', true, 0.01);
    const counted = await metrics.registry.getSingleMetric('diplomacy_graphql_operations_total')!.get();
    expect(counted.values.map((v) => v.labels.operation).sort()).toEqual([
      'A'.repeat(MAX_OPERATION_NAME_LENGTH),
      'other',
    ]);
  });

  it('keeps each application apart: two instances count in their own registries', async () => {
    const a = new Metrics();
    const b = new Metrics();
    a.recordHttp('GET', '/graphql', 200, 0.001);
    expect(await value(a, 'diplomacy_http_requests_total', { route: '/graphql' })).toBe(1);
    expect(await value(b, 'diplomacy_http_requests_total', { route: '/graphql' })).toBeUndefined();
  });

  it('names an append failure by the code clients get, and any other error INTERNAL', async () => {
    const metrics = new Metrics();
    metrics.recordAppendFailure(new DomainError('WRONG_EXPECTED_VERSION', 'stale'));
    metrics.recordAppendFailure(new Error('disk full'));
    metrics.recordAppendFailure(Object.assign(new Error('pg'), { code: '23505' }));
    expect(await value(metrics, 'diplomacy_append_failures_total', { code: 'WRONG_EXPECTED_VERSION' })).toBe(1);
    expect(await value(metrics, 'diplomacy_append_failures_total', { code: 'INTERNAL' })).toBe(2);
  });

  it('counts a metered body and says how it ended: at its end, on an error, or cut short', async () => {
    const metrics = new Metrics();
    async function* chunks(fail: boolean) {
      yield 'héllo';
      yield new Uint8Array(3);
      if (fail) throw new Error('disk gone');
    }
    const labels = { direction: 'export', kind: 'events', format: 'csv' };
    for await (const _ of meteredBody(chunks(false), metrics.transfer('export', 'events', 'csv'))) void _;
    await expect(async () => {
      for await (const _ of meteredBody(chunks(true), metrics.transfer('export', 'events', 'csv'))) void _;
    }).rejects.toThrow('disk gone');
    for await (const _ of meteredBody(chunks(false), metrics.transfer('export', 'events', 'csv'))) break;
    expect(await value(metrics, 'diplomacy_transfers_total', { ...labels, outcome: 'ok' })).toBe(1);
    expect(await value(metrics, 'diplomacy_transfers_total', { ...labels, outcome: 'error' })).toBe(1);
    expect(await value(metrics, 'diplomacy_transfers_total', { ...labels, outcome: 'aborted' })).toBe(1);
    // 'héllo' is 6 bytes in UTF-8: twice both chunks, once the first alone.
    expect(await value(metrics, 'diplomacy_transfer_bytes_total', labels)).toBe(2 * (6 + 3) + 6);
  });
});
