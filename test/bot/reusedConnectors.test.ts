import {
  ClaimsIdentity,
  MicrosoftAppCredentials,
  PasswordServiceClientCredentialFactory,
} from 'botframework-connector';
import { describe, expect, it } from '@jest/globals';
import type { Activity } from 'botbuilder';
import { ReusedConnectorsAuthentication } from '../../bot/reusedConnectors.js';

// The CloudAdapter asks for a connector and a token client on every turn: made once per app id,
// audience and service URL, and kept within a bound.

const anonymous = () => new ClaimsIdentity([], 'anonymous');
const fromChannel = (appId: string) => new ClaimsIdentity([{ type: 'aud', value: appId }], true);

describe('connector and token clients reused across turns', () => {
  it('one connector per service URL: the same for every turn, another for another service URL or app id', async () => {
    const auth = new ReusedConnectorsAuthentication({ MicrosoftAppId: '' });
    const first = await auth
      .createConnectorFactory(anonymous())
      .create('https://smba.trafficmanager.net/emea/', undefined);
    const again = await auth
      .createConnectorFactory(anonymous())
      .create('https://smba.trafficmanager.net/emea/', undefined);
    const elsewhere = await auth
      .createConnectorFactory(anonymous())
      .create('https://smba.trafficmanager.net/amer/', undefined);
    const otherBot = await auth
      .createConnectorFactory(fromChannel('other-app'))
      .create('https://smba.trafficmanager.net/emea/', undefined);
    expect(again).toBe(first);
    expect(elsewhere).not.toBe(first);
    expect(otherBot).not.toBe(first);
    expect(first.conversations).toBeDefined();
    expect(auth.kept.connectors).toBe(3);
    expect(await auth.createUserTokenClient(anonymous())).toBe(await auth.createUserTokenClient(anonymous()));
    expect(auth.kept.tokenClients).toBe(1);
  });

  it('an incoming turn (open mode, no Authorization header) gets the connector kept for its service URL', async () => {
    const auth = new ReusedConnectorsAuthentication({ MicrosoftAppId: '' });
    const activity = {
      type: 'message',
      channelId: 'msteams',
      serviceUrl: 'https://smba.trafficmanager.net/emea/',
    } as Activity;
    const turns = [await auth.authenticateRequest(activity, ''), await auth.authenticateRequest(activity, '')];
    const [first, second] = await Promise.all(
      turns.map((turn) => turn.connectorFactory!.create(activity.serviceUrl, turn.audience)),
    );
    expect(second).toBe(first);
    expect(auth.kept.connectors).toBe(1);
  });

  it('keeps at most 64 connectors: requests naming ever new service URLs (open mode) do not grow it', async () => {
    const auth = new ReusedConnectorsAuthentication({ MicrosoftAppId: '' });
    const factory = auth.createConnectorFactory(anonymous());
    const oldest = await factory.create('https://service-0.example/', undefined);
    for (let n = 1; n <= 100; n++) await factory.create(`https://service-${n}.example/`, undefined);
    expect(auth.kept.connectors).toBe(64);
    expect(await factory.create('https://service-100.example/', undefined)).toBe(
      await factory.create('https://service-100.example/', undefined),
    );
    expect(await factory.create('https://service-0.example/', undefined)).not.toBe(oldest);
  });

  it('a connector whose credentials could not be made is not kept: the next turn tries again', async () => {
    let failures = 1;
    class FlakyCredentials extends PasswordServiceClientCredentialFactory {
      override async createCredentials(
        appId: string,
        audience: string,
        loginEndpoint: string,
        validateAuthority: boolean,
      ) {
        if (failures-- > 0) throw new Error('identity platform unreachable');
        return super.createCredentials(appId, audience, loginEndpoint, validateAuthority);
      }
    }
    const auth = new ReusedConnectorsAuthentication({ MicrosoftAppId: 'app' }, new FlakyCredentials('app', 'secret'));
    const factory = auth.createConnectorFactory(fromChannel('app'));
    await expect(factory.create('https://smba.trafficmanager.net/emea/', undefined)).rejects.toThrow(
      'identity platform unreachable',
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(auth.kept.connectors).toBe(0);
    const made = await factory.create('https://smba.trafficmanager.net/emea/', undefined);
    expect(made.credentials).toBeInstanceOf(MicrosoftAppCredentials);
    expect(await factory.create('https://smba.trafficmanager.net/emea/', undefined)).toBe(made);
  });
});
