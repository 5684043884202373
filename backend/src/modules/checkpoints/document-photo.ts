import { AppError } from '../../shared/app-error.js';
import type { Scope } from '../../shared/scope.js';
import { assertCheckpoint } from './checkpoints.policy.js';
import { documentPhoto } from './checkpoints.queries.js';

/** The holder's photo of an issued document, for a checkpoint to compare with the person (online only). */
export async function getDocumentPhoto(scope: Scope, documentId: string) {
  assertCheckpoint(scope.actor);
  const photo = await documentPhoto(scope.em, documentId);
  if (!photo) throw new AppError('NOT_FOUND');
  return { stream: await scope.deps.store.get(photo.object_key), mime: photo.mime, size: photo.size };
}
