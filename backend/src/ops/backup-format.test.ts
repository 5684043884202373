import { describe, expect, it } from 'vitest';
import { objectKeys } from '@patravali/storage';
import { checkpointChainNo, objectFile, splitPassword } from './backup-format.js';

describe('backup format', () => {
  it('reads the chain position from an audit checkpoint key and nothing else', () => {
    expect(checkpointChainNo(objectKeys.auditCheckpoint(1234, new Date('2026-12-07T10:00:00Z')))).toBe(1234);
    expect(checkpointChainNo(objectKeys.auditCheckpointKey('abc'))).toBeNull();
    expect(checkpointChainNo('receipts/r1/pages/p1/page')).toBeNull();
  });

  it('keeps every object file inside the objects folder', () => {
    expect(objectFile('/b', 'receipts/r1/pages/p1/page')).toBe('/b/objects/receipts/r1/pages/p1/page');
    expect(() => objectFile('/b', '../manifest.json')).toThrow(/leaves the objects folder/);
  });

  it('takes the password out of a connection URL (for PGPASSWORD, never on a command line)', () => {
    expect(splitPassword('postgres://owner:p%40ss%2Fw@127.0.0.1:5432/patravali')).toEqual({
      url: 'postgres://owner@127.0.0.1:5432/patravali',
      password: 'p@ss/w',
    });
  });
});
