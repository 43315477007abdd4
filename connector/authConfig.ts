/**
 * How the connector signs in to Dataverse and to Business Central, decided from the environment at start (no
 * network): one method per service, each validated with what is wrong and how to fix it.
 *
 *   token              static bearer token: the local stand-ins only
 *   secret             app registration + client secret                          (OAuth2 client credentials)
 *   certificate        app registration + certificate (PEM with private key)     (client credentials, signed assertion)
 *   managed-identity   the Azure resource's managed identity (App Service, Container Apps, VM, Arc…); no secret at all
 *   workload-identity  app registration trusting a federated token file (AKS workload identity, AZURE_FEDERATED_TOKEN_FILE)
 *
 * Variables: `<SERVICE>_X` for one service (SERVICE = DATAVERSE or BC), else the shared `AZURE_X` (the names
 * @azure/identity's EnvironmentCredential uses), so one app registration can serve both.
 * National clouds: AZURE_CLOUD (public, usgov, china) or AZURE_AUTHORITY_HOST picks the Microsoft Entra authority
 * (https://learn.microsoft.com/entra/identity-platform/authentication-national-cloud); each service's scope is
 * `<its URL's origin>/.default` unless `<SERVICE>_SCOPE` says otherwise.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';

export const AUTH_METHODS = ['token', 'secret', 'certificate', 'managed-identity', 'workload-identity'] as const;
export type AuthMethod = (typeof AUTH_METHODS)[number];

/** Microsoft Entra authority hosts of the clouds (Learn: "National clouds", Microsoft Entra authentication endpoints). */
export const AUTHORITY_HOSTS = {
  public: 'https://login.microsoftonline.com',
  usgov: 'https://login.microsoftonline.us',
  china: 'https://login.partner.microsoftonline.cn',
} as const;

interface AppRegistration {
  tenantId: string;
  clientId: string;
  scope: string;
  authorityHost: string;
}

export type AuthConfig =
  | { kind: 'static'; token: string }
  | ({ kind: 'clientSecret'; clientSecret: string } & AppRegistration)
  | ({ kind: 'certificate'; certificatePath: string; certificatePassword: string | null; sendCertificateChain: boolean } & AppRegistration)
  | ({ kind: 'workloadIdentity'; tokenFile: string } & AppRegistration)
  | { kind: 'managedIdentity'; clientId: string | null; scope: string };

export interface AuthProblem {
  variable: string;
  problem: string;
  fix: string;
}

type Env = Record<string, string | undefined>;
export type Service = 'DATAVERSE' | 'BC';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DOMAIN = /^[a-z0-9.-]+\.[a-z]{2,}$/i;
const LABEL: Record<Service, string> = { DATAVERSE: 'Dataverse (application user of the app registration)', BC: 'Business Central (Microsoft Entra application card)' };

export interface FileAccess {
  readFile(path: string): string;
}
const realFiles: FileAccess = { readFile: (p) => fs.readFileSync(p, 'utf8') };

/** The authority host: AZURE_AUTHORITY_HOST, else AZURE_CLOUD's, else the public cloud's. */
export function authorityHost(env: Env, problems: AuthProblem[]): string {
  const explicit = env.AZURE_AUTHORITY_HOST?.trim();
  if (explicit) {
    if (!/^https:\/\/[^/]+\/?$/.test(explicit)) problems.push({ variable: 'AZURE_AUTHORITY_HOST', problem: `"${explicit}" is not an https host`, fix: `Use the Microsoft Entra authority of your cloud, e.g. ${AUTHORITY_HOSTS.usgov}, or remove it and set AZURE_CLOUD.` });
    return explicit.replace(/\/+$/, '');
  }
  const cloud = (env.AZURE_CLOUD?.trim() || 'public').toLowerCase();
  if (!(cloud in AUTHORITY_HOSTS)) {
    problems.push({ variable: 'AZURE_CLOUD', problem: `"${cloud}" is not a known cloud`, fix: `Use one of ${Object.keys(AUTHORITY_HOSTS).join(', ')}, or set AZURE_AUTHORITY_HOST to the authority URL.` });
    return AUTHORITY_HOSTS.public;
  }
  return AUTHORITY_HOSTS[cloud as keyof typeof AUTHORITY_HOSTS];
}

