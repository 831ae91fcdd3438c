// `npm run dev-token -- --user <id> --role <role> [--role <role>] --region <region> [--hours N]`
// prints a dev-mode API token signed with the key in DATA_DIR (default ./.data).
// Its roles and region count only for an officer no administrator provisioned:
// for one provisioned with `npm run officers -- add` the API uses their row.
// There are no dev tokens in production (BOPS_MODE=production): it refuses.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadApiConfig } from './apiConfig.js';
import { loadOrCreateDevSigningKey } from './devSigningKey.js';
import { officerIdSchema } from './idSchemas.js';
import { officerRoleSchema, OFFICER_ROLES } from './officerRoles.js';
import { policeRegionSchema, POLICE_REGIONS } from './policeRegions.js';
import { signDevToken } from './tokenVerifier.js';

const argsSchema = z.object({
  user: officerIdSchema,
  role: z.array(officerRoleSchema).min(1),
  region: policeRegionSchema,
  hours: z.coerce.number().positive().max(24).default(8),
});

const usage = `usage: npm run dev-token -- --user <id> --role <role> [--role <role>…] --region <region> [--hours 1-24]
  roles:   ${OFFICER_ROLES.join(', ')}
  regions: ${POLICE_REGIONS.join(', ')}`;

try {
  const { values } = parseArgs({
    options: { user: { type: 'string' }, role: { type: 'string', multiple: true }, region: { type: 'string' }, hours: { type: 'string' } },
    strict: true,
  });
  const parsed = argsSchema.safeParse({ ...values, role: values.role?.flatMap((r) => r.split(',')) });
  if (!parsed.success) {
    console.error(parsed.error.issues.map((i) => `--${String(i.path[0])}: ${i.message}`).join('\n') + '\n' + usage);
    process.exit(2);
  }
  const config = loadApiConfig();
  if (config.trust.mode !== 'dev') {
    console.error('dev-token: there are no dev tokens in production (BOPS_MODE=production); officers sign in with Entra ID');
    process.exit(2);
  }
  const key = loadOrCreateDevSigningKey(config.dataDir);
  const { user, role, region, hours } = parsed.data;
  console.log(await signDevToken(key, { kind: 'officer', id: user, roles: role, region }, hours * 3600));
} catch (err) {
  console.error(`${(err as Error).message}\n${usage}`);
  process.exit(2);
}
