// ETag and If-Match for an assessment (RFC 9110 §8.8.3, §13.1.1): the entity
// tag is the assessment's version, which every change bumps. A client sends
// the tag it last saw in If-Match with a change; a stale tag is answered 412,
// so two officers (or two devices) cannot silently overwrite each other.

/** The strong entity tag of an assessment at `version`, quoted as on the wire. */
export function assessmentEtag(version: number): string {
  return `"v${version}"`;
}

/** What an If-Match header asks for: nothing, any current version (`*`), or one of these versions. */
export type IfMatchCondition = { kind: 'none' } | { kind: 'any' } | { kind: 'versions'; versions: number[] };

const ENTITY_TAG = /^(W\/)?"([\x21\x23-\x7e\x80-\xff]*)"$/;
const OUR_TAG = /^v([1-9]\d{0,9})(?:-([a-z]+))?$/;

/**
 * Reads If-Match. Weak tags never match (If-Match uses strong comparison), and
 * tags this server never issued or that do not parse cannot match either: they
 * leave an empty version list, which fails like a stale tag (412). `views` are
 * the suffixes a resource adds for a partial view of the same version
 * (`"v5-withheld"`): a change made on what the caller was shown is a change of that version.
 */
export function parseIfMatch(header: string | undefined, views: readonly string[] = []): IfMatchCondition {
  if (header === undefined) return { kind: 'none' };
  const trimmed = header.trim();
  if (trimmed === '*') return { kind: 'any' };
  const versions: number[] = [];
  for (const part of trimmed.split(',')) {
    const tag = ENTITY_TAG.exec(part.trim());
    if (!tag || tag[1]) continue;
    const ours = OUR_TAG.exec(tag[2]!);
    if (ours && (ours[2] === undefined || views.includes(ours[2]))) versions.push(Number(ours[1]));
  }
  return { kind: 'versions', versions };
}
