// The grammar and effect of `npm run officers -- …`, apart from the process
// (api/officerCli.ts) so both can be tested without spawning one:
//   list
//   add <officer-id> --region <region> --roles <role,role…> --operator <id> [--purpose <text>]
//   deactivate <officer-id> --operator <id> [--purpose <text>]
// The operator is the administrator's own id; it is the actor of the audit
// row, the command the carrier ('cli:officers'). Arguments are checked with
// the same schemas the API uses; a mistake changes nothing.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { AuditContext } from './auditLog.js';
import type { Database } from './database.js';
import { deactivateOfficer, listOfficers, provisionOfficer, type ProvisionedOfficer } from './officerAdministration.js';
import { officerIdSchema } from './idSchemas.js';
import { officerRoleSchema } from './officerRoles.js';
import { policeRegionSchema } from './policeRegions.js';
import { purposeSchema } from './routeGuards.js';

export const OFFICER_COMMANDS = ['list', 'add', 'deactivate'] as const;

/** The carrier recorded on the audit rows this command writes. */
export const OFFICER_CLI_VIA = 'cli:officers';
export const DEFAULT_ADMIN_PURPOSE = 'officer administration';

export const OFFICER_USAGE = [
  'usage: npm run officers -- list',
  '       npm run officers -- add <officer-id> --region <region> --roles <role,role…> --operator <your-id> [--purpose <text>]',
  '       npm run officers -- deactivate <officer-id> --operator <your-id> [--purpose <text>]',
  '(uses DATABASE_URL, else the PGlite database in DATA_DIR; an Entra object id is stored in lower case)',
].join('\n');

const rolesSchema = z
  .string()
  .transform((list) => list.split(',').map((r) => r.trim()).filter((r) => r.length > 0))
  .pipe(z.array(officerRoleSchema).min(1, 'name at least one role'));

const adminSchema = { operator: officerIdSchema, purpose: purposeSchema.default(DEFAULT_ADMIN_PURPOSE) };

const commandSchema = z.discriminatedUnion('command', [
  z.strictObject({ command: z.literal('list') }),
  z.strictObject({ command: z.literal('add'), officerId: officerIdSchema, region: policeRegionSchema, roles: rolesSchema, ...adminSchema }),
  z.strictObject({ command: z.literal('deactivate'), officerId: officerIdSchema, ...adminSchema }),
]);
export type OfficerCommand = z.output<typeof commandSchema>;

export type ParsedOfficerCommand = { ok: true; command: OfficerCommand } | { ok: false; message: string };

/** Reads the command line (after `--`); a mistake comes back as a message naming it, with the usage. */
export function parseOfficerCommand(argv: readonly string[]): ParsedOfficerCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: { region: { type: 'string' }, roles: { type: 'string' }, operator: { type: 'string' }, purpose: { type: 'string' } },
    });
  } catch (err) {
    return { ok: false, message: `${(err as Error).message}\n${OFFICER_USAGE}` };
  }
  const [command, officerId, ...rest] = parsed.positionals;
  if (!(OFFICER_COMMANDS as readonly (string | undefined)[]).includes(command)) return { ok: false, message: `${command === undefined ? 'no command' : `unknown command ${command}`}\n${OFFICER_USAGE}` };
  if (rest.length > 0) return { ok: false, message: `unexpected argument ${rest[0]}\n${OFFICER_USAGE}` };
  const candidate = Object.fromEntries(Object.entries({ command, officerId, ...parsed.values }).filter(([, v]) => v !== undefined));
  const result = commandSchema.safeParse(candidate);
  if (result.success) return { ok: true, command: result.data };
  const problems = result.error.issues.map((i) => `${i.path.join('.') || 'command'}: ${i.message}`);
  return { ok: false, message: `${problems.join('\n')}\n${OFFICER_USAGE}` };
}

export interface OfficerCommandResult {
  /** 0 done, 1 refused (an unknown officer). */
  exitCode: 0 | 1;
  lines: string[];
}

const describe = (o: ProvisionedOfficer) => `${o.id}  ${o.region}  ${o.roles.join(',')}  ${o.active ? 'active' : 'inactive'}${o.entra ? '  (Entra object id)' : ''}`;

/** Runs a parsed command against the database; each change writes its audit row in the same transaction. */
export async function runOfficerCommand(db: Database, command: OfficerCommand): Promise<OfficerCommandResult> {
  switch (command.command) {
    case 'list': {
      const officers = await listOfficers(db);
      return { exitCode: 0, lines: officers.length ? officers.map(describe) : ['no officers provisioned'] };
    }
    case 'add': {
      const operator: AuditContext = { actorId: command.operator, viaId: OFFICER_CLI_VIA, purpose: command.purpose };
      const { officer, outcome } = await provisionOfficer(db, { id: command.officerId, region: command.region, roles: command.roles }, operator);
      return { exitCode: 0, lines: [`${outcome}: ${describe(officer)}`] };
    }
    case 'deactivate': {
      const operator: AuditContext = { actorId: command.operator, viaId: OFFICER_CLI_VIA, purpose: command.purpose };
      const outcome = await deactivateOfficer(db, command.officerId, operator);
      if (outcome === 'unknown') return { exitCode: 1, lines: [`no officer ${command.officerId} is provisioned; nothing changed`] };
      return { exitCode: 0, lines: [`${outcome === 'deactivated' ? 'deactivated' : 'already inactive'}: ${command.officerId}`] };
    }
    default: {
      const never: never = command;
      throw new Error(`unknown command ${String(never)}`);
    }
  }
}
