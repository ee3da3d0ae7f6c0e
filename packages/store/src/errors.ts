export type StoreErrorCode =
  | 'version_conflict'
  | 'idempotency_key_reused'
  | 'store_not_empty'
  | 'import_invalid'
  | 'unknown_subject'
  | 'programme_not_found';

/** The store refused a request for a reason of its own (not a domain rule). Nothing was written. */
export class StoreError extends Error {
  override name = 'StoreError';
  readonly code: StoreErrorCode;
  constructor(code: StoreErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}
