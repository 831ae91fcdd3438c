// A configuration that cannot run, naming every bad variable at once — in both
// languages, since whoever starts the server may read either. Thrown by the
// API's configuration and by the bot's, which composes it.

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super('Ogiltig konfiguration / invalid configuration:\n' + problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n'));
    this.name = 'ConfigError';
  }
}
