/**
 * Bearer tokens, through @azure/msal-node (which caches each token and renews it before it expires):
 *   clientSecret / certificate / workloadIdentity  ConfidentialClientApplication, client credentials grant; the
 *                                                  certificate signs the client assertion, workload identity hands
 *                                                  Microsoft Entra the federated token file's content (re-read on
 *                                                  every request: the platform rotates it)
 *   managedIdentity                                ManagedIdentityApplication: the hosting platform's identity endpoint
 *                                                  (App Service / Container Apps IDENTITY_ENDPOINT, IMDS on VMs, Arc…)
 *   static                                         the stand-ins' fixed token
 * Which one is decided by config (connector/authConfig.ts); this module only builds it and turns failures into
 * messages that say what to check, without secrets.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import { ConfidentialClientApplication, ManagedIdentityApplication, type Configuration } from '@azure/msal-node';
import type { AuthConfig } from './authConfig';

export interface TokenProvider {
  getToken(): Promise<string>;
}

export class StaticTokenProvider implements TokenProvider {
  constructor(private readonly token: string) {}
  getToken(): Promise<string> {
    return Promise.resolve(this.token);
  }
}

// msal's own logging is off: it could print token endpoints with client ids; our logger reports failures.
const system: Configuration['system'] = { loggerOptions: { piiLoggingEnabled: false, logLevel: 0, loggerCallback: () => undefined } };

type Confidential = Extract<AuthConfig, { kind: 'clientSecret' | 'certificate' | 'workloadIdentity' }>;

/** The msal `auth` options of an app registration sign-in (no network; reads the certificate file). */
export function confidentialAuthOptions(config: Confidential, readFile: (p: string) => string = (p) => fs.readFileSync(p, 'utf8')): Configuration['auth'] {
  const base = { clientId: config.clientId, authority: `${config.authorityHost}/${config.tenantId}` };
  if (config.kind === 'clientSecret') return { ...base, clientSecret: config.clientSecret };
  if (config.kind === 'workloadIdentity') {
    return { ...base, clientAssertion: () => Promise.resolve(readFile(config.tokenFile).trim()) };
  }
  const pem = readFile(config.certificatePath);
  const certificate = new crypto.X509Certificate(pem);
  // msal wants an unencrypted PKCS#8 key and the certificate's SHA-256 thumbprint in hex.
  const privateKey = crypto.createPrivateKey({ key: pem, format: 'pem', passphrase: config.certificatePassword ?? undefined }).export({ format: 'pem', type: 'pkcs8' }).toString();
  return {
    ...base,
    clientCertificate: {
      thumbprintSha256: certificate.fingerprint256.replace(/:/g, ''),
      privateKey,
      // x5c: the public certificate, for subject name / issuer authentication.
      ...(config.sendCertificateChain ? { x5c: certificate.toString() } : {}),
    },
  };
}

const HINT: Record<AuthConfig['kind'], string> = {
  static: '',
  clientSecret: 'Check the tenant id, client id and client secret (not expired) of the app registration',
  certificate: 'Check the tenant id and client id, and that this certificate is uploaded to the app registration (Certificates & secrets) and not expired',
  workloadIdentity: 'Check the tenant id and client id, and the federated credential on the app registration (issuer and subject of this workload)',
  managedIdentity: 'Check that the managed identity is enabled on this resource (and, for a user-assigned one, that its client id is right)',
};
const GRANT = 'and that it is granted access (Dataverse application user with the ERP roles / Business Central Microsoft Entra application card with its permission sets).';

function failure(kind: AuthConfig['kind'], scope: string, e: unknown): Error {
  const err = e as { errorCode?: string; message?: string };
  return new Error(`Sign-in to ${scope.replace('/.default', '')} failed (${kind}, ${err.errorCode ?? 'error'}): ${err.message ?? String(e)}. ${HINT[kind]}, ${GRANT}`);
}

export class ConfidentialTokenProvider implements TokenProvider {
  private readonly app: ConfidentialClientApplication;

  constructor(private readonly config: Confidential) {
    this.app = new ConfidentialClientApplication({ auth: confidentialAuthOptions(config), system });
  }

  async getToken(): Promise<string> {
    let result;
    try {
      result = await this.app.acquireTokenByClientCredential({ scopes: [this.config.scope] });
    } catch (e) {
      throw failure(this.config.kind, this.config.scope, e);
    }
    if (!result?.accessToken) throw new Error(`Sign-in to ${this.config.scope} returned no access token.`);
    return result.accessToken;
  }
}

export class ManagedIdentityTokenProvider implements TokenProvider {
  private readonly app: ManagedIdentityApplication;
  /** The managed identity endpoint takes a resource, not a scope. */
  readonly resource: string;

  constructor(private readonly config: Extract<AuthConfig, { kind: 'managedIdentity' }>) {
    this.app = new ManagedIdentityApplication({ ...(config.clientId ? { managedIdentityIdParams: { userAssignedClientId: config.clientId } } : {}), system });
    this.resource = config.scope.replace(/\/\.default$/, '');
  }

  async getToken(): Promise<string> {
    let result;
    try {
      result = await this.app.acquireToken({ resource: this.resource });
    } catch (e) {
      throw failure('managedIdentity', this.config.scope, e);
    }
    if (!result?.accessToken) throw new Error(`Sign-in to ${this.resource} returned no access token.`);
    return result.accessToken;
  }
}

export function tokenProvider(auth: AuthConfig): TokenProvider {
  switch (auth.kind) {
    case 'static':
      return new StaticTokenProvider(auth.token);
    case 'managedIdentity':
      return new ManagedIdentityTokenProvider(auth);
    default:
      return new ConfidentialTokenProvider(auth);
  }
}
