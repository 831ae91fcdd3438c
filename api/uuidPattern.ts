// An id that is not a uuid cannot exist in a uuid column, and asking Postgres
// would be an error (invalid input syntax for type uuid) instead of "not
// found": the repositories test the text first.
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
