/**
 * Page entry: publishes React 16, ReactDOM and Fluent 9 under the platform-library globals the controls' production
 * bundles reference, installs ComponentFramework.registerControl and the global Xrm, preloads the solution's RESX
 * string tables, then renders the app.
 */
import * as React from 'react';
import * as ReactDOM from 'react-dom';
import * as Fluent from '@fluentui/react-components';
import type { EntityInfo, Lcid, SolutionManifest } from '../shared/model';
import { Metadata } from './data/metadata';
import { DataverseClient } from './data/webApi';
import { preloadResx } from './host/resx';
import { sandboxFetch } from './host/sandboxApi';
import { setSession, type SessionInfo } from './host/session';
import { setLanguage, t } from './i18n';
import { installRegistry } from './pcf/registry';
import { App } from './shell/App';
import { createXrm, webResourceUrl } from './xrm/xrm';
import { hrefFor, navigate } from './app/router';

declare const __PLATFORM_ALIASES__: { react: string; reactDom: string; fluent: string };

const globals = window as unknown as Record<string, unknown>;
globals[__PLATFORM_ALIASES__.react] = React;
globals[__PLATFORM_ALIASES__.reactDom] = ReactDOM;
globals[__PLATFORM_ALIASES__.fluent] = Fluent;
installRegistry();

interface Boot {
  session: SessionInfo & { privileges?: string[]; basicPrivileges?: string[] };
  manifest: SolutionManifest;
  entities: EntityInfo[];
}

async function start(): Promise<void> {
  const root = document.getElementById('root')!;
  try {
    const boot = await sandboxFetch<Boot>('boot');
    setSession(boot.session);
    setLanguage(boot.session.lcid as Lcid);
    document.documentElement.lang = boot.session.lcid === 1036 ? 'fr' : 'en';
    document.title = t('app.title');
    const meta = new Metadata(boot.entities);
    const client = new DataverseClient(meta);
    globals.Xrm = createXrm({ client, meta, session: boot.session, openRecord: (entity, id) => (id ? navigate(hrefFor.form(entity, id)) : navigate(hrefFor.list(entity))) });
    // RESX web resources are dependencies of the JS libraries: the platform loads them with the library.
    await Promise.all(
      boot.manifest.webResources
        .filter((w) => w.type === 12 && [String(boot.session.lcid), String(boot.session.orgLcid), '1033'].some((l) => w.name.endsWith(`.${l}.resx`)))
        .map((w) => preloadResx(webResourceUrl(w.name))),
    );
    const privileges = boot.session.privileges ? new Set(boot.session.privileges.map((p) => p.toLowerCase())) : undefined;
    const basicPrivileges = new Set((boot.session.basicPrivileges ?? []).map((p) => p.toLowerCase()));
    ReactDOM.render(<App services={{ meta, client, session: boot.session, manifest: boot.manifest, privileges, basicPrivileges }} />, root);
  } catch (e) {
    root.textContent = t('app.failed', e instanceof Error ? e.message : String(e));
    root.setAttribute('role', 'alert');
  }
}

void start();
