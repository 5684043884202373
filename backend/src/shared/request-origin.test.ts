import { describe, expect, it } from 'vitest';
import { judgeOrigin, ownOrigin } from './request-origin.js';

const rule = { publicUrl: null, trustProxy: false };

describe('ownOrigin', () => {
  it('is the scheme and Host the request was sent to; forwarded ones only behind a trusted proxy', () => {
    expect(ownOrigin({ host: '127.0.0.1:3000' }, false, false)).toBe('http://127.0.0.1:3000');
    expect(ownOrigin({ host: 'eoffice.up.gov.in:443' }, true, false)).toBe('https://eoffice.up.gov.in');
    const forwarded = { host: '10.0.0.5:3000', 'x-forwarded-host': 'eoffice.up.gov.in, 10.0.0.1', 'x-forwarded-proto': 'https' };
    expect(ownOrigin(forwarded, false, true)).toBe('https://eoffice.up.gov.in');
    expect(ownOrigin(forwarded, false, false)).toBe('http://10.0.0.5:3000');
    expect(ownOrigin({}, false, false)).toBeNull();
  });
});

describe('judgeOrigin', () => {
  it('accepts the request’s own origin and PUBLIC_URL’s, from Origin or else Referer', () => {
    expect(judgeOrigin({ host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000' }, false, rule).verdict).toBe('same');
    expect(judgeOrigin({ host: '127.0.0.1:3000', referer: 'http://127.0.0.1:3000/files/1?x=a,b' }, false, rule).verdict).toBe('same');
    const pub = { publicUrl: 'https://eoffice.up.gov.in/', trustProxy: false };
    expect(judgeOrigin({ host: '10.0.0.5:3000', origin: 'https://eoffice.up.gov.in' }, false, pub).verdict).toBe('same');
    expect(judgeOrigin({ host: 'EOFFICE.up.gov.in:80', origin: 'http://eoffice.up.gov.in' }, false, rule).verdict).toBe('same');
  });

  it('refuses any other origin, a foreign Referer, "null" and garbage; Origin wins over Referer', () => {
    const host = '127.0.0.1:3000';
    expect(judgeOrigin({ host, origin: 'http://evil.example' }, false, rule)).toEqual({
      verdict: 'foreign',
      claimed: 'http://evil.example',
    });
    expect(judgeOrigin({ host, origin: 'https://127.0.0.1:3000' }, false, rule).verdict).toBe('foreign');
    expect(judgeOrigin({ host, origin: 'http://127.0.0.1:3001' }, false, rule).verdict).toBe('foreign');
    expect(judgeOrigin({ host, referer: 'http://evil.example/page' }, false, rule).verdict).toBe('foreign');
    expect(judgeOrigin({ host, origin: 'null' }, false, rule).verdict).toBe('foreign');
    expect(judgeOrigin({ host, origin: 'file:///tmp/x.html' }, false, rule).verdict).toBe('foreign');
    expect(judgeOrigin({ host, origin: 'http://evil.example', referer: 'http://127.0.0.1:3000/' }, false, rule).verdict).toBe('foreign');
  });

  it('trusts a forwarded host only when told to', () => {
    const headers = {
      host: '127.0.0.1:3000',
      origin: 'https://evil.example',
      'x-forwarded-host': 'evil.example',
      'x-forwarded-proto': 'https',
    };
    expect(judgeOrigin(headers, false, rule).verdict).toBe('foreign');
    expect(judgeOrigin(headers, false, { publicUrl: null, trustProxy: true }).verdict).toBe('same');
  });

  it('says when there is neither header (a client that is not a browser)', () => {
    expect(judgeOrigin({ host: '127.0.0.1:3000' }, false, rule)).toEqual({ verdict: 'absent', claimed: null });
  });
});
