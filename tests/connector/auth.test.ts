/**
 * Sign-in configuration: which method each service uses, what is validated at start (with the fix), national
 * clouds and scopes, and the msal options each method builds. No network: the certificate is made by openssl in a
 * temp folder; the managed identity test answers on a loopback identity endpoint shaped like App Service's.
 */
import { execFileSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { loadConfig, secretValues } from '../../connector/config';
import { AUTHORITY_HOSTS, readAuth, type AuthConfig, type AuthProblem } from '../../connector/authConfig';
import { ConfidentialTokenProvider, confidentialAuthOptions, ManagedIdentityTokenProvider, StaticTokenProvider, tokenProvider } from '../../connector/auth';

const TENANT = '11111111-2222-3333-4444-555555555555';
const CLIENT = '66666666-7777-8888-9999-000000000000';
const base = {
  DATAVERSE_URL: 'https://contoso.crm4.dynamics.com',
  BC_API_URL: 'https://api.businesscentral.dynamics.com/v2.0/contoso/Production/api/v2.0',
  BC_COMPANY_ID: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
  CONNECTOR_WEBHOOK_KEY: 'k'.repeat(32),
};
let dir: string;
let pem: string;
let encryptedPem: string;
let opensslFingerprint: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'erplink-auth-'));
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=erp-link-test'], { stdio: 'pipe' });
  pem = path.join(dir, 'both.pem');
  fs.writeFileSync(pem, fs.readFileSync(key, 'utf8') + fs.readFileSync(cert, 'utf8'));
  const encKey = path.join(dir, 'enc.key');
  execFileSync('openssl', ['pkcs8', '-topk8', '-in', key, '-out', encKey, '-passout', 'pass:right-password'], { stdio: 'pipe' });
  encryptedPem = path.join(dir, 'encrypted.pem');
  fs.writeFileSync(encryptedPem, fs.readFileSync(encKey, 'utf8') + fs.readFileSync(cert, 'utf8'));
  opensslFingerprint = execFileSync('openssl', ['x509', '-in', cert, '-noout', '-fingerprint', '-sha256'], { encoding: 'utf8' }).split('=')[1].trim().replace(/:/g, '');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const load = (env: Record<string, string | undefined>) => loadConfig({ ...base, ...env });
const vars = (problems: { variable: string }[]) => problems.map((p) => p.variable).sort();

