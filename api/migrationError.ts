// Why the schema cannot be brought to what this code expects. A class of its
// own so `npm run migrate` can tell an operator's mistake (wrong role, an
// edited migration: exit 1) from a failure (exit 2), and so a server that
// refuses to start says which command fixes it.

export type MigrationErrorReason =
  /** A .sql file in the migrations directory is not named NNN_name.sql. */
  | 'misnamed_file'
  /** Two files claim the same version number. */
  | 'duplicate_version'
  /** A file already applied to this database has changed since. */
  | 'applied_file_changed'
  /** The connected role may not read schema_migrations, so it cannot tell whether the schema is current. */
  | 'history_unreadable'
  /** Migrations, or a published pack version's figure rows, are pending and the connected role may not write them (not the schema owner). */
  | 'pending_needs_owner'
  /** The figures' rows of a published pack version differ from its catalogue (api/socialServicesMeasures.ts). */
  | 'published_catalogue_differs'
  /** bops_app's privileges cannot be restated: the connected role does not own every object they are on. */
  | 'privileges_need_owner';

export class MigrationError extends Error {
  override readonly name = 'MigrationError';
  constructor(
    readonly reason: MigrationErrorReason,
    message: string,
    options?: { cause: unknown },
  ) {
    super(message, options);
  }
}
