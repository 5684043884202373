import type { EntityManager } from '@mikro-orm/postgresql';
import { extensionPoint } from '../../shared/extension-point.js';
import type { EFile, Note } from './files.entity.js';
import type { FileOut } from './files.schemas.js';

export type NoteSignatureBadge = NonNullable<FileOut['notes'][number]['signature']>;
export type LetterIssue = NonNullable<FileOut['drafts'][number]['issue']>;

/**
 * What the modules built on files (signing) show on a file and make final there; files never imports
 * them. Provided by the composition root.
 */
export interface FileAddons {
  /** Signature badges of a file's notes, by note id. */
  noteSignatures(em: EntityManager, file: Pick<EFile, 'id' | 'fileNumber'>, notes: Note[]): Promise<Map<string, NoteSignatureBadge>>;
  /** The letters issued from a file's drafts, by draft id (an issued draft no longer changes). */
  issuedLetters(em: EntityManager, fileId: string): Promise<Map<string, LetterIssue>>;
  /** Whether a note is signed (a signed note keeps its words). */
  noteSigned(em: EntityManager, noteId: string): Promise<boolean>;
}

export const fileAddons = extensionPoint<FileAddons>('file addons (signing)');