describe('choosing the sign-in method', () => {
  it('nothing configured: one problem per service naming every method, managed identity first', () => {
    const { problems } = load({});
    expect(vars(problems)).toEqual(['BC_AUTH', 'DATAVERSE_AUTH']);
    for (const p of problems) {
      expect(p.fix).toMatch(/_AUTH=managed-identity/);
      expect(p.fix).toMatch(/CLIENT_SECRET.*CLIENT_CERTIFICATE_PATH.*AZURE_FEDERATED_TOKEN_FILE/);
    }
  });

  it('client secret from the shared AZURE_* names serves both services, each with its own scope; the secret is redacted', () => {
    const { config, problems } = load({ AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: CLIENT, AZURE_CLIENT_SECRET: 'the-client-secret' });
    expect(problems).toEqual([]);
    expect(config.dataverse.auth).toEqual({ kind: 'clientSecret', tenantId: TENANT, clientId: CLIENT, clientSecret: 'the-client-secret', scope: 'https://contoso.crm4.dynamics.com/.default', authorityHost: AUTHORITY_HOSTS.public });
    expect(config.bc.auth).toMatchObject({ kind: 'clientSecret', scope: 'https://api.businesscentral.dynamics.com/.default' });
    expect(secretValues(config)).toContain('the-client-secret');
    expect(tokenProvider(config.dataverse.auth)).toBeInstanceOf(ConfidentialTokenProvider);
  });

  it('per-service settings win over the shared ones, so Dataverse and Business Central can use different methods', () => {
    const { config, problems } = load({ AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: CLIENT, DATAVERSE_CLIENT_SECRET: 'dv-secret', BC_AUTH: 'managed-identity' });
    expect(problems).toEqual([]);
    expect(config.dataverse.auth.kind).toBe('clientSecret');
    // managed identity with AZURE_CLIENT_ID: the user-assigned identity of that client id
    expect(config.bc.auth).toEqual({ kind: 'managedIdentity', clientId: CLIENT, scope: 'https://api.businesscentral.dynamics.com/.default' });
  });

  it('two methods configured and none chosen is refused; an unknown method is refused; a token next to an app registration is refused', () => {
    fs.writeFileSync(path.join(dir, 'token'), 'federated');
    const both = load({ AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: CLIENT, AZURE_CLIENT_SECRET: 's', AZURE_CLIENT_CERTIFICATE_PATH: pem, BC_TOKEN: 't' });
    expect(both.problems.find((p) => p.variable === 'DATAVERSE_AUTH')?.problem).toMatch(/2 sign-in methods are present \(secret, certificate\)/);
    // BC's own setting (BC_TOKEN) wins over the shared ones
    expect(both.problems.filter((p) => p.variable.startsWith('BC_'))).toEqual([]);
    expect(both.config.bc.auth.kind).toBe('static');
    const own = load({ BC_TOKEN: 't', BC_CLIENT_SECRET: 's', DATAVERSE_TOKEN: 't' });
    expect(own.problems.find((p) => p.variable === 'BC_AUTH')?.problem).toMatch(/2 sign-in methods are present \(token, secret\)/);
    const chosen = load({ AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: CLIENT, AZURE_CLIENT_SECRET: 's', AZURE_CLIENT_CERTIFICATE_PATH: pem, AZURE_AUTH: 'certificate' });
    expect(chosen.problems).toEqual([]);
    expect(chosen.config.bc.auth.kind).toBe('certificate');
    expect(vars(load({ AZURE_AUTH: 'password', BC_TOKEN: 't' }).problems)).toEqual(['AZURE_AUTH', 'AZURE_AUTH']);
    expect(vars(load({ DATAVERSE_TOKEN: 't', BC_TOKEN: 't', BC_CLIENT_ID: CLIENT }).problems)).toEqual(['BC_TOKEN']);
  });

  it('an app registration method names each missing or malformed part', () => {
    const { problems } = load({ AZURE_CLIENT_SECRET: 's', AZURE_TENANT_ID: 'not a tenant' });
    expect(vars(problems)).toEqual(['BC_CLIENT_ID', 'BC_TENANT_ID', 'DATAVERSE_CLIENT_ID', 'DATAVERSE_TENANT_ID']);
    const mi = load({ AZURE_AUTH: 'managed-identity', AZURE_CLIENT_ID: 'my-identity' });
    expect(vars(mi.problems)).toEqual(['BC_CLIENT_ID', 'DATAVERSE_CLIENT_ID']);
    expect(mi.problems[0].fix).toMatch(/user-assigned managed identity/);
  });
});

describe('certificate', () => {
  const cert = (extra: Record<string, string> = {}) => load({ AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: CLIENT, AZURE_CLIENT_CERTIFICATE_PATH: pem, ...extra });

  it('a PEM with key and certificate: msal gets the SHA-256 thumbprint, an unencrypted PKCS#8 key, and x5c only when asked', () => {
    const { config, problems } = cert();
    expect(problems).toEqual([]);
    const auth = config.dataverse.auth as Extract<AuthConfig, { kind: 'certificate' }>;
    const options = confidentialAuthOptions(auth);
    expect(options.authority).toBe(`${AUTHORITY_HOSTS.public}/${TENANT}`);
    expect(options.clientSecret).toBeUndefined();
    expect(options.clientCertificate?.thumbprintSha256).toBe(opensslFingerprint);
    expect(options.clientCertificate?.privateKey).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(options.clientCertificate?.x5c).toBeUndefined();
    const chain = cert({ AZURE_CLIENT_SEND_CERTIFICATE_CHAIN: 'true' }).config.bc.auth as Extract<AuthConfig, { kind: 'certificate' }>;
    expect(confidentialAuthOptions(chain).clientCertificate?.x5c).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(tokenProvider(auth)).toBeInstanceOf(ConfidentialTokenProvider);
  });

  it('an encrypted key opens with its password, which is redacted; a wrong or missing password is refused at start', () => {
    const ok = cert({ AZURE_CLIENT_CERTIFICATE_PATH: encryptedPem, AZURE_CLIENT_CERTIFICATE_PASSWORD: 'right-password' });
    expect(ok.problems).toEqual([]);
    expect(secretValues(ok.config)).toContain('right-password');
    const key = confidentialAuthOptions(ok.config.bc.auth as Extract<AuthConfig, { kind: 'certificate' }>).clientCertificate!.privateKey;
    expect(crypto.createPrivateKey(key).asymmetricKeyType).toBe('rsa');
    expect(cert({ AZURE_CLIENT_CERTIFICATE_PATH: encryptedPem, AZURE_CLIENT_CERTIFICATE_PASSWORD: 'wrong' }).problems[0].problem).toMatch(/private key the password does not open/);
    expect(cert({ AZURE_CLIENT_CERTIFICATE_PATH: encryptedPem }).problems[0].problem).toMatch(/encrypted private key and no password/);
  });

  it('a missing file, a file without a key, and a file without a certificate are each refused with the fix', () => {
    const missing = cert({ AZURE_CLIENT_CERTIFICATE_PATH: path.join(dir, 'nope.pem') });
    expect(missing.problems[0]).toMatchObject({ variable: 'AZURE_CLIENT_CERTIFICATE_PATH', problem: expect.stringMatching(/cannot be read \(ENOENT\)/) });
    expect(missing.problems[0].fix).toMatch(/Mount the certificate file/);
    const onlyCert = path.join(dir, 'cert.pem');
    expect(cert({ AZURE_CLIENT_CERTIFICATE_PATH: onlyCert }).problems[0].problem).toMatch(/holds no private key/);
    const onlyKey = path.join(dir, 'key.pem');
    expect(cert({ DATAVERSE_CLIENT_CERTIFICATE_PATH: onlyKey }).problems.map((p) => [p.variable, p.problem])).toEqual([['DATAVERSE_CLIENT_CERTIFICATE_PATH', expect.stringMatching(/holds no certificate/)]]);
  });
});

