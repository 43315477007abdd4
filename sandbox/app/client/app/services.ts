/** What every page component needs, passed down through one React context. */
import * as React from 'react';
import type { SolutionManifest } from '../../shared/model';
import type { Metadata } from '../data/metadata';
import type { DataverseClient } from '../data/webApi';
import type { SessionInfo } from '../host/session';

export interface AppServices {
  meta: Metadata;
  client: DataverseClient;
  session: SessionInfo;
  manifest: SolutionManifest;
  /** Privilege names of the signed-in user (from the stand-in), used by ribbon privilege rules. */
  privileges?: Set<string>;
  /** Privileges held at Basic depth only (they apply to the user's own records). */
  basicPrivileges?: Set<string>;
}

export const ServicesContext = React.createContext<AppServices | null>(null);

export function useServices(): AppServices {
  const s = React.useContext(ServicesContext);
  if (!s) throw new Error('ServicesContext is missing.');
  return s;
}
