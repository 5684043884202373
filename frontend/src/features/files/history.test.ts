import { describe, expect, it } from 'vitest';
import { auditActionKey } from './history';
import en from '../../i18n/en.json';

describe('auditActionKey', () => {
  it('names the file actions the backend records', () => {
    expect(auditActionKey('file.send')).toBe('files.history.action.send');
    expect(auditActionKey('file.pull-back')).toBe('files.history.action.pull-back');
    expect(auditActionKey('file.note.add')).toBe('files.history.action.note-add');
    expect(auditActionKey('file.volume.create')).toBe('files.history.action.volume-create');
    expect(auditActionKey('file.open')).toBe('files.history.action.open');
    expect(auditActionKey('file.first-view')).toBe('files.history.action.first-view');
    expect(auditActionKey('file.something-new')).toBeNull();
  });

  it('has a translation for every key it returns', () => {
    const actions = en.files.history.action as Record<string, string>;
    for (const a of ['file.link', 'file.unlink', 'file.part.add', 'file.draft.comment', 'file.correspondence.flag', 'file.reopen']) {
      const key = auditActionKey(a)!;
      expect(actions[key.split('.').at(-1)!], a).toBeTruthy();
    }
  });
});