describe('workload identity federation', () => {
  it('the assertion is the federated token file, re-read on every request (the platform rotates it)', async () => {
    const file = path.join(dir, 'federated-token');
    fs.writeFileSync(file, 'token-one\n');
    const { config, problems } = load({ AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: CLIENT, AZURE_FEDERATED_TOKEN_FILE: file });
    expect(problems).toEqual([]);
    expect(config.dataverse.auth).toMatchObject({ kind: 'workloadIdentity', tokenFile: file });
    const assertion = confidentialAuthOptions(config.dataverse.auth as Extract<AuthConfig, { kind: 'workloadIdentity' }>).clientAssertion as () => Promise<string>;
    expect(await assertion()).toBe('token-one');
    fs.writeFileSync(file, 'token-two');
    expect(await assertion()).toBe('token-two');
    expect(secretValues(config).filter((s) => s.startsWith('token-'))).toEqual([]);
  });

  it('a token file that is missing or empty is refused at start', () => {
    const problems: AuthProblem[] = [];
    readAuth({ AZURE_AUTH: 'workload-identity', AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: CLIENT, AZURE_FEDERATED_TOKEN_FILE: path.join(dir, 'none') }, 'BC', 'https://x/.default', problems);
    readAuth({ AZURE_AUTH: 'workload-identity', AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: CLIENT }, 'BC', 'https://x/.default', problems);
    fs.writeFileSync(path.join(dir, 'empty'), '');
    readAuth({ AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: CLIENT, AZURE_FEDERATED_TOKEN_FILE: path.join(dir, 'empty') }, 'BC', 'https://x/.default', problems);
    expect(problems.map((p) => p.problem)).toEqual([expect.stringMatching(/cannot be read \(ENOENT\)/), expect.stringMatching(/is not set/), expect.stringMatching(/is empty/)]);
  });
});

