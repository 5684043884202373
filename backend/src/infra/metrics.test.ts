import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ROOT_DIR, loadEnv, ConfigError } from '../config/env.js';
import { createLogger } from '../shared/logger.js';
import { acceptRequestId, withRequestContext } from '../shared/request-context.js';
import { metricsAccess, registry } from './metrics.js';

describe('metrics', () => {
  it('the Grafana dashboard names only metrics the registry has', async () => {
    const dashboard = readFileSync(path.join(ROOT_DIR, 'ops', 'grafana', 'patravali.json'), 'utf8');
    const used = new Set([...dashboard.matchAll(/\b((?:patravali|process|nodejs)_[a-z0-9_]+)/g)].map((m) => m[1]!));
    const have = new Set(
      (await registry.getMetricsAsJSON()).flatMap((m) =>
        String(m.type) === 'histogram' ? [`${m.name}_bucket`, `${m.name}_count`, `${m.name}_sum`] : [m.name],
      ),
    );
    expect(used.size).toBeGreaterThan(10);
    expect([...used].filter((name) => !have.has(name))).toEqual([]);
  });

  it('lets a scrape in only with the configured bearer token, and not at all without one configured', () => {
    expect(metricsAccess(undefined, 'Bearer anything')).toBe('off');
    expect(metricsAccess('a-long-enough-token', undefined)).toBe('refused');
    expect(metricsAccess('a-long-enough-token', 'Bearer a-long-enough-tokeN')).toBe('refused');
    expect(metricsAccess('a-long-enough-token', 'Basic a-long-enough-token')).toBe('refused');
    expect(metricsAccess('a-long-enough-token', 'Bearer a-long-enough-token')).toBe('ok');
    expect(() => loadEnv({ METRICS_PORT: '9464' })).toThrow(ConfigError);
    expect(loadEnv({ METRICS_PORT: '9464', METRICS_TOKEN: 'a-long-enough-token' }).METRICS_PORT).toBe(9464);
  });
});

describe('request ids', () => {
  it('keeps a plain incoming id and replaces anything else', () => {
    expect(acceptRequestId('nginx-3f2a9c.17')).toBe('nginx-3f2a9c.17');
    for (const bad of [undefined, '', 'has space', 'x'.repeat(129), 'new\nline', '"quoted"'])
      expect(acceptRequestId(bad)).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('puts the current request id on every log line made inside it, and none outside', () => {
    const lines: Array<Record<string, unknown>> = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    const log = createLogger('info', 'test', sink);
    withRequestContext({ requestId: 'req-1', job: 'dak.ocr-page', jobId: 'j1' }, () => {
      log.info('inside');
      log.child({ part: 'x' }).info('inside a child');
    });
    log.info('outside');
    expect(lines.map((l) => [l.msg, l.requestId, l.job])).toEqual([
      ['inside', 'req-1', 'dak.ocr-page'],
      ['inside a child', 'req-1', 'dak.ocr-page'],
      ['outside', undefined, undefined],
    ]);
  });
});
