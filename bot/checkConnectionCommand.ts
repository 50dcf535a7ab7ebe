import { ConfigError, loadConfig } from './config.js';
import { checkLineText, graphSettings } from './openPartnerCenter.js';
import { checkConnection } from '../partnerCenter/checkConnection.js';

// npm run check-connection: with the GRAPH_* settings of graph mode, each requirement of the
// connection to Partner Center on one line; exit 0 only when all hold.
try {
  const config = loadConfig();
  if (config.PARTNER_CENTER !== 'graph')
    throw new ConfigError(
      'check-connection checks the connection to Partner Center: set PARTNER_CENTER=graph and the GRAPH_* settings.',
    );
  const lines = await checkConnection(graphSettings(config));
  for (const line of lines) console.log(checkLineText(line));
  const missing = lines.filter((l) => !l.ok).length;
  console.log(missing === 0 ? 'Everything the bot needs is in place.' : `${missing} requirement(s) missing.`);
  process.exit(missing === 0 ? 0 : 1);
} catch (error) {
  console.error(
    error instanceof ConfigError
      ? error.message
      : `check-connection failed: ${String((error as Error)?.message ?? error)}`,
  );
  process.exit(1);
}
