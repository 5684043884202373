export { startEmbeddedS3, type EmbeddedS3, type EmbeddedS3Options } from './embedded-s3.js';
export {
  createObjectStore,
  isStorageUnavailable,
  ObjectExistsError,
  StorageUnavailableError,
  type ObjectStore,
  type ObjectStoreOptions,
  type StoredObject,
} from './object-store.js';
export { objectKeys, AUDIT_CHECKPOINTS } from './keys.js';