/** Which method: `<SERVICE>_AUTH`/`AZURE_AUTH` when set, else the one whose settings are present, the service's own before the shared ones (never a guess between two). */
export function chooseMethod(env: Env, service: Service, problems: AuthProblem[]): AuthMethod | null {
  const get = (name: string): string | undefined => env[`${service}_${name}`]?.trim() || env[`AZURE_${name}`]?.trim() || undefined;
  const explicitName = env[`${service}_AUTH`]?.trim() ? `${service}_AUTH` : 'AZURE_AUTH';
  const explicit = get('AUTH')?.toLowerCase();
  if (explicit) {
    if ((AUTH_METHODS as readonly string[]).includes(explicit)) return explicit as AuthMethod;
    problems.push({ variable: explicitName, problem: `"${explicit}" is not a sign-in method`, fix: `Use one of ${AUTH_METHODS.join(', ')}.` });
    return null;
  }
  // The service's own settings first (they override the shared AZURE_* ones), then the shared ones.
  const presentIn = (prefix: string): AuthMethod[] => {
    const out: AuthMethod[] = [];
    if (prefix !== 'AZURE' && env[`${prefix}_TOKEN`]?.trim()) out.push('token');
    if (env[`${prefix}_CLIENT_SECRET`]?.trim()) out.push('secret');
    if (env[`${prefix}_CLIENT_CERTIFICATE_PATH`]?.trim()) out.push('certificate');
    if (env[`${prefix}_FEDERATED_TOKEN_FILE`]?.trim()) out.push('workload-identity');
    return out;
  };
  const own = presentIn(service);
  const present = own.length ? own : presentIn('AZURE');
  if (present.length === 1) return present[0];
  if (present.length > 1) {
    problems.push({
      variable: `${service}_AUTH`,
      problem: `is not set and settings of ${present.length} sign-in methods are present (${present.join(', ')})`,
      fix: `Set ${service}_AUTH (or AZURE_AUTH) to the one to use, or remove the others' settings. ${service}_TOKEN is for the local stand-ins only.`,
    });
    return null;
  }
  problems.push({
    variable: `${service}_AUTH`,
    problem: `no sign-in is configured for ${LABEL[service]}`,
    fix:
      `Choose one: ${service}_AUTH=managed-identity (Azure hosting, no secret); or an app registration with ${service}_TENANT_ID and ${service}_CLIENT_ID plus ` +
      `${service}_CLIENT_SECRET, or ${service}_CLIENT_CERTIFICATE_PATH, or AZURE_FEDERATED_TOKEN_FILE (the AZURE_* names serve both services); ${service}_TOKEN only for a local stand-in.`,
  });
  return null;
}

/** PEM checks of a certificate file: a certificate and a private key the password (if any) opens. Returns the problem, or null. */
export function certificateProblem(pem: string, password: string | null): string | null {
  if (!/-----BEGIN CERTIFICATE-----/.test(pem)) return 'holds no certificate (-----BEGIN CERTIFICATE-----)';
  if (!/-----BEGIN (?:ENCRYPTED |RSA |EC )?PRIVATE KEY-----/.test(pem)) return 'holds no private key (-----BEGIN PRIVATE KEY-----)';
  try {
    new crypto.X509Certificate(pem);
  } catch (e) {
    return `has a certificate that cannot be read (${(e as Error).message})`;
  }
  try {
    crypto.createPrivateKey({ key: pem, format: 'pem', passphrase: password ?? undefined });
  } catch {
    return password ? 'has a private key the password does not open' : 'has an encrypted private key and no password is set';
  }
  return null;
}

