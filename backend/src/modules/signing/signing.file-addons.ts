import type { FileAddons } from '../files/file-addons.js';
import { issuedLetters } from './dispatch.js';
import { noteSignatureSummaries } from './note-signatures.js';
import { NoteSignatureSchema } from './signing.entity.js';

/** What a file shows of signing: its notes' signatures and the letters issued from its drafts. */
export const signingFileAddons: FileAddons = {
  noteSignatures: noteSignatureSummaries,
  issuedLetters: async (em, fileId) => (await issuedLetters(em, fileId)).byDraft,
  noteSigned: async (em, noteId) => (await em.count(NoteSignatureSchema, { note: noteId })) > 0,
};
