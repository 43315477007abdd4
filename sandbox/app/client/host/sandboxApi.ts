/** Calls to the page server's own endpoints (session, manifest, connector, ERP console). Never Dataverse. */
export async function sandboxFetch<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const r = await fetch(`/sandbox/api/${path}`, {
    method: init.method ?? (init.body !== undefined ? 'POST' : 'GET'),
    credentials: 'same-origin',
    headers: init.body !== undefined ? { 'Content-Type': 'application/json' } : {},
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
  });
  const text = await r.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = text;
  }
  if (!r.ok) {
    const err = body as { error?: { message?: string } } | string | null;
    const message = typeof err === 'string' ? err : (err?.error?.message ?? `${r.status} ${r.statusText}`);
    throw new Error(message);
  }
  return body as T;
}
