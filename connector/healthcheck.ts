/**
 * `node dist/healthcheck.js`: the container's HEALTHCHECK (the runtime image has no curl). Exit 0 when the
 * connector's health endpoint answers 2xx within 4 seconds, 1 otherwise. CONNECTOR_HEALTH_URL overrides the address;
 * by default it is the loopback address on CONNECTOR_PORT (8080).
 */
export function healthUrl(env: NodeJS.ProcessEnv): string {
  return env.CONNECTOR_HEALTH_URL?.trim() || `http://127.0.0.1:${env.CONNECTOR_PORT?.trim() || '8080'}/healthz`;
}

export async function checkHealth(url: string, timeoutMs = 4000): Promise<{ ok: boolean; detail: string }> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    return { ok: res.ok, detail: `${res.status} ${res.ok ? 'healthy' : (await res.text()).slice(0, 300)}` };
  } catch (e) {
    return { ok: false, detail: (e as Error).message };
  }
}

if (require.main === module) {
  const url = healthUrl(process.env);
  void checkHealth(url).then((r) => {
    process.stdout.write(`${url}: ${r.detail}\n`);
    process.exit(r.ok ? 0 : 1);
  });
}
