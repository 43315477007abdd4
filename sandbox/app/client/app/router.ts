/** Hash routes: #/list/<table>[?view=<id>], #/form/<table>/<id>, #/new/<table>, #/erp. */
import * as React from 'react';

export type Route =
  | { page: 'list'; entity: string; viewId?: string }
  | { page: 'form'; entity: string; id: string }
  | { page: 'new'; entity: string }
  | { page: 'erp'; tab?: string; focus?: string }
  | { page: 'webresource'; name: string }
  | { page: 'home' };

export function parseRoute(hash: string): Route {
  const [path, query = ''] = hash.replace(/^#\/?/, '').split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const params = new URLSearchParams(query);
  if (parts[0] === 'list' && parts[1]) return { page: 'list', entity: parts[1], viewId: params.get('view') ?? undefined };
  if (parts[0] === 'form' && parts[1] && parts[2]) return { page: 'form', entity: parts[1], id: parts[2] };
  if (parts[0] === 'new' && parts[1]) return { page: 'new', entity: parts[1] };
  if (parts[0] === 'webresource' && parts[1]) return { page: 'webresource', name: parts.slice(1).join('/') };
  if (parts[0] === 'erp') return { page: 'erp', tab: parts[1], focus: params.get('no') ?? undefined };
  return { page: 'home' };
}

export const hrefFor = {
  list: (entity: string, viewId?: string) => `#/list/${entity}${viewId ? `?view=${viewId}` : ''}`,
  form: (entity: string, id: string) => `#/form/${entity}/${id.replace(/[{}]/g, '').toLowerCase()}`,
  newRecord: (entity: string) => `#/new/${entity}`,
  webResource: (name: string) => `#/webresource/${name}`,
  erp: (tab?: string, focus?: string) => `#/erp${tab ? `/${tab}` : ''}${focus ? `?no=${encodeURIComponent(focus)}` : ''}`,
};

export function navigate(href: string): void {
  window.location.hash = href.replace(/^#/, '');
}

let navigatedInApp = false;

/**
 * Whether the page moved inside the app since it loaded. On a fresh page load focus stays at the top (the skip link
 * comes first); after an in-app navigation the new page takes focus, as a screen-reader user expects.
 */
export function hasNavigatedInApp(): boolean {
  return navigatedInApp;
}

export function useRoute(): Route {
  const [route, setRoute] = React.useState(() => parseRoute(window.location.hash));
  React.useEffect(() => {
    const on = () => {
      navigatedInApp = true;
      setRoute(parseRoute(window.location.hash));
    };
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}
