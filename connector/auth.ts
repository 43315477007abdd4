/**
 * Bearer tokens. Real tenants: OAuth2 client credentials through @azure/msal-node (which caches the token and
 * renews it before it expires). Stand-ins: a static token from the environment.
 */
import { ConfidentialClientApplication } from '@azure/msal-node';
import type { AuthConfig } from './config';

export interface TokenProvider {
  getToken(): Promise<string>;
}

export class StaticTokenProvider implements TokenProvider {
  constructor(private readonly token: string) {}
  getToken(): Promise<string> {
    return Promise.resolve(this.token);
  }
}

export class ClientCredentialsTokenProvider implements TokenProvider {
  private readonly app: ConfidentialClientApplication;

  constructor(private readonly config: Extract<AuthConfig, { kind: 'clientCredentials' }>) {
    this.app = new ConfidentialClientApplication({
      auth: { clientId: config.clientId, clientSecret: config.clientSecret, authority: `${config.authorityHost}/${config.tenantId}` },
      // msal's own logging is off: it could print token endpoints with client ids; our logger reports failures.
      system: { loggerOptions: { piiLoggingEnabled: false, logLevel: 0, loggerCallback: () => undefined } },
    });
  }

  async getToken(): Promise<string> {
    let result;
    try {
      result = await this.app.acquireTokenByClientCredential({ scopes: [this.config.scope] });
    } catch (e) {
      const err = e as { errorCode?: string; message?: string };
      throw new Error(
        `Sign-in to ${this.config.scope.replace('/.default', '')} failed (${err.errorCode ?? 'error'}): ${err.message ?? String(e)}. ` +
          'Check the tenant id, client id and client secret of the app registration, and that the app is granted access (Dataverse application user / Business Central Microsoft Entra application).',
      );
    }
    if (!result?.accessToken) throw new Error(`Sign-in to ${this.config.scope} returned no access token.`);
    return result.accessToken;
  }
}

export function tokenProvider(auth: AuthConfig): TokenProvider {
  return auth.kind === 'static' ? new StaticTokenProvider(auth.token) : new ClientCredentialsTokenProvider(auth);
}