/** The sign-in of one service, with every problem found (a returned `static` with an empty token when unusable). */
export function readAuth(env: Env, service: Service, defaultScope: string, problems: AuthProblem[], files: FileAccess = realFiles): AuthConfig {
  const get = (name: string): string | undefined => env[`${service}_${name}`]?.trim() || env[`AZURE_${name}`]?.trim() || undefined;
  const unusable: AuthConfig = { kind: 'static', token: '' };
  const method = chooseMethod(env, service, problems);
  if (!method) return unusable;
  const scopeOverride = env[`${service}_SCOPE`]?.trim();
  if (scopeOverride && !/^https:\/\/[^/\s]+\/?(?:\.default)?$/.test(scopeOverride)) {
    problems.push({ variable: `${service}_SCOPE`, problem: `"${scopeOverride}" is not <https resource>/.default`, fix: `Use the service's resource with /.default, e.g. ${defaultScope || 'https://contoso.crm.dynamics.com/.default'}, or remove it.` });
  }
  const scope = scopeOverride ? (scopeOverride.endsWith('/.default') ? scopeOverride : `${scopeOverride.replace(/\/+$/, '')}/.default`) : defaultScope;

  if (method === 'token') {
    const token = env[`${service}_TOKEN`]?.trim();
    if (!token) problems.push({ variable: `${service}_TOKEN`, problem: 'is not set (sign-in method token)', fix: `Set ${service}_TOKEN to the stand-in's token, or choose another ${service}_AUTH for a real tenant.` });
    // A token next to an app registration of the same service is a half-finished switch to a real tenant.
    const appSettings = ['CLIENT_ID', 'CLIENT_SECRET', 'CLIENT_CERTIFICATE_PATH'].filter((n) => env[`${service}_${n}`]?.trim()).map((n) => `${service}_${n}`);
    if (token && appSettings.length) {
      problems.push({ variable: `${service}_TOKEN`, problem: `is set together with ${appSettings.join(', ')}`, fix: `Use ${service}_TOKEN only for the local stand-ins; for a real tenant remove it and set ${service}_AUTH.` });
    }
    return { kind: 'static', token: token ?? '' };
  }
  if (method === 'managed-identity') {
    // A user-assigned identity is named by its client id; none = the system-assigned identity.
    const clientId = get('CLIENT_ID') ?? null;
    if (clientId && !GUID.test(clientId)) problems.push({ variable: `${service}_CLIENT_ID`, problem: `"${clientId}" is not a GUID`, fix: 'Use the client id of the user-assigned managed identity (Azure portal → the identity → Client ID), or remove it for the system-assigned identity.' });
    return { kind: 'managedIdentity', clientId, scope };
  }

  const tenantId = get('TENANT_ID');
  const clientId = get('CLIENT_ID');
  const fixApp = (what: string): string => `Set ${service}_${what} (or AZURE_${what}) from the app registration's overview page (Microsoft Entra admin center → App registrations).`;
  if (!tenantId) problems.push({ variable: `${service}_TENANT_ID`, problem: `is not set (nor AZURE_TENANT_ID; sign-in method ${method})`, fix: fixApp('TENANT_ID') });
  else if (!GUID.test(tenantId) && !DOMAIN.test(tenantId)) problems.push({ variable: `${service}_TENANT_ID`, problem: `"${tenantId}" is neither a GUID nor a domain`, fix: 'Use the Directory (tenant) ID shown on the app registration.' });
  if (!clientId) problems.push({ variable: `${service}_CLIENT_ID`, problem: `is not set (nor AZURE_CLIENT_ID; sign-in method ${method})`, fix: fixApp('CLIENT_ID') });
  const app: AppRegistration = { tenantId: tenantId ?? '', clientId: clientId ?? '', scope, authorityHost: authorityHost(env, problems) };

  if (method === 'secret') {
    const clientSecret = get('CLIENT_SECRET');
    if (!clientSecret) problems.push({ variable: `${service}_CLIENT_SECRET`, problem: 'is not set (nor AZURE_CLIENT_SECRET; sign-in method secret)', fix: `Create a client secret on the app registration (Certificates & secrets) and put its value in ${service}_CLIENT_SECRET, ideally as a Key Vault reference.` });
    return { kind: 'clientSecret', clientSecret: clientSecret ?? '', ...app };
  }
  if (method === 'certificate') {
    const certificatePath = get('CLIENT_CERTIFICATE_PATH');
    const certificatePassword = get('CLIENT_CERTIFICATE_PASSWORD') ?? null;
    const variable = env[`${service}_CLIENT_CERTIFICATE_PATH`]?.trim() ? `${service}_CLIENT_CERTIFICATE_PATH` : 'AZURE_CLIENT_CERTIFICATE_PATH';
    if (!certificatePath) {
      problems.push({ variable: `${service}_CLIENT_CERTIFICATE_PATH`, problem: 'is not set (nor AZURE_CLIENT_CERTIFICATE_PATH; sign-in method certificate)', fix: 'Point it to a PEM file holding the certificate uploaded to the app registration and its private key.' });
    } else {
      let pem: string | null = null;
      try {
        pem = files.readFile(certificatePath);
      } catch (e) {
        problems.push({ variable, problem: `"${certificatePath}" cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, fix: 'Mount the certificate file into the container (e.g. a Key Vault certificate as a secret volume) and give its path; the connector’s user must be able to read it.' });
      }
      const problem = pem === null ? null : certificateProblem(pem, certificatePassword);
      if (problem) problems.push({ variable, problem: `"${certificatePath}" ${problem}`, fix: 'Give a PEM file with the certificate and its private key (openssl pkcs12 -in cert.pfx -out cert.pem -nodes converts a .pfx), and its password in CLIENT_CERTIFICATE_PASSWORD if the key is encrypted.' });
    }
    const chain = (get('CLIENT_SEND_CERTIFICATE_CHAIN') ?? 'false').toLowerCase();
    if (!['true', 'false'].includes(chain)) problems.push({ variable: 'AZURE_CLIENT_SEND_CERTIFICATE_CHAIN', problem: `"${chain}" is not true or false`, fix: 'Use true for subject name / issuer authentication, else false or remove it.' });
    return { kind: 'certificate', certificatePath: certificatePath ?? '', certificatePassword, sendCertificateChain: chain === 'true', ...app };
  }
  // workload-identity
  const tokenFile = get('FEDERATED_TOKEN_FILE');
  if (!tokenFile) problems.push({ variable: 'AZURE_FEDERATED_TOKEN_FILE', problem: 'is not set (sign-in method workload-identity)', fix: 'Enable workload identity on the pod (AKS sets AZURE_FEDERATED_TOKEN_FILE), or give the path of the projected service account token.' });
  else {
    try {
      if (!files.readFile(tokenFile).trim()) problems.push({ variable: 'AZURE_FEDERATED_TOKEN_FILE', problem: `"${tokenFile}" is empty`, fix: 'Check the projected service account token volume of the pod.' });
    } catch (e) {
      problems.push({ variable: 'AZURE_FEDERATED_TOKEN_FILE', problem: `"${tokenFile}" cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, fix: 'Check the projected service account token volume of the pod and that the connector’s user can read it.' });
    }
  }
  return { kind: 'workloadIdentity', tokenFile: tokenFile ?? '', ...app };
}

/** The secret values an AuthConfig holds (for the logger's redaction). */
export function authSecrets(auth: AuthConfig): string[] {
  if (auth.kind === 'static') return [auth.token];
  if (auth.kind === 'clientSecret') return [auth.clientSecret];
  if (auth.kind === 'certificate' && auth.certificatePassword) return [auth.certificatePassword];
  return [];
}

/** The default scope of a service: its URL's origin + /.default (so national-cloud hosts carry their own audience). */
export function originScope(url: string, fallback: string): string {
  try {
    return url ? `${new URL(url).origin}/.default` : fallback;
  } catch {
    return fallback;
  }
}
