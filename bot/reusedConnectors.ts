import {
  type Activity,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
} from 'botbuilder';
import {
  type AuthenticateRequestResult,
  AuthenticationConstants,
  type ClaimsIdentity,
  type ConnectorClient,
  type ConnectorFactory,
  type ServiceClientCredentialsFactory,
  type UserTokenClient,
} from 'botframework-connector';

// The CloudAdapter asks for a new ConnectorClient and a new UserTokenClient on every turn and every
// proactive message, and each builds its own HTTP pipeline: about a tenth of the bot's CPU under load.
// Both are stateless clients (their credentials fetch and cache tokens themselves), so one per
// app id, audience and service URL does.

/** How many clients are kept: service URLs are few in Teams, but in open mode a request names its own. */
const KEPT = 64;

/** A small map that forgets the entry used least recently once it holds `limit`. */
class Recent<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly limit: number) {}

  get size(): number {
    return this.entries.size;
  }

  take(key: string, make: () => V): V {
    const found = this.entries.get(key);
    if (found !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, found);
      return found;
    }
    const made = make();
    this.entries.set(key, made);
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value!);
    return made;
  }

  forget(key: string, value: V): void {
    if (this.entries.get(key) === value) this.entries.delete(key);
  }
}

/** The same as botframework-connector's own choice of app id: the audience claim, else the appid claim. */
const appIdOf = (identity: ClaimsIdentity): string =>
  identity.getClaimValue(AuthenticationConstants.AudienceClaim) ??
  identity.getClaimValue(AuthenticationConstants.AppIdClaim) ??
  '';

/** Bot Framework authentication from configuration whose connector and token clients are made once and reused. */
export class ReusedConnectorsAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly connectors = new Recent<Promise<ConnectorClient>>(KEPT);
  private readonly tokenClients = new Recent<Promise<UserTokenClient>>(KEPT);

  constructor(
    options: ConfigurationBotFrameworkAuthenticationOptions,
    credentialsFactory?: ServiceClientCredentialsFactory,
  ) {
    super(options, credentialsFactory);
  }

  /** Clients kept now (for tests). */
  get kept(): { connectors: number; tokenClients: number } {
    return { connectors: this.connectors.size, tokenClients: this.tokenClients.size };
  }

  /** An incoming turn's: authenticated as before, its connector reused. */
  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    const result = await super.authenticateRequest(activity, authHeader);
    return result.connectorFactory
      ? { ...result, connectorFactory: this.reusing(result.connectorFactory, appIdOf(result.claimsIdentity)) }
      : result;
  }

  /** A proactive message's. */
  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.reusing(super.createConnectorFactory(claimsIdentity), appIdOf(claimsIdentity));
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.reuse(this.tokenClients, appIdOf(claimsIdentity), () => super.createUserTokenClient(claimsIdentity));
  }

  private reusing(made: ConnectorFactory, appId: string): ConnectorFactory {
    return {
      create: (serviceUrl, audience) =>
        this.reuse(this.connectors, `${appId}\n${audience ?? ''}\n${serviceUrl}`, () =>
          made.create(serviceUrl, audience),
        ),
    };
  }

  /** A client that could not be made (its credentials, say) is not kept: the next turn tries again. */
  private reuse<C>(kept: Recent<Promise<C>>, key: string, make: () => Promise<C>): Promise<C> {
    const client = kept.take(key, make);
    client.catch(() => kept.forget(key, client));
    return client;
  }
}
