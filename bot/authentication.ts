import { type Activity, CallerIdConstants, type ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import { type AuthenticateRequestResult, AuthenticationConstants, AuthenticationError } from 'botframework-connector';
import { ReusedConnectorsAuthentication } from './reusedConnectors.js';

/** The one answer to a request whose token is missing or not valid: nothing about why. */
export const NOT_AUTHORISED = 'This request is not authorised.';

/** What the token checks throw for a token that is not valid (botframework-connector, jsonwebtoken). */
const TOKEN_REFUSALS = new Set(['JsonWebTokenError', 'TokenExpiredError', 'NotBeforeError']);

/**
 * A request's token checked as Bot Framework does, and refused in one sentence: a token that is not
 * valid for any reason (a forged signature included) is 401, never 500, and its body does not say which
 * check failed — that goes to the log. Keys that cannot be fetched now are not the caller's fault: the
 * CloudAdapter answers 500, with a body that names nothing.
 */
export class EdgeAuthentication extends ReusedConnectorsAuthentication {
  constructor(
    options: ConfigurationBotFrameworkAuthenticationOptions,
    private readonly refused: (reason: string, status: 401 | 500) => void,
  ) {
    super(options);
  }

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    try {
      return await super.authenticateRequest(activity, authHeader);
    } catch (error) {
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      if (error instanceof AuthenticationError || (error instanceof Error && TOKEN_REFUSALS.has(error.name))) {
        this.refused(reason, 401);
        throw new AuthenticationError(NOT_AUTHORISED, 401);
      }
      this.refused(reason, 500);
      throw new Error('The request could not be checked now.', { cause: error });
    }
  }
}

/**
 * The public cloud's settings with some replaced: Bot Framework takes every setting as given once one
 * is (BotFrameworkAuthenticationFactory), so the rest are spelled out.
 */
export function publicCloudWith(
  settings: Partial<ConfigurationBotFrameworkAuthenticationOptions>,
): Partial<ConfigurationBotFrameworkAuthenticationOptions> {
  return {
    ValidateAuthority: true,
    ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
    ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
    ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
    OAuthUrl: AuthenticationConstants.OAuthUrl,
    ToBotFromChannelOpenIdMetadataUrl: AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
    CallerId: CallerIdConstants.PublicAzureChannel,
    ...settings,
  };
}