describe('national clouds and scopes', () => {
  it('AZURE_CLOUD picks the authority; each scope follows its service URL; <SERVICE>_SCOPE overrides', () => {
    const { config, problems } = loadConfig({
      ...base,
      DATAVERSE_URL: 'https://contoso.crm.microsoftdynamics.us',
      AZURE_CLOUD: 'usgov',
      AZURE_TENANT_ID: TENANT,
      AZURE_CLIENT_ID: CLIENT,
      AZURE_CLIENT_SECRET: 's',
      BC_SCOPE: 'https://bc.example.us',
    });
    expect(problems).toEqual([]);
    expect(config.dataverse.auth).toMatchObject({ authorityHost: 'https://login.microsoftonline.us', scope: 'https://contoso.crm.microsoftdynamics.us/.default' });
    expect(config.bc.auth).toMatchObject({ authorityHost: 'https://login.microsoftonline.us', scope: 'https://bc.example.us/.default' });
    const china = load({ AZURE_CLOUD: 'china', AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: CLIENT, AZURE_CLIENT_SECRET: 's' });
    expect(china.config.bc.auth).toMatchObject({ authorityHost: 'https://login.partner.microsoftonline.cn' });
    const host = load({ AZURE_AUTHORITY_HOST: 'https://login.example.test/', AZURE_CLOUD: 'usgov', AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: CLIENT, AZURE_CLIENT_SECRET: 's' });
    expect(host.config.bc.auth).toMatchObject({ authorityHost: 'https://login.example.test' });
  });

  it('an unknown cloud, a plain-http authority and a malformed scope are refused', () => {
    const env = { AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: CLIENT, AZURE_CLIENT_SECRET: 's' };
    expect(vars(load({ ...env, AZURE_CLOUD: 'mars' }).problems)).toEqual(['AZURE_CLOUD', 'AZURE_CLOUD']);
    expect(vars(load({ ...env, AZURE_AUTHORITY_HOST: 'http://login.example.test' }).problems)).toEqual(['AZURE_AUTHORITY_HOST', 'AZURE_AUTHORITY_HOST']);
    expect(vars(load({ ...env, DATAVERSE_SCOPE: 'contoso' }).problems)).toEqual(['DATAVERSE_SCOPE']);
  });
});

describe('managed identity', () => {
  it('asks the platform identity endpoint (App Service / Container Apps protocol) for the resource, with the identity header', async () => {
    const seen: { url: string; header: string | undefined }[] = [];
    const server = http.createServer((req, res) => {
      seen.push({ url: req.url ?? '', header: req.headers['x-identity-header'] as string | undefined });
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ access_token: 'mi-token', expires_on: String(Math.floor(Date.now() / 1000) + 3600), resource: 'https://contoso.crm4.dynamics.com', token_type: 'Bearer' }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const saved = { IDENTITY_ENDPOINT: process.env.IDENTITY_ENDPOINT, IDENTITY_HEADER: process.env.IDENTITY_HEADER };
    process.env.IDENTITY_ENDPOINT = `http://127.0.0.1:${(server.address() as AddressInfo).port}/msi/token`;
    process.env.IDENTITY_HEADER = 'platform-secret';
    try {
      const { config, problems } = load({ AZURE_AUTH: 'managed-identity' });
      expect(problems).toEqual([]);
      expect(config.dataverse.auth).toEqual({ kind: 'managedIdentity', clientId: null, scope: 'https://contoso.crm4.dynamics.com/.default' });
      const provider = tokenProvider(config.dataverse.auth) as ManagedIdentityTokenProvider;
      expect(provider).toBeInstanceOf(ManagedIdentityTokenProvider);
      expect(await provider.getToken()).toBe('mi-token');
      expect(seen).toHaveLength(1);
      expect(seen[0].header).toBe('platform-secret');
      expect(new URL(seen[0].url, 'http://x').searchParams.get('resource')).toBe('https://contoso.crm4.dynamics.com');
      expect(await provider.getToken()).toBe('mi-token');
      expect(seen).toHaveLength(1); // cached until it nears expiry
    } finally {
      for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
      else process.env[k] = v;
      await new Promise((r) => server.close(r));
    }
  });

  it('a refused identity request becomes a message that says what to check, without the header value', async () => {
    const server = http.createServer((_req, res) => {
      res.writeHead(400, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: 'invalid_request', error_description: 'Identity not found' }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const saved = { IDENTITY_ENDPOINT: process.env.IDENTITY_ENDPOINT, IDENTITY_HEADER: process.env.IDENTITY_HEADER };
    process.env.IDENTITY_ENDPOINT = `http://127.0.0.1:${(server.address() as AddressInfo).port}/msi/token`;
    process.env.IDENTITY_HEADER = 'platform-secret';
    try {
      const provider = tokenProvider({ kind: 'managedIdentity', clientId: CLIENT, scope: 'https://api.businesscentral.dynamics.com/.default' });
      const error = await provider.getToken().then(() => null, (e: Error) => e);
      expect(error?.message).toMatch(/^Sign-in to https:\/\/api\.businesscentral\.dynamics\.com failed \(managedIdentity/);
      expect(error?.message).toMatch(/managed identity is enabled on this resource/);
      expect(error?.message).not.toContain('platform-secret');
    } finally {
      for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
      else process.env[k] = v;
      await new Promise((r) => server.close(r));
    }
  });

  it('the stand-ins keep their static token', () => {
    expect(tokenProvider({ kind: 'static', token: 't' })).toBeInstanceOf(StaticTokenProvider);
  });
});
